#!/usr/bin/python3
"""Checks that the emulator's lookups (emulator/indexes.py, emulator/speedups.py) change no answer.

Random documents (with the value types the narrowing treats specially: numbers of both kinds,
strings, nulls, booleans, arrays, documents), random inserts, updates and deletes, then a set of
queries; every seed runs on plain mongomock, then again once the speedups are installed, and
the answers (ids in order, and which inserts a unique index refused) must be identical.
Exit code 0 when they are. Run: /usr/bin/python3 tests/MongoEmulator/fidelity_check.py
"""

import random
import sys

VALUES = [1, 2, 2.0, '1', 'x', None, [1, 2], {'k': 1}, True, 3.5]
QUERIES = [
    {'a': 1}, {'a': 'x'}, {'a': 1, 'b': 2}, {'a': 2, 'b': {'$gt': 1, '$lte': 3}}, {'a': '1', 'b': {'$lt': 2}},
    {'b': {'$gte': 2}}, {'a': None}, {'a': 1, 'b': None}, {'u': 5}, {'$and': [{'a': 2}, {'b': 2}]},
    {'_id': {'$in': ['i3', 'i1', 'i9']}}, {'_id': 'i4'}, {'a': True}, {'a': 2, 'b': {'$in': [2, 'x']}},
]


def answers(seed):
    import mongomock
    rng = random.Random(seed)
    collection = mongomock.MongoClient()['d']['x']
    collection.create_index([('a', 1), ('b', 1)])
    collection.create_index([('u', 1)], unique=True, partialFilterExpression={'u': {'$exists': True}})
    out = []
    for i in range(300):
        document = {'_id': 'i%d' % i}
        for field in 'ab':
            if rng.random() < 0.8:
                document[field] = rng.choice(VALUES)
        if rng.random() < 0.3:
            document['u'] = rng.randrange(150)
        try:
            collection.insert_one(document)
            out.append('inserted')
        except mongomock.DuplicateKeyError:
            out.append('refused')
        if rng.random() < 0.2:
            collection.update_one({'_id': 'i%d' % rng.randrange(i + 1)}, {'$set': {'a': rng.choice(VALUES), 'b': rng.choice(VALUES)}})
        if rng.random() < 0.1:
            collection.delete_one({'_id': 'i%d' % rng.randrange(i + 1)})
    for query in QUERIES:
        out.append([d['_id'] for d in collection.find(query)])
    return out


def main():
    seeds = range(1, 7)
    plain = [answers(seed) for seed in seeds]
    from emulator import speedups
    speedups.install()
    for seed, expected in zip(seeds, plain):
        if answers(seed) != expected:
            print('seed %d: the emulator answers differently from plain mongomock' % seed)
            return 1
    print('the emulator answered as plain mongomock for %d seeds' % len(seeds))
    return 0


if __name__ == '__main__':
    sys.exit(main())
