"""Two changes to mongomock's collection internals, installed once at start-up.

1. Candidate narrowing. mongomock answers every query, and every unique-index check on a
   write, by running its full matcher over every document of the collection, which makes a
   2,000-message conversation quadratic. Before the matcher runs, documents are now narrowed:
   `_id` by dictionary lookup, then through the collection's defined indexes (see indexes.py),
   then by the filter's plain top-level conditions (equality on a string or integer, numeric
   ranges). The narrowing is conservative: it only drops documents that the matcher would
   certainly reject (arrays, and any value it is unsure of, stay), and the matcher still decides
   on every survivor, so results are exactly mongomock's.

2. Which index refused a write. mongomock raises a bare DuplicateKeyError; the server names the
   index and the duplicate key (keyPattern, keyValue), which drivers and callers read. The unique
   check below is mongomock's own, with those details attached.
"""

import itertools
import numbers

import mongomock
from mongomock import collection as mongomock_collection
from mongomock import helpers
from mongomock import store as mongomock_store
from mongomock.filtering import filter_applies

from .indexes import Index, conditions_of

_RANGE_OPERATORS = {'$gt', '$gte', '$lt', '$lte'}
_positions = itertools.count()


def install():
    mongomock_collection.Collection._iter_documents = _iter_documents
    mongomock_collection.Collection._ensure_uniques = _ensure_uniques
    _wrap_store()


def _wrap_store():
    """Keeps each collection's index structures in step with every write mongomock makes to it."""
    store_class = mongomock_store.CollectionStore
    set_item, del_item, drop = store_class.__setitem__, store_class.__delitem__, store_class.drop
    create_index, drop_index = store_class.create_index, store_class.drop_index

    def __setitem__(self, key, value):
        order = _order(self)
        if key not in order:
            order[key] = next(_positions)
        set_item(self, key, value)
        for index in _structures(self).values():
            index.add(key, value)

    def __delitem__(self, key):
        del_item(self, key)
        _order(self).pop(key, None)
        for index in _structures(self).values():
            index.remove(key)

    def drop_all(self):
        drop(self)
        _structures(self).clear()
        _order(self).clear()

    def create(self, index_name, index_dict):
        create_index(self, index_name, index_dict)
        index = Index([field for field, _ in index_dict['key']])
        for key, document in self._documents.items():  # pylint: disable=protected-access
            index.add(key, document)
        _structures(self)[index_name] = index

    def drop_one(self, index_name):
        drop_index(self, index_name)
        _structures(self).pop(index_name, None)

    store_class.__setitem__ = __setitem__
    store_class.__delitem__ = __delitem__
    store_class.drop = drop_all
    store_class.create_index = create
    store_class.drop_index = drop_one


def _structures(store):
    try:
        return store.bstchat_indexes
    except AttributeError:
        store.bstchat_indexes = {}
        return store.bstchat_indexes


def _order(store):
    """Where each document stands in the collection's natural (insertion) order, which mongomock keeps."""
    try:
        return store.bstchat_order
    except AttributeError:
        store.bstchat_order = {key: next(_positions) for key in store._documents}  # pylint: disable=protected-access
        return store.bstchat_order


def _in_natural_order(store, keys):
    documents = store._documents  # pylint: disable=protected-access
    order = _order(store)
    return [documents[key] for key in sorted((k for k in keys if k in documents), key=order.__getitem__)]


def _store_key(document):
    key = document.get('_id')
    return helpers.hashdict(key) if isinstance(key, dict) else key


def _iter_documents(self, filter):  # noqa: A002 - mongomock's own parameter name
    store = self._store
    if store.is_empty:
        # mongomock validates the filter even when nothing can match.
        filter_applies(filter, {})
        return iter(())
    candidates = _by_id(store, filter)
    if candidates is None:
        candidates = _by_index(store, filter)
    if candidates is None:
        candidates = list(store.documents)
    tests = list(_narrowing_tests(filter))
    if tests:
        candidates = [doc for doc in candidates if all(test(doc) for test in tests)]
    return (doc for doc in candidates if filter_applies(filter, doc))


def _ensure_uniques(self, new_data):
    # mongomock calls this after every insert and every in-place update: the index structures
    # learn the document's new values here, then mongomock's check runs, naming the index that
    # refused the write.
    key = _store_key(new_data)
    for structure in _structures(self._store).values():
        structure.add(key, new_data)
    for name, index in self._store.indexes.items():
        if not index.get('unique'):
            continue
        keys = index.get('key')
        values = {}
        for key, _ in keys:
            try:
                values[key] = helpers.get_value_by_dot(new_data, key)
            except KeyError:
                values[key] = None
        if index.get('sparse') and set(values.values()) == {None}:
            continue
        query = dict(values)
        partial = index.get('partialFilterExpression')
        if partial is not None:
            query = {'$and': [partial, query]}
        if len(list(self._iter_documents(query))) > 1:
            details = {'index': name, 'keyPattern': dict(keys), 'keyValue': values}
            raise mongomock.DuplicateKeyError('E11000 Duplicate Key Error', 11000, details)


def _by_id(store, filter):  # noqa: A002
    """The documents a plain `_id` equality or `$in` can match, looked up instead of scanned."""
    wanted = filter.get('_id', _MISSING) if isinstance(filter, dict) else _MISSING
    if _is_plain_key(wanted):
        ids = [wanted]
    elif isinstance(wanted, dict) and set(wanted) == {'$in'} and isinstance(wanted['$in'], list) \
            and all(_is_plain_key(v) for v in wanted['$in']):
        ids = wanted['$in']
    else:
        return None
    return _in_natural_order(store, set(ids))


def _by_index(store, filter):  # noqa: A002
    """The documents the best-fitting index structure can match, or None if none fits."""
    structures = _structures(store)
    if not structures or not isinstance(filter, dict):
        return None
    conditions = conditions_of(filter)
    best = max(structures.values(), key=lambda index: index.narrows_on(conditions), default=None)
    if best is None or best.narrows_on(conditions) == 0:
        return None
    return _in_natural_order(store, best.candidates(conditions))


def _narrowing_tests(filter):  # noqa: A002
    if not isinstance(filter, dict):
        return
    for key, condition in filter.items():
        if key == '$and' and isinstance(condition, list):
            for part in condition:
                yield from _narrowing_tests(part)
        elif key.startswith('$') or '.' in key or key == '_id':
            continue
        elif _is_plain_key(condition):
            yield _equals(key, condition)
        elif isinstance(condition, dict) and condition and set(condition) <= _RANGE_OPERATORS \
                and all(_is_number(v) for v in condition.values()):
            yield _within(key, condition)


def _equals(key, value):
    def test(doc):
        current = doc.get(key, _MISSING)
        if current is _MISSING or current is None:
            return False  # equality with a string or integer never matches these
        if _is_plain_key(current):
            return current == value
        return True  # an array may hold the value; anything unusual goes to the matcher
    return test


def _within(key, bounds):
    def test(doc):
        current = doc.get(key, _MISSING)
        if current is _MISSING or current is None or isinstance(current, str):
            return False  # a numeric range never matches these
        if not _is_number(current):
            return True
        for operator, bound in bounds.items():
            if operator == '$gt' and not current > bound:
                return False
            if operator == '$gte' and not current >= bound:
                return False
            if operator == '$lt' and not current < bound:
                return False
            if operator == '$lte' and not current <= bound:
                return False
        return True
    return test


def _is_plain_key(value):
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


_MISSING = object()
