import Foundation

/// The one order in which the model keeps its name-keyed collections.
///
/// Items are ordered by a key (their name, or a few names joined), compared as Swift
/// strings: lexicographically over Unicode scalars in NFC, the same on every platform and
/// locale. Items with equal keys (unnamed SQLite constraints, or duplicates that
/// validation reports) are ordered by their canonical JSON, so the order is total: two
/// collections holding the same items end up identical whatever order they were built in.
enum CanonicalOrder {
    /// Separates the parts of a composite key; sorts before every other character.
    static let separator = "\u{0}"

    /// `items` in canonical order by `key`.
    static func sorted<T: Encodable>(_ items: [T], by key: (T) -> String) -> [T] {
        var items = items
        sort(&items, by: key)
        return items
    }

    /// Puts `items` in canonical order by `key`.
    static func sort<T: Encodable>(_ items: inout [T], by key: (T) -> String) {
        guard items.count > 1 else { return }
        let keys = items.map(key)
        if zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) { return }
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        let decorated = items.indices.map { index in
            let tie = counts[keys[index], default: 0] > 1 ? SchemaJSON.canonicalString(items[index]) : ""
            return (key: keys[index], tie: tie, item: items[index])
        }
        items = decorated.sorted { ($0.key, $0.tie) < ($1.key, $1.tie) }.map(\.item)
    }

    /// The index of the first item whose key is not below `target`, in items sorted by `key`.
    static func lowerBound<T>(of target: String, in items: [T], key: (T) -> String) -> Int {
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if key(items[middle]) < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first item whose key equals `target`, in items sorted by `key`.
    static func first<T>(_ target: String, in items: [T], key: (T) -> String) -> T? {
        let index = lowerBound(of: target, in: items, key: key)
        guard index < items.count, key(items[index]) == target else { return nil }
        return items[index]
    }
}
