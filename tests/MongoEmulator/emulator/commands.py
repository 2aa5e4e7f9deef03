"""The commands a MongoDB driver sends, answered by mongomock.

mongomock is not thread-safe, and a driver opens several connections: every command runs under
one lock, which also gives what a real server gives per document (a findAndModify or a
conditional update is atomic against every other command). It does not give a real server's
concurrency: commands never overlap here.
"""

import datetime
import itertools
import random
import threading

import bson
import mongomock
from mongomock import aggregate as mongomock_aggregate
from mongomock.filtering import filter_applies
from pymongo import ReturnDocument

from .errors import CommandError, duplicate_key, from_mongomock, not_implemented

MAX_WIRE_VERSION = 17  # MongoDB 6.0's; drivers of today accept it
MAX_BSON_SIZE = 16 * 1024 * 1024
MAX_MESSAGE_SIZE = 48_000_000
DEFAULT_FIRST_BATCH = 101
# Replies stay well inside the message limit; one batch is at most this many bytes of documents.
MAX_BATCH_BYTES = 8 * 1024 * 1024
EMULATOR_NAME = 'BstChat MongoEmulator over mongomock %s (an emulator, not mongod)' % mongomock.__version__


class Connection:
    _ids = itertools.count(1)

    def __init__(self, peer):
        self.id = next(Connection._ids)
        self.peer = peer


class Emulator:
    """One in-memory server: mongomock's client, the open cursors, and the lock."""

    def __init__(self):
        self.client = mongomock.MongoClient()
        self.lock = threading.Lock()
        self.cursors = {}

    def execute(self, request, connection):
        body = request.body
        name = next(iter(body), None)
        handler = _HANDLERS.get(name)
        try:
            if handler is None:
                raise CommandError(59, "no such command: '%s'" % name)
            if 'txnNumber' in body or body.get('startTransaction'):
                # What a standalone mongod answers: transactions need a replica set.
                raise CommandError(20, 'Transaction numbers are only allowed on a replica set member or mongos')
            with self.lock:
                reply = handler(self, request.database, body, connection)
        except CommandError as error:
            return error.document()
        except mongomock.DuplicateKeyError as error:
            namespace = '%s.%s' % (request.database, body.get(name))
            return dict(ok=0.0, **duplicate_key(namespace, error.details or {}))
        except Exception as error:  # pylint: disable=broad-except
            mapped = from_mongomock(error)
            if mapped is None:
                raise
            return mapped.document()
        reply.setdefault('ok', 1.0)
        return reply

    # --- cursors ----------------------------------------------------------------------------

    def open_cursor(self, namespace, documents, batch_size, single_batch=False):
        first = _take_batch(documents, batch_size if batch_size is not None else DEFAULT_FIRST_BATCH)
        rest = documents[len(first):]
        cursor_id = 0
        if rest and not single_batch:
            cursor_id = random.randint(1, 2 ** 62)
            self.cursors[cursor_id] = (namespace, rest)
        return {'cursor': {'id': bson.int64.Int64(cursor_id), 'ns': namespace, 'firstBatch': first}}


def _take_batch(documents, batch_size):
    batch = []
    size = 0
    for document in documents:
        if batch_size and len(batch) >= batch_size:
            break
        size += len(bson.encode(document))
        if batch and size > MAX_BATCH_BYTES:
            break
        batch.append(document)
    return batch


def _database(emulator, name):
    return emulator.client[name]


def _collection(emulator, database, body, command):
    name = body[command]
    if not isinstance(name, str) or not name:
        raise CommandError(73, 'collection name has invalid type %s' % type(name).__name__)
    return emulator.client[database][name]


def _sort_list(sort):
    return list(sort.items()) if sort else None


def _reject_unsupported(body, *options):
    for option in options:
        if body.get(option):
            raise not_implemented("the '%s' option" % option)


# --- handshake and diagnostics ---------------------------------------------------------------

def _hello(emulator, database, body, connection, legacy=False):
    reply = {
        'helloOk': True,
        'maxBsonObjectSize': MAX_BSON_SIZE,
        'maxMessageSizeBytes': MAX_MESSAGE_SIZE,
        'maxWriteBatchSize': 100_000,
        'localTime': datetime.datetime.utcnow(),
        'logicalSessionTimeoutMinutes': 30,
        'connectionId': connection.id,
        'minWireVersion': 0,
        'maxWireVersion': MAX_WIRE_VERSION,
        'readOnly': False,
    }
    reply['ismaster' if legacy else 'isWritablePrimary'] = True
    return reply


