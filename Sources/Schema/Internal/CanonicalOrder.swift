import Foundation

/// The one order in which the model keeps its name-keyed collections.
///
/// Items are ordered by a key (their name, or a few names joined), compared as Swift
/// strings: lexicographically over Unicode scalars in NFC, the same on every platform and
/// locale. Items with equal keys (unnamed SQLite constraints, or duplicates that
/// validation reports) are ordered by all their content, so the order is total: two
/// collections holding the same items end up identical whatever order they were built in.
enum CanonicalOrder {
    /// Separates the parts of a composite key; sorts before every other character.
    static let separator = "\u{0}"

    /// `items` in canonical order by `key`, ties broken by `tiebreak` (else canonical JSON).
    static func sorted<T: Encodable>(
        _ items: [T],
        by key: (T) -> String,
        tiebreak: ((T) -> [String])? = nil
    ) -> [T] {
        var items = items
        sort(&items, by: key, tiebreak: tiebreak)
        return items
    }

    /// Puts `items` in canonical order by `key`, ties broken by `tiebreak`.
    ///
    /// A `tiebreak` must tell apart any two items that are not equal (``OrderKey`` builds
    /// one); without it, ties are broken by the items' canonical JSON, which always does.
    static func sort<T: Encodable>(_ items: inout [T], by key: (T) -> String, tiebreak: ((T) -> [String])? = nil) {
        guard items.count > 1 else { return }
        let tie = tiebreak ?? { [SchemaJSON.canonicalString($0)] }
        let keys = items.map(key)
        var isSorted = true
        for index in 1..<keys.count where !(keys[index - 1] < keys[index]) {
            if keys[index - 1] == keys[index], tie(items[index - 1]).lexicographicallyPrecedes(tie(items[index])) {
                continue
            }
            isSorted = false
            break
        }
        if isSorted { return }
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        let decorated = items.indices.map { index in
            let ties = counts[keys[index], default: 0] > 1 ? tie(items[index]) : []
            return (key: keys[index], ties: ties, item: items[index])
        }
        items = decorated.sorted { left, right in
            left.key != right.key ? left.key < right.key : left.ties.lexicographicallyPrecedes(right.ties)
        }.map(\.item)
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

/// A list of strings that spells out every property of an item, for breaking ties: two
/// items with the same key are equal exactly when their keys are.
///
/// Lists are written with their length first and optionals with a presence mark, so no two
/// different items share a key whatever their strings contain.
struct OrderKey {
    private(set) var parts: [String] = []

    mutating func add(_ text: String) {
        parts.append(text)
    }

    mutating func add(_ text: String?) {
        if let text {
            parts.append("1")
            parts.append(text)
        } else {
            parts.append("0")
        }
    }

    mutating func add(_ texts: [String]) {
        parts.append(String(texts.count))
        parts.append(contentsOf: texts)
    }

    mutating func add(_ flag: Bool) {
        parts.append(flag ? "1" : "0")
    }
}
