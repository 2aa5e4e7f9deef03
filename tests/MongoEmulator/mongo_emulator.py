#!/usr/bin/python3
"""A MongoDB emulator for tests: Debian's mongomock behind a small wire-protocol front.

It is NOT mongod. It speaks enough of the protocol for the C# driver (OP_MSG, and OP_QUERY for
the legacy handshake) and answers with mongomock's in-memory, single-threaded engine. See
README.md beside this file for what it does and does not verify.

Run with Debian's interpreter, which has python3-mongomock and python3-pymongo:

    /usr/bin/python3 tests/MongoEmulator/mongo_emulator.py --port 27017

When ready it prints one line to stdout: `BSTCHAT_MONGO_EMULATOR_READY <host>:<port>`.
"""

import argparse
import os
import signal
import socketserver
import sys
import threading
import time

from emulator import speedups
from emulator.commands import EMULATOR_NAME, Connection, Emulator
from emulator.wire import ProtocolError, encode_reply, parse_request, read_message

READY = 'BSTCHAT_MONGO_EMULATOR_READY'


class _Handler(socketserver.StreamRequestHandler):
    emulator = None
    verbose = False
    _request_ids = iter(range(1, 2 ** 31))

    def handle(self):
        connection = Connection(self.client_address)
        try:
            while True:
                message = read_message(self.rfile)
                if message is None:
                    return
                request = parse_request(*message)
                reply = self.emulator.execute(request, connection)
                if self.verbose:
                    command = next(iter(request.body), '?')
                    print('[emulator] conn %d %s.%s -> ok %s' % (connection.id, request.database, command, reply.get('ok')), file=sys.stderr)
                if request.reply_expected:
                    self.wfile.write(encode_reply(request, reply, next(self._request_ids)))
        except (ProtocolError, ConnectionError) as error:
            if self.verbose:
                print('[emulator] conn %d closed: %s' % (connection.id, error), file=sys.stderr)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _exit_when_stdin_closes():
    # The owner keeps our stdin open; when it exits (or crashes), the pipe closes and so do we.
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def _exit_when_parent_goes(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default 127.0.0.1)')
    parser.add_argument('--port', type=int, default=0, help='port; 0 (the default) picks a free one')
    parser.add_argument('--watch-stdin', action='store_true', help='exit when standard input reaches its end')
    parser.add_argument('--watch-parent', action='store_true', help='exit when the process that started this one goes away')
    parser.add_argument('--verbose', action='store_true', help='log every command to stderr')
    options = parser.parse_args()

    speedups.install()
    _Handler.emulator = Emulator()
    _Handler.verbose = options.verbose
    server = _Server((options.host, options.port), _Handler)
    host, port = server.server_address[:2]

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if options.watch_stdin:
        threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    if options.watch_parent:
        threading.Thread(target=_exit_when_parent_goes, args=(os.getppid(),), daemon=True).start()

    print('%s: %s' % (EMULATOR_NAME, 'listening'), file=sys.stderr, flush=True)
    print('%s %s:%d' % (READY, host, port), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
