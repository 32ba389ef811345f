/// One object that differs between two schemas, by name: what drift reports, and what
/// `check` names.
///
/// This is a description, not a plan: it says which objects were added, removed or
/// changed, and for a changed column which of its properties, without ordering or
/// classifying anything (that is the differ's work).
public struct SchemaDifference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the object differs.
    public enum Change: String, Sendable, Hashable, Codable {
        /// It is in the second schema only.
        case added
        /// It is in the first schema only.
        case removed
        /// It is in both, not the same.
        case changed
    }

    /// The kind of object: `table`, `column`, `index`, `primaryKey`, `uniqueConstraint`,
    /// `foreignKey`, `check`, `tableOptions`, `comment`, `view`, `enumType`, `sequence`, or an
    /// unmodelled kind (`trigger`, `function`, …).
    public var kind: String
    /// Its name, qualified by its table where it has one (`users.email`).
    public var name: String
    /// How it differs.
    public var change: Change
    /// What differs, for a change (`type string(100) → string(200); nullable → not null`).
    public var detail: String?

    /// Creates a difference.
    public init(kind: String, name: String, change: Change, detail: String? = nil) {
        self.kind = kind
        self.name = name
        self.change = change
        self.detail = detail
    }

    /// `column users.email changed: type string(100) → string(200)`.
    public var description: String {
        "\(kind) \(name) \(change.rawValue)" + (detail.map { ": \($0)" } ?? "")
    }
}

extension Schema {
    /// The objects that differ from `self` to `other`, in a stable order: enumeration
    /// types, sequences, tables (and within a table its columns, keys, indexes, checks,
    /// options and comment), views, then unmodelled objects.
    public func differences(to other: Schema) -> [SchemaDifference] {
        var out: [SchemaDifference] = []
        compare(enumTypes, other.enumTypes, kind: "enumType", key: \.name, into: &out) { _, _ in nil }
        compare(sequences, other.sequences, kind: "sequence", key: \.name, into: &out) { _, _ in nil }
        for (name, pair) in Self.pairs(tables, other.tables, key: \.name) {
            switch pair {
            case (_?, nil): out.append(SchemaDifference(kind: "table", name: name, change: .removed))
            case (nil, _?): out.append(SchemaDifference(kind: "table", name: name, change: .added))
            case (let a?, let b?) where a != b: out += a.differences(to: b)
            default: break
            }
        }
        compare(views, other.views, kind: "view", key: \.name, into: &out) { a, b in
            a.definition != b.definition ? "definition" : nil
        }
        for (_, pair) in Self.pairs(unmodelled, other.unmodelled, key: \.sortKey) {
            guard let object = pair.0 ?? pair.1 else { continue }
            let name = object.table.map { "\($0).\(object.name)" } ?? object.name
            switch pair {
            case (_?, nil): out.append(SchemaDifference(kind: object.kind.rawValue, name: name, change: .removed))
            case (nil, _?): out.append(SchemaDifference(kind: object.kind.rawValue, name: name, change: .added))
            case (let a?, let b?) where a != b: out.append(SchemaDifference(kind: object.kind.rawValue, name: name, change: .changed, detail: "definition"))
            default: break
            }
        }
        return out
    }

    private func compare<T: Hashable>(
        _ left: [T], _ right: [T], kind: String, key: (T) -> String, into out: inout [SchemaDifference],
        detail: (T, T) -> String?
    ) {
        for (name, pair) in Self.pairs(left, right, key: key) {
            switch pair {
            case (_?, nil): out.append(SchemaDifference(kind: kind, name: name, change: .removed))
            case (nil, _?): out.append(SchemaDifference(kind: kind, name: name, change: .added))
            case (let a?, let b?) where a != b: out.append(SchemaDifference(kind: kind, name: name, change: .changed, detail: detail(a, b)))
            default: break
            }
        }
    }

