import Schema

/// A table declared in a ``DeclaredSchema``: its columns, keys, indexes and checks, in a
/// result builder, then its comment and engine options as modifiers.
///
/// ```swift
/// DeclaredTable("devices", renamedFrom: "gadgets") {
///     DeclaredColumn("id", .uuid).primaryKey()
///     DeclaredColumn("account_id", .bigint).notNull().references("accounts", onDelete: .cascade)
///     DeclaredColumn("serial", .string(64), renamedFrom: "serial_no").notNull()
///     DeclaredIndex(on: "account_id", "serial").unique()
///     DeclaredCheck("serial <> ''")
///     if withAudit {
///         DeclaredColumn("updated_at", .timestamp).notNull().default(.now)
///     }
/// }
/// .comment("Registered devices")
/// .engine(.innoDB)
/// .characterSet(.utf8mb4)
/// .collation(.utf8mb4UnicodeCI)
/// ```
///
/// The content may also hold the model's own values (``/Schema/Column``, ``/Schema/PrimaryKey``,
/// ``/Schema/UniqueConstraint``, ``/Schema/Index``, ``/Schema/ForeignKey``, ``/Schema/Check``),
/// taken as they are. Columns keep the order in which they are declared; everything else is kept by
/// the model in order of name.
///
/// Engine options map onto ``/Schema/TableOptions``: ``engine(_:)``, ``characterSet(_:)``,
/// ``collation(_:)`` and ``rowFormat(_:)`` (MySQL), ``strict()`` and ``withoutRowID()``
/// (SQLite), ``unlogged()`` and ``storageParameter(_:_:)`` (PostgreSQL).
public struct DeclaredTable: Sendable, Hashable {
    /// The table's name.
    public private(set) var name: String
    /// The table's previous name, when it is being renamed.
    public private(set) var renamedFrom: String?
    var elements: [TableElement]
    var comment: String?
    var options = TableOptions()

    /// Declares a table.
    ///
    /// - Parameters:
    ///   - name: The table's name.
    ///   - renamedFrom: The name it had before, when it is being renamed.
    ///   - content: Its columns, keys, indexes and checks.
    public init(_ name: String, renamedFrom: String? = nil, @DeclaredTableBuilder _ content: () -> [TableElement]) {
        self.name = name
        self.renamedFrom = renamedFrom
        self.elements = content()
    }

    /// The table's comment (PostgreSQL `COMMENT ON TABLE`, MySQL `COMMENT=`).
    public func comment(_ comment: String) -> DeclaredTable {
        changed { $0.comment = comment }
    }

    /// MySQL `ENGINE=`: the table's storage engine.
    public func engine(_ engine: StorageEngine) -> DeclaredTable {
        changed { $0.options.storageEngine = engine.rawValue }
    }

    /// MySQL `DEFAULT CHARSET=`: the default character set of its text columns.
    public func characterSet(_ charset: Charset) -> DeclaredTable {
        changed { $0.options.characterSet = charset.rawValue }
    }

    /// MySQL `COLLATE=`: the default collation of its text columns.
    public func collation(_ collation: Collation) -> DeclaredTable {
        changed { $0.options.collation = collation.rawValue }
    }

    /// MySQL `ROW_FORMAT=`.
    public func rowFormat(_ format: RowFormat) -> DeclaredTable {
        changed { $0.options.rowFormat = format.rawValue }
    }

    /// SQLite `STRICT`: values must match the declared types.
    public func strict() -> DeclaredTable {
        changed { $0.options.isStrict = true }
    }

    /// SQLite `WITHOUT ROWID`: stored in primary key order.
    public func withoutRowID() -> DeclaredTable {
        changed { $0.options.isWithoutRowID = true }
    }

    /// PostgreSQL `UNLOGGED`: not written to the WAL, emptied after a crash.
    public func unlogged() -> DeclaredTable {
        changed { $0.options.isUnlogged = true }
    }

    /// PostgreSQL `WITH (name = value)`: a storage parameter, such as `fillfactor`.
    public func storageParameter(_ name: String, _ value: String) -> DeclaredTable {
        changed { $0.options.parameters.append(StorageParameter(name: name, value: value)) }
    }

    private func changed(_ change: (inout DeclaredTable) -> Void) -> DeclaredTable {
        var copy = self
        change(&copy)
        return copy
    }
}