def _is_master(emulator, database, body, connection):
    return _hello(emulator, database, body, connection, legacy=True)


def _build_info(emulator, database, body, connection):
    return {
        'version': '6.0.0',
        'versionArray': [6, 0, 0, 0],
        'gitVersion': 'mongomock-' + mongomock.__version__,
        'emulator': EMULATOR_NAME,
        'bits': 64,
        'maxBsonObjectSize': MAX_BSON_SIZE,
    }


def _ok(emulator, database, body, connection):
    return {}


def _start_session(emulator, database, body, connection):
    return {'id': {'id': bson.Binary(random.randbytes(16), 4)}, 'timeoutMinutes': 30}


def _whats_my_uri(emulator, database, body, connection):
    return {'you': '%s:%d' % connection.peer}


def _connection_status(emulator, database, body, connection):
    return {'authInfo': {'authenticatedUsers': [], 'authenticatedUserRoles': []}}


def _explain(emulator, database, body, connection):
    raise not_implemented('explain (mongomock has no query planner; check plans against a real mongod)')


# --- reads -----------------------------------------------------------------------------------

def _find(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'find')
    _reject_unsupported(body, 'collation', 'let', 'tailable', 'awaitData')
    limit = body.get('limit', 0) or 0
    single_batch = body.get('singleBatch', False)
    if limit < 0:
        limit, single_batch = -limit, True
    cursor = collection.find(
        body.get('filter') or {},
        projection=body.get('projection') or None,
        skip=body.get('skip', 0) or 0,
        limit=limit,
        sort=_sort_list(body.get('sort')))
    documents = list(cursor)
    batch_size = body.get('batchSize')
    if limit and (batch_size is None or batch_size > limit):
        batch_size = limit
    return emulator.open_cursor('%s.%s' % (database, collection.name), documents, batch_size, single_batch)


def _aggregate(emulator, database, body, connection):
    if body['aggregate'] == 1:
        raise not_implemented('database-level aggregate')
    collection = _collection(emulator, database, body, 'aggregate')
    _reject_unsupported(body, 'collation', 'let', 'explain')
    pipeline = body.get('pipeline')
    if not isinstance(pipeline, list):
        raise CommandError(14, "'pipeline' option must be specified as an array")
    # A leading $match is a find: it reaches mongomock's matcher through the narrowed scan.
    if pipeline and list(pipeline[0]) == ['$match']:
        documents = list(collection.find(pipeline[0]['$match']))
        pipeline = pipeline[1:]
    else:
        documents = list(collection.find())
    results = list(mongomock_aggregate.process_pipeline(documents, collection.database, pipeline, None))
    batch_size = (body.get('cursor') or {}).get('batchSize')
    return emulator.open_cursor('%s.%s' % (database, collection.name), results, batch_size)


def _get_more(emulator, database, body, connection):
    cursor_id = int(body['getMore'])
    if cursor_id not in emulator.cursors:
        raise CommandError(43, 'cursor id %d not found' % cursor_id)
    namespace, remaining = emulator.cursors.pop(cursor_id)
    batch = _take_batch(remaining, body.get('batchSize'))
    rest = remaining[len(batch):]
    if rest:
        emulator.cursors[cursor_id] = (namespace, rest)
    else:
        cursor_id = 0
    return {'cursor': {'id': bson.int64.Int64(cursor_id), 'ns': namespace, 'nextBatch': batch}}


def _kill_cursors(emulator, database, body, connection):
    killed, missing = [], []
    for cursor_id in body.get('cursors', []):
        (killed if emulator.cursors.pop(int(cursor_id), None) is not None else missing).append(cursor_id)
    return {'cursorsKilled': killed, 'cursorsNotFound': missing, 'cursorsAlive': [], 'cursorsUnknown': []}


def _count(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'count')
    kwargs = {}
    if body.get('skip'):
        kwargs['skip'] = body['skip']
    if body.get('limit'):
        kwargs['limit'] = abs(body['limit'])
    return {'n': collection.count_documents(body.get('query') or {}, **kwargs)}


def _distinct(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'distinct')
    return {'values': collection.distinct(body['key'], body.get('query') or {})}


# --- writes ----------------------------------------------------------------------------------

def _write_error(index, error, namespace):
    if isinstance(error, mongomock.DuplicateKeyError):
        return dict(index=index, **duplicate_key(namespace, error.details or {}))
    mapped = from_mongomock(error)
    if mapped is None:
        raise error
    return {'index': index, 'code': mapped.code, 'errmsg': mapped.message}


