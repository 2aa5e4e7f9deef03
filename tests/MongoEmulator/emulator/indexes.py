"""Real lookups behind mongomock's indexes, so the emulator's cost follows the data a query needs.

mongomock keeps the indexes a client creates only as definitions; every query and every unique
check runs its matcher over the whole collection. Here each defined index is also kept as a
structure: documents grouped by the values of all but the index's last key, and within a group
ordered by the last key. A query with an equality on a whole prefix then reads one group, and a
range on the last key one slice of it. The structures only choose candidates; mongomock's matcher
still decides on every candidate, so answers are exactly mongomock's. Values the structure cannot
order or hash (arrays, documents, odd types) are always candidates.
"""

import bisect
import numbers

_MISSING = object()


def is_plain(value):
    """A value equality can find in a hash bucket: strings and integers (not booleans)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _hashable(value):
    return value is None or isinstance(value, (str, int, float, bool))


class _Group:
    """The documents sharing one prefix of an index, by their value of its last key."""

    def __init__(self):
        self.by_value = {}      # hashable last-key value -> set of keys
        self.numbers = []       # sorted numeric last-key values ...
        self.number_keys = []   # ... and the document keys at the same positions
        self.other = set()      # keys whose last-key value is neither hashable nor orderable here

    def add(self, key, value):
        if _hashable(value):
            self.by_value.setdefault(value, set()).add(key)
            if is_number(value):
                position = bisect.bisect_right(self.numbers, value)
                self.numbers.insert(position, value)
                self.number_keys.insert(position, key)
        else:
            self.other.add(key)

    def remove(self, key, value):
        if _hashable(value):
            keys = self.by_value.get(value)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.by_value[value]
            if is_number(value):
                position = bisect.bisect_left(self.numbers, value)
                while position < len(self.numbers) and self.numbers[position] == value:
                    if self.number_keys[position] == key:
                        del self.numbers[position]
                        del self.number_keys[position]
                        break
                    position += 1
        else:
            self.other.discard(key)

    def empty(self):
        return not self.by_value and not self.other

    def everything(self):
        keys = set(self.other)
        for bucket in self.by_value.values():
            keys.update(bucket)
        return keys

    def equal(self, value):
        return self.by_value.get(value, set()) | self.other

    def within(self, bounds):
        low, high = 0, len(self.numbers)
        for operator, bound in bounds.items():
            if operator == '$gt':
                low = max(low, bisect.bisect_right(self.numbers, bound))
            elif operator == '$gte':
                low = max(low, bisect.bisect_left(self.numbers, bound))
            elif operator == '$lt':
                high = min(high, bisect.bisect_left(self.numbers, bound))
            elif operator == '$lte':
                high = min(high, bisect.bisect_right(self.numbers, bound))
        keys = set(self.number_keys[low:high]) if low < high else set()
        # Strings, nulls and dates never satisfy a numeric range; unusual values might.
        return keys | self.other


class Index:
    """One defined index, kept as groups by prefix; documents with an unusual prefix stay apart."""

    def __init__(self, fields):
        self.fields = fields
        self.prefix = fields[:-1]
        self.last = fields[-1]
        self.groups = {}
        self.unkeyed = set()
        self.entries = {}  # document key -> (prefix tuple or None, last value)

    def add(self, key, document):
        self.remove(key)
        prefix = tuple(_value(document, field) for field in self.prefix)
        last = _value(document, self.last)
        if all(_hashable(value) for value in prefix):
            self.groups.setdefault(prefix, _Group()).add(key, last)
            self.entries[key] = (prefix, last)
        else:
            self.unkeyed.add(key)
            self.entries[key] = (None, last)

    def remove(self, key):
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        prefix, last = entry
        if prefix is None:
            self.unkeyed.discard(key)
            return
        group = self.groups[prefix]
        group.remove(key, last)
        if group.empty():
            del self.groups[prefix]

    def candidates(self, conditions):
        """Keys of the documents that can match, or None when this index cannot narrow the query."""
        prefix = []
        for field in self.prefix:
            condition = conditions.get(field)
            if condition is None or condition[0] != 'eq':
                return None
            prefix.append(condition[1])
        group = self.groups.get(tuple(prefix))
        last = conditions.get(self.last)
        if group is None:
            keys = set()
        elif last is None:
            keys = group.everything()
        elif last[0] == 'eq':
            keys = group.equal(last[1])
        else:
            keys = group.within(last[1])
        return keys | self.unkeyed

    def narrows_on(self, conditions):
        """How many of this index's keys the query constrains, if it can use it at all."""
        if any(conditions.get(field, ('',))[0] != 'eq' for field in self.prefix):
            return 0
        return len(self.prefix) + (1 if self.last in conditions else 0)


def _value(document, field):
    value = document
    for part in field.split('.'):
        if not isinstance(value, dict):
            return [] if isinstance(value, list) else None  # an array on the path: unkeyable
        value = value.get(part, _MISSING)
        if value is _MISSING:
            return None
    return value


def conditions_of(filter):  # noqa: A002 - mongomock's own name
    """The filter's plain top-level conditions: field -> ('eq', value) or ('range', bounds)."""
    found = {}
    _collect(filter, found)
    return found


_RANGE_OPERATORS = {'$gt', '$gte', '$lt', '$lte'}


def _collect(filter, found):  # noqa: A002
    if not isinstance(filter, dict):
        return
    for field, condition in filter.items():
        if field == '$and' and isinstance(condition, list):
            for part in condition:
                _collect(part, found)
        elif field.startswith('$'):
            continue
        elif is_plain(condition):
            found[field] = ('eq', condition)
        elif isinstance(condition, dict) and condition and set(condition) <= _RANGE_OPERATORS \
                and all(is_number(v) for v in condition.values()) and field not in found:
            found[field] = ('range', condition)
