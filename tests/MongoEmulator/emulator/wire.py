"""MongoDB wire-protocol framing: the messages a driver sends and the replies it expects.

Only what a modern driver uses: OP_MSG for every command, and OP_QUERY on `<db>.$cmd` for the
legacy `isMaster`/`hello` handshake, answered with OP_REPLY. OP_COMPRESSED is never negotiated
(the handshake reply offers no compressors), so it is refused.
"""

import struct

import bson
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions

OP_REPLY = 1
OP_QUERY = 2004
OP_COMPRESSED = 2012
OP_MSG = 2013

# OP_MSG flag bits.
CHECKSUM_PRESENT = 1 << 0
MORE_TO_COME = 1 << 1

HEADER = struct.Struct('<iiii')

# Binary values (session ids, GUIDs) round-trip untouched; dates come back as naive UTC.
CODEC = CodecOptions(uuid_representation=UuidRepresentation.UNSPECIFIED)


class ProtocolError(Exception):
    """A message the emulator cannot parse; the connection is closed."""


class Request:
    """One command from a client: its database, body, and how to answer it."""

    def __init__(self, request_id, op_code, database, body, reply_expected):
        self.request_id = request_id
        self.op_code = op_code
        self.database = database
        self.body = body
        self.reply_expected = reply_expected


def read_message(stream):
    """Reads one message; returns (request_id, op_code, payload) or None at end of stream."""
    header = _read_exactly(stream, HEADER.size)
    if header is None:
        return None
    length, request_id, _response_to, op_code = HEADER.unpack(header)
    if length < HEADER.size or length > 48_000_000:
        raise ProtocolError('bad message length %d' % length)
    payload = _read_exactly(stream, length - HEADER.size)
    if payload is None:
        raise ProtocolError('connection closed inside a message')
    return request_id, op_code, payload


def parse_request(request_id, op_code, payload):
    if op_code == OP_MSG:
        return _parse_msg(request_id, payload)
    if op_code == OP_QUERY:
        return _parse_query(request_id, payload)
    if op_code == OP_COMPRESSED:
        raise ProtocolError('OP_COMPRESSED was not negotiated')
    raise ProtocolError('unsupported opcode %d' % op_code)


def encode_reply(request, document, request_id):
    """The reply to `request`, in the framing it came in."""
    body = bson.encode(document, codec_options=CODEC)
    if request.op_code == OP_QUERY:
        payload = struct.pack('<iqii', 0, 0, 0, 1) + body
        return HEADER.pack(HEADER.size + len(payload), request_id, request.request_id, OP_REPLY) + payload
    payload = struct.pack('<I', 0) + b'\x00' + body
    return HEADER.pack(HEADER.size + len(payload), request_id, request.request_id, OP_MSG) + payload


def _parse_msg(request_id, payload):
    (flags,) = struct.unpack_from('<I', payload, 0)
    end = len(payload) - (4 if flags & CHECKSUM_PRESENT else 0)
    position = 4
    body = None
    sequences = {}
    while position < end:
        kind = payload[position]
        position += 1
        if kind == 0:
            (size,) = struct.unpack_from('<i', payload, position)
            body = bson.decode(payload[position:position + size], codec_options=CODEC)
            position += size
        elif kind == 1:
            (size,) = struct.unpack_from('<i', payload, position)
            section_end = position + size
            name_end = payload.index(b'\x00', position + 4)
            identifier = payload[position + 4:name_end].decode('utf-8')
            documents = []
            cursor = name_end + 1
            while cursor < section_end:
                (doc_size,) = struct.unpack_from('<i', payload, cursor)
                documents.append(bson.decode(payload[cursor:cursor + doc_size], codec_options=CODEC))
                cursor += doc_size
            sequences[identifier] = documents
            position = section_end
        else:
            raise ProtocolError('unknown OP_MSG section kind %d' % kind)
    if body is None:
        raise ProtocolError('OP_MSG without a body section')
    # Document sequences (e.g. insert's "documents") are fields of the command.
    body.update(sequences)
    database = body.get('$db', 'admin')
    return Request(request_id, OP_MSG, database, body, reply_expected=not flags & MORE_TO_COME)


def _parse_query(request_id, payload):
    name_end = payload.index(b'\x00', 4)
    namespace = payload[4:name_end].decode('utf-8')
    position = name_end + 1 + 8  # numberToSkip, numberToReturn
    (size,) = struct.unpack_from('<i', payload, position)
    query = bson.decode(payload[position:position + size], codec_options=CODEC)
    if '$query' in query:
        query = query['$query']
    database, _, collection = namespace.partition('.')
    if collection != '$cmd':
        raise ProtocolError('OP_QUERY is only supported for commands, not on %s' % namespace)
    return Request(request_id, OP_QUERY, database, query, reply_expected=True)


def _read_exactly(stream, count):
    chunks = []
    remaining = count
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            if remaining == count:
                return None
            raise ProtocolError('connection closed inside a message')
        chunks.append(chunk)
        remaining -= len(chunk)
    return b''.join(chunks)
