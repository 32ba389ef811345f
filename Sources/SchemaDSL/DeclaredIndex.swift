import Schema

/// An index declared in a ``DeclaredTable``: one of the table's ``/Schema/Table/indexes``.
///
/// Its key is a list of columns, or of ``/Schema/IndexPart`` values for descending parts and
/// expressions; modifiers make it unique, partial, of another access method, and so on.
///
/// ```swift
/// DeclaredTable("devices") {
///     DeclaredColumn("account_id", .bigint).notNull()
///     DeclaredColumn("serial", .string(64)).notNull()
///     DeclaredColumn("tags", .json)
///     DeclaredColumn("retired_at", .timestamp)
///     DeclaredIndex(on: "account_id", "serial").unique()                 // devices_account_id_serial_key
///     DeclaredIndex("devices_active_idx", on: "account_id").where("retired_at IS NULL")
///     DeclaredIndex(on: .descending("retired_at"))                       // devices_retired_at_idx
///     DeclaredIndex(on: .expression("lower(serial)"))                    // devices_lower_serial_idx
///     DeclaredIndex(on: "tags").using(.gin)
/// }
/// ```
///
/// ## Generated names
///
/// Every index has a name in the model. An index declared without one is named
/// `<table>_<parts>_idx`, or `<table>_<parts>_key` when unique, where `<parts>` are the
/// key's column names joined by `_` and an expression contributes its words
/// (`lower(serial)` gives `lower_serial`). A name longer than 63 bytes (PostgreSQL's
/// limit; MySQL allows 64) is cut to 54 bytes and ends with `_` and 8 hexadecimal digits
/// of a hash of the whole name, so that two long names stay apart. The name depends only
/// on the table's name and the key, never on declaration order.
public struct DeclaredIndex: Sendable, Hashable {
    /// The name given, or nil for a generated one.
    public private(set) var name: String?
    var index: Index

    /// Declares an index over plain ascending columns.
    ///
    /// - Parameters:
    ///   - name: The index's name; nil for a generated one (see "Generated names").
    ///   - columns: The key's columns, in order.
    public init(_ name: String? = nil, on columns: String...) {
        self.init(name, on: columns)
    }

    /// Declares an index over plain ascending columns.
    public init(_ name: String? = nil, on columns: [String]) {
        self.init(name, on: columns.map { IndexPart.column($0) })
    }

    /// Declares an index over key parts: `.column("a")`, `.descending("b")`,
    /// `.expression("lower(email)")`, or parts with a collation or operator class.
    public init(_ name: String? = nil, on parts: IndexPart...) {
        self.init(name, on: parts)
    }

    /// Declares an index over key parts.
    public init(_ name: String? = nil, on parts: [IndexPart]) {
        self.name = name
        self.index = Index(name: name ?? "", parts: parts)
    }

    /// `UNIQUE`: no two rows have the same key.
    public func unique() -> DeclaredIndex {
        changed { $0.index.isUnique = true }
    }

    /// `WHERE predicate`: a partial index over the rows that meet `predicate` (PostgreSQL,
    /// SQLite).
    public func `where`(_ predicate: String) -> DeclaredIndex {
        changed { $0.index.predicate = predicate }
    }

    /// `USING method`: `.gin`, `.gist`, `.brin`, `.hash` (PostgreSQL), `.fulltext`,
    /// `.spatial` (MySQL).
    public func using(_ method: IndexMethod) -> DeclaredIndex {
        changed { $0.index.method = method }
    }

    /// PostgreSQL `INCLUDE (columns)`: non-key columns stored in the index.
    public func including(_ columns: String...) -> DeclaredIndex {
        changed { $0.index.include += columns }
    }

    /// PostgreSQL 15 `NULLS NOT DISTINCT`: NULLs are equal for uniqueness.
    public func nullsNotDistinct() -> DeclaredIndex {
        changed { $0.index.nullsNotDistinct = true }
    }

    /// MySQL `INVISIBLE`, MariaDB `IGNORED`: the planner ignores the index.
    public func invisible() -> DeclaredIndex {
        changed { $0.index.isInvisible = true }
    }

    /// PostgreSQL `WITH (name = value)`: a storage parameter, such as `fillfactor`.
    public func storageParameter(_ name: String, _ value: String) -> DeclaredIndex {
        changed { $0.index.parameters.append(StorageParameter(name: name, value: value)) }
    }

    /// The index's comment (MySQL `COMMENT`, PostgreSQL `COMMENT ON INDEX`).
    public func comment(_ comment: String) -> DeclaredIndex {
        changed { $0.index.comment = comment }
    }

    /// The model's index in `table`: the name given, or the generated one.
    func model(inTable table: String) -> Index {
        var model = index
        model.name = name ?? IndexNaming.name(table: table, parts: index.parts, isUnique: index.isUnique)
        return model
    }

    private func changed(_ change: (inout DeclaredIndex) -> Void) -> DeclaredIndex {
        var copy = self
        change(&copy)
        return copy
    }
}

/// The names of indexes declared without one.
enum IndexNaming {
    /// The longest name every engine keeps whole (PostgreSQL's 63 bytes).
    static let maximumLength = 63

    /// `<table>_<parts>_idx`, or `_key` when unique, shortened with a hash when too long.
    static func name(table: String, parts: [IndexPart], isUnique: Bool) -> String {
        let words = [table] + parts.map(word) + [isUnique ? "key" : "idx"]
        return shortened(words.joined(separator: "_"))
    }

    /// A part's contribution: its column's name, or the words of its expression.
    static func word(_ part: IndexPart) -> String {
        switch part.target {
        case .column(let name): name
        case .expression(let sql): expressionWords(sql)
        }
    }

    /// The identifier-like runs of `sql`, joined by `_`: `lower(email)` gives `lower_email`.
    static func expressionWords(_ sql: String) -> String {
        let runs = sql.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        return runs.isEmpty ? "expr" : runs.joined(separator: "_").lowercased()
    }

    /// `name` itself when it fits, else its first 54 bytes, `_`, and 8 hex digits of its hash.
    static func shortened(_ name: String) -> String {
        guard name.utf8.count > maximumLength else { return name }
        var prefix = ""
        for character in name {
            guard prefix.utf8.count + String(character).utf8.count <= maximumLength - 9 else { break }
            prefix.append(character)
        }
        return prefix + "_" + hexHash(name)
    }

    /// 32-bit FNV-1a of the UTF-8 bytes, as 8 lowercase hex digits: stable across runs.
    static func hexHash(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