/// One thing declared inside a ``DeclaredTable``: what ``DeclaredTableBuilder`` collects.
/// Made by the builder from the values written in the table's body; not made directly.
public struct TableElement: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case column(DeclaredColumn)
        case primaryKey(PrimaryKey)
        case unique(UniqueConstraint)
        case index(DeclaredIndex)
        case foreignKey(DeclaredForeignKey)
        case check(Check)
    }

    let kind: Kind
}

/// The result builder of a ``DeclaredTable``'s body: columns, keys, indexes and checks,
/// with `if`, `if`/`else`, `switch`, `for` and `#available` as in any result builder.
@resultBuilder
public enum DeclaredTableBuilder {
    /// A declared column.
    public static func buildExpression(_ column: DeclaredColumn) -> [TableElement] {
        [TableElement(kind: .column(column))]
    }

    /// A model column, taken as it is.
    public static func buildExpression(_ column: Column) -> [TableElement] {
        buildExpression(DeclaredColumn(modelColumn: column))
    }

    /// A declared primary key.
    public static func buildExpression(_ key: DeclaredPrimaryKey) -> [TableElement] {
        [TableElement(kind: .primaryKey(key.primaryKey))]
    }

    /// A model primary key.
    public static func buildExpression(_ key: PrimaryKey) -> [TableElement] {
        [TableElement(kind: .primaryKey(key))]
    }

    /// A declared unique constraint.
    public static func buildExpression(_ constraint: DeclaredUnique) -> [TableElement] {
        [TableElement(kind: .unique(constraint.constraint))]
    }

    /// A model unique constraint.
    public static func buildExpression(_ constraint: UniqueConstraint) -> [TableElement] {
        [TableElement(kind: .unique(constraint))]
    }

    /// A declared index.
    public static func buildExpression(_ index: DeclaredIndex) -> [TableElement] {
        [TableElement(kind: .index(index))]
    }

    /// A model index, with its name (an empty name is generated as for a ``DeclaredIndex``).
    public static func buildExpression(_ index: Index) -> [TableElement] {
        [TableElement(kind: .index(DeclaredIndex(modelIndex: index)))]
    }

    /// A declared foreign key.
    public static func buildExpression(_ key: DeclaredForeignKey) -> [TableElement] {
        [TableElement(kind: .foreignKey(key))]
    }

    /// A model foreign key, with its referenced columns as given.
    public static func buildExpression(_ key: ForeignKey) -> [TableElement] {
        [TableElement(kind: .foreignKey(DeclaredForeignKey(modelKey: key)))]
    }

    /// A declared check.
    public static func buildExpression(_ check: DeclaredCheck) -> [TableElement] {
        [TableElement(kind: .check(check.check))]
    }

    /// A model check.
    public static func buildExpression(_ check: Check) -> [TableElement] {
        [TableElement(kind: .check(check))]
    }

    /// Elements made elsewhere, such as by a function that is itself a builder.
    public static func buildExpression(_ elements: [TableElement]) -> [TableElement] {
        elements
    }

    /// The body's statements, in order.
    public static func buildBlock(_ parts: [TableElement]...) -> [TableElement] {
        parts.flatMap { $0 }
    }

    /// An `if` without `else`.
    public static func buildOptional(_ part: [TableElement]?) -> [TableElement] {
        part ?? []
    }

    /// The first branch of an `if`/`else` or `switch`.
    public static func buildEither(first part: [TableElement]) -> [TableElement] {
        part
    }

    /// The second branch of an `if`/`else` or `switch`.
    public static func buildEither(second part: [TableElement]) -> [TableElement] {
        part
    }

    /// A `for` loop.
    public static func buildArray(_ parts: [[TableElement]]) -> [TableElement] {
        parts.flatMap { $0 }
    }

    /// An `if #available` branch.
    public static func buildLimitedAvailability(_ part: [TableElement]) -> [TableElement] {
        part
    }
}

extension DeclaredIndex {
    init(modelIndex: Index) {
        self.init(modelIndex.name.isEmpty ? nil : modelIndex.name, on: modelIndex.parts)
        self.index = modelIndex
    }
}

extension DeclaredForeignKey {
    init(modelKey: ForeignKey) {
        self.init(modelKey.columns, references: modelKey.referencedTable, columns: modelKey.referencedColumns)
        self.foreignKey = modelKey
    }
}