def _insert(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'insert')
    namespace = '%s.%s' % (database, collection.name)
    inserted, errors = 0, []
    for index, document in enumerate(body.get('documents', [])):
        try:
            collection.insert_one(document)
            inserted += 1
        except mongomock.DuplicateKeyError as error:
            details = error.details or {'keyPattern': {'_id': 1}, 'keyValue': {'_id': document.get('_id')}}
            errors.append(dict(index=index, **duplicate_key(namespace, details)))
        except Exception as error:  # pylint: disable=broad-except
            errors.append(_write_error(index, error, namespace))
        if errors and body.get('ordered', True):
            break
    reply = {'n': inserted}
    if errors:
        reply['writeErrors'] = errors
    return reply


def _update(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'update')
    namespace = '%s.%s' % (database, collection.name)
    matched, modified, upserted, errors = 0, 0, [], []
    for index, statement in enumerate(body.get('updates', [])):
        try:
            for option in ('arrayFilters', 'collation', 'hint'):
                if statement.get(option):
                    raise not_implemented("the update option '%s'" % option)
            update = statement['u']
            if isinstance(update, list):
                raise not_implemented('pipeline-style updates')
            upsert = statement.get('upsert', False)
            if not any(key.startswith('$') for key in update):
                result = collection.replace_one(statement['q'], update, upsert=upsert)
            elif statement.get('multi'):
                result = collection.update_many(statement['q'], update, upsert=upsert)
            else:
                result = collection.update_one(statement['q'], update, upsert=upsert)
            if result.upserted_id is not None:
                upserted.append({'index': index, '_id': result.upserted_id})
                matched += 1
            else:
                matched += result.matched_count
                modified += result.modified_count
        except CommandError as error:
            errors.append({'index': index, 'code': error.code, 'errmsg': error.message})
        except Exception as error:  # pylint: disable=broad-except
            errors.append(_write_error(index, error, namespace))
        if errors and body.get('ordered', True):
            break
    reply = {'n': matched, 'nModified': modified}
    if upserted:
        reply['upserted'] = upserted
    if errors:
        reply['writeErrors'] = errors
    return reply


def _delete(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'delete')
    removed = 0
    for statement in body.get('deletes', []):
        if statement.get('collation') or statement.get('hint'):
            raise not_implemented('delete with collation or hint')
        if statement.get('limit', 0) == 1:
            removed += collection.delete_one(statement['q']).deleted_count
        else:
            removed += collection.delete_many(statement['q']).deleted_count
    return {'n': removed}


def _find_and_modify(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'findAndModify')
    _reject_unsupported(body, 'arrayFilters', 'collation', 'hint', 'let')
    query = body.get('query') or {}
    sort = _sort_list(body.get('sort'))
    fields = body.get('fields') or None
    existing = collection.find_one(query, sort=sort)
    if body.get('remove'):
        value = collection.find_one_and_delete(query, projection=fields, sort=sort)
        return {'lastErrorObject': {'n': 1 if value is not None else 0}, 'value': value}

    update = body.get('update')
    if isinstance(update, list):
        raise not_implemented('pipeline-style updates')
    if not isinstance(update, dict):
        raise CommandError(9, "Either an update or remove=true must be specified")
    upsert = body.get('upsert', False)
    replace = not any(key.startswith('$') for key in update)
    modify = collection.find_one_and_replace if replace else collection.find_one_and_update
    after = modify(query, update, projection=None, sort=sort, upsert=upsert, return_document=ReturnDocument.AFTER)
    if existing is not None:
        last_error = {'n': 1, 'updatedExisting': True}
        value = after if body.get('new') else existing
    elif after is not None:
        last_error = {'n': 1, 'updatedExisting': False, 'upserted': after['_id']}
        value = after if body.get('new') else None
    else:
        last_error = {'n': 0, 'updatedExisting': False}
        value = None
    if value is not None and fields:
        value = _project(collection, value, fields)
    return {'lastErrorObject': last_error, 'value': value}


def _project(collection, document, fields):
    # The same projection mongomock's find applies, on one document.
    return collection._copy_only_fields(document, fields, dict)  # pylint: disable=protected-access


# --- collections, indexes, databases ---------------------------------------------------------

def _index_options(spec):
    return {k: spec[k] for k in ('unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds') if spec.get(k) not in (None, False)}


