"""Error documents shaped like a real server's: ok 0, code, codeName, errmsg."""

import mongomock

CODE_NAMES = {
    2: 'BadValue',
    9: 'FailedToParse',
    11000: 'DuplicateKey',
    13: 'Unauthorized',
    14: 'TypeMismatch',
    20: 'IllegalOperation',
    26: 'NamespaceNotFound',
    27: 'IndexNotFound',
    43: 'CursorNotFound',
    48: 'NamespaceExists',
    59: 'CommandNotFound',
    66: 'ImmutableField',
    72: 'InvalidOptions',
    73: 'InvalidNamespace',
    85: 'IndexOptionsConflict',
    86: 'IndexKeySpecsConflict',
    115: 'CommandNotSupported',
    238: 'NotImplemented',
}


class CommandError(Exception):
    """A command that fails as a whole: answered with ok 0."""

    def __init__(self, code, message, **extra):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def document(self):
        document = {'ok': 0.0, 'errmsg': self.message, 'code': self.code, 'codeName': CODE_NAMES.get(self.code, 'UnknownError')}
        document.update(self.extra)
        return document


def not_implemented(what):
    """Something a real server does that mongomock (or this front) does not: said plainly."""
    return CommandError(238, '[emulator] %s is not implemented by the MongoDB emulator (mongomock)' % what)


def duplicate_key(namespace, details):
    """A duplicate-key write error, as mongod words it, with the index that refused the write."""
    key_pattern = details.get('keyPattern', {'_id': 1})
    key_value = details.get('keyValue', {})
    index = details.get('index', '_id_')
    shown = ', '.join('%s: %r' % (k, v) for k, v in key_value.items())
    message = 'E11000 duplicate key error collection: %s index: %s dup key: { %s }' % (namespace, index, shown)
    return {'code': 11000, 'codeName': 'DuplicateKey', 'errmsg': message, 'keyPattern': key_pattern, 'keyValue': key_value}


def from_mongomock(error):
    """Maps mongomock's exceptions (pymongo's types) onto a server error document's fields."""
    if isinstance(error, mongomock.OperationFailure):
        code = error.code if isinstance(error.code, int) and error.code else 2
        return CommandError(code, str(error))
    if isinstance(error, NotImplementedError):
        return not_implemented(str(error) or type(error).__name__)
    if isinstance(error, (ValueError, TypeError, KeyError)):
        return CommandError(2, '[emulator] %s: %s' % (type(error).__name__, error))
    return None