    /// The items of two lists matched by key, in key order (first occurrence of a key wins).
    static func pairs<T>(_ left: [T], _ right: [T], key: (T) -> String) -> [(String, (T?, T?))] {
        var byKey: [String: (T?, T?)] = [:]
        for item in left where byKey[key(item)] == nil { byKey[key(item)] = (item, nil) }
        for item in right {
            let k = key(item)
            if let existing = byKey[k] {
                if existing.1 == nil { byKey[k] = (existing.0, item) }
            } else {
                byKey[k] = (nil, item)
            }
        }
        return byKey.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension Table {
    /// The differences of this table's parts to `other`'s (same table name).
    public func differences(to other: Table) -> [SchemaDifference] {
        var out: [SchemaDifference] = []
        let columnPairs = Schema.pairs(columns, other.columns, key: \.name)
        for (name, pair) in columnPairs {
            let qualified = "\(self.name).\(name)"
            switch pair {
            case (_?, nil): out.append(SchemaDifference(kind: "column", name: qualified, change: .removed))
            case (nil, _?): out.append(SchemaDifference(kind: "column", name: qualified, change: .added))
            case (let a?, let b?) where a != b:
                out.append(SchemaDifference(kind: "column", name: qualified, change: .changed, detail: a.changes(to: b)))
            default: break
            }
        }
        if columns.map(\.name) != other.columns.map(\.name),
           Set(columns.map(\.name)) == Set(other.columns.map(\.name)) {
            out.append(SchemaDifference(kind: "table", name: name, change: .changed, detail: "column order"))
        }
        if primaryKey != other.primaryKey {
            let change: SchemaDifference.Change = primaryKey == nil ? .added : other.primaryKey == nil ? .removed : .changed
            out.append(SchemaDifference(kind: "primaryKey", name: name, change: change,
                                        detail: change == .changed ? "columns (\((primaryKey?.columns ?? []).joined(separator: ", "))) → (\((other.primaryKey?.columns ?? []).joined(separator: ", ")))" : nil))
        }
        part(uniqueConstraints, other.uniqueConstraints, kind: "uniqueConstraint", key: { $0.name ?? "(" + $0.columns.joined(separator: ", ") + ")" }, into: &out)
        part(indexes, other.indexes, kind: "index", key: \.name, into: &out)
        part(foreignKeys, other.foreignKeys, kind: "foreignKey", key: { $0.name ?? "(" + $0.columns.joined(separator: ", ") + ") → " + $0.referencedTable }, into: &out)
        part(checks, other.checks, kind: "check", key: { $0.name ?? $0.expression }, into: &out)
        if options != other.options {
            out.append(SchemaDifference(kind: "tableOptions", name: name, change: .changed))
        }
        if comment != other.comment {
            out.append(SchemaDifference(kind: "comment", name: name, change: comment == nil ? .added : other.comment == nil ? .removed : .changed))
        }
        if unsupported != other.unsupported {
            out.append(SchemaDifference(kind: "table", name: name, change: .changed, detail: other.unsupported.map { "now unsupported: \($0)" } ?? "now supported"))
        }
        return out
    }

    private func part<T: Hashable>(_ left: [T], _ right: [T], kind: String, key: (T) -> String, into out: inout [SchemaDifference]) {
        for (itemName, pair) in Schema.pairs(left, right, key: key) {
            let qualified = "\(name).\(itemName)"
            switch pair {
            case (_?, nil): out.append(SchemaDifference(kind: kind, name: qualified, change: .removed))
            case (nil, _?): out.append(SchemaDifference(kind: kind, name: qualified, change: .added))
            case (let a?, let b?) where a != b: out.append(SchemaDifference(kind: kind, name: qualified, change: .changed))
            default: break
            }
        }
    }
}

extension Column {
    /// Which properties differ, `property old → new`, joined by `; `.
    public func changes(to other: Column) -> String {
        var parts: [String] = []
        if type != other.type { parts.append("type \(type.displayName) → \(other.type.displayName)") }
        if isNullable != other.isNullable { parts.append(isNullable ? "null → not null" : "not null → null") }
        if defaultValue != other.defaultValue {
            parts.append("default \(defaultValue.map(Self.describe) ?? "none") → \(other.defaultValue.map(Self.describe) ?? "none")")
        }
        if onUpdate != other.onUpdate { parts.append("on update") }
        if identity != other.identity {
            parts.append("identity \(identity?.kind.rawValue ?? "none") → \(other.identity?.kind.rawValue ?? "none")")
        }
        if collation != other.collation { parts.append("collation \(collation ?? "default") → \(other.collation ?? "default")") }
        if characterSet != other.characterSet { parts.append("character set \(characterSet ?? "default") → \(other.characterSet ?? "default")") }
        if comment != other.comment { parts.append("comment") }
        return parts.joined(separator: "; ")
    }

    private static func describe(_ value: ColumnDefault) -> String {
        switch value {
        case .null: "NULL"
        case .string(let text): "'" + text + "'"
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        case .currentDate: "CURRENT_DATE"
        case .currentTime: "CURRENT_TIME"
        case .nextValue(let sequence): "nextval(\(sequence))"
        case .expression(let sql): sql
        }
    }
}