def _create_indexes(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'createIndexes')
    existed = collection.name in emulator.client[database].list_collection_names()
    before = len(collection.index_information()) if existed else 0
    for spec in body.get('indexes', []):
        if spec.get('collation'):
            raise not_implemented('index collation')
        key = list(spec['key'].items())
        name = spec.get('name') or '_'.join('%s_%s' % pair for pair in key)
        options = _index_options(spec)
        current = collection.index_information() if existed else {}
        if name in current:
            known = current[name]
            if list(known['key']) != key:
                raise CommandError(86, 'An existing index has the same name as the requested index but a different key: %s' % name)
            if _index_options(known) != options:
                raise CommandError(85, 'An existing index has the same name but different options: %s' % name)
            continue
        for other_name, known in current.items():
            if list(known['key']) == key and other_name != '_id_':
                raise CommandError(85, 'Index already exists with a different name: %s' % other_name)
        collection.create_index(key, name=name, **options)
        existed = True
    return {'createdCollectionAutomatically': not existed, 'numIndexesBefore': before or 1,
            'numIndexesAfter': len(collection.index_information())}


def _list_indexes(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'listIndexes')
    if collection.name not in emulator.client[database].list_collection_names():
        raise CommandError(26, 'ns does not exist: %s.%s' % (database, collection.name))
    indexes = [dict(index) for index in collection.list_indexes()]
    for index in indexes:
        index['key'] = dict(index['key'])
    return emulator.open_cursor('%s.%s' % (database, collection.name), indexes, None)


def _drop_indexes(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'dropIndexes')
    index = body.get('index')
    before = len(collection.index_information())
    try:
        if index == '*':
            collection.drop_indexes()
        elif isinstance(index, list):
            for name in index:
                collection.drop_index(name)
        elif isinstance(index, dict):
            collection.drop_index(list(index.items()))
        else:
            collection.drop_index(index)
    except mongomock.OperationFailure as error:
        raise CommandError(27, str(error)) from error
    return {'nIndexesWas': before}


def _create(emulator, database, body, connection):
    name = body['create']
    db = _database(emulator, database)
    if name in db.list_collection_names():
        raise CommandError(48, 'Collection %s.%s already exists.' % (database, name))
    db.create_collection(name)
    return {}


def _drop(emulator, database, body, connection):
    collection = _collection(emulator, database, body, 'drop')
    indexes = len(collection.index_information()) if collection.name in emulator.client[database].list_collection_names() else 0
    collection.drop()
    return {'ns': '%s.%s' % (database, collection.name), 'nIndexesWas': indexes}


def _drop_database(emulator, database, body, connection):
    emulator.client.drop_database(database)
    return {'dropped': database}


def _list_collections(emulator, database, body, connection):
    entries = [
        {'name': name, 'type': 'collection', 'options': {}, 'info': {'readOnly': False}}
        for name in sorted(_database(emulator, database).list_collection_names())
    ]
    wanted = body.get('filter') or {}
    entries = [entry for entry in entries if filter_applies(wanted, entry)]
    if body.get('nameOnly'):
        entries = [{'name': entry['name'], 'type': entry['type']} for entry in entries]
    batch_size = (body.get('cursor') or {}).get('batchSize')
    return emulator.open_cursor('%s.$cmd.listCollections' % database, entries, batch_size)


def _list_databases(emulator, database, body, connection):
    entries = [{'name': name, 'sizeOnDisk': 0, 'empty': False} for name in sorted(emulator.client.list_database_names())]
    wanted = body.get('filter') or {}
    entries = [entry for entry in entries if filter_applies(wanted, entry)]
    if body.get('nameOnly'):
        entries = [{'name': entry['name']} for entry in entries]
    return {'databases': entries, 'totalSize': 0}


_HANDLERS = {
    'hello': _hello,
    'isMaster': _is_master,
    'ismaster': _is_master,
    'buildInfo': _build_info,
    'buildinfo': _build_info,
    'ping': _ok,
    'endSessions': _ok,
    'killSessions': _ok,
    'killAllSessions': _ok,
    'refreshSessions': _ok,
    'startSession': _start_session,
    'whatsmyuri': _whats_my_uri,
    'connectionStatus': _connection_status,
    'explain': _explain,
    'find': _find,
    'aggregate': _aggregate,
    'getMore': _get_more,
    'killCursors': _kill_cursors,
    'count': _count,
    'distinct': _distinct,
    'insert': _insert,
    'update': _update,
    'delete': _delete,
    'findAndModify': _find_and_modify,
    'findandmodify': _find_and_modify,
    'createIndexes': _create_indexes,
    'listIndexes': _list_indexes,
    'dropIndexes': _drop_indexes,
    'create': _create,
    'drop': _drop,
    'dropDatabase': _drop_database,
    'listCollections': _list_collections,
    'listDatabases': _list_databases,
}
