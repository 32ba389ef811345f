/// A table: its columns in order, its keys, indexes and checks, its comment and options.
///
/// ## Order and equality
///
/// ``columns`` keep their order: it is part of the table's meaning (`SELECT *`, MySQL
/// `AFTER`, a rebuild's copy), and two tables whose columns differ only in order are not
/// equal. Every other collection (``uniqueConstraints``, ``indexes``, ``foreignKeys``,
/// ``checks``) is kept sorted by name, on creation and after every change, so that the
/// order in which an inspector or a declaration produced them does not matter; unnamed
/// items (SQLite's unnamed checks and foreign keys) sort before named ones and among
/// themselves by content. The lists inside an item (a key's columns, an index's parts)
/// keep their order. Names are compared exactly, case included: folding is the engine
/// normaliser's decision.
///
/// ## Unsupported tables
///
/// A table that holds something Strata does not model, or that a normaliser cannot
/// explain (its own rendering of the model does not reproduce the engine's definition), is
/// marked ``unsupported`` with the reason. Later stages leave such a table alone: they
/// neither alter nor rebuild it, and report it instead. The objects themselves are listed
/// in ``Schema/unmodelled`` with this table's name.
///
/// ## JSON form
///
/// ```json
/// {"name":"users","columns":[…],"primaryKey":{"columns":["id"]},"indexes":[…],"comment":"People"}
/// ```
///
/// `name` and `columns` are always written; `primaryKey`, `comment` and `unsupported`
/// when set; `uniqueConstraints`, `indexes`, `foreignKeys` and `checks` when not empty;
/// `options` when not all defaults.
///
/// ## Topics
///
/// ### Creating a table
/// - ``init(name:columns:primaryKey:uniqueConstraints:indexes:foreignKeys:checks:comment:options:unsupported:)``
///
/// ### Columns
/// - ``name``
/// - ``columns``
/// - ``column(named:)``
///
/// ### Keys, indexes and checks
/// - ``primaryKey``
/// - ``uniqueConstraints``
/// - ``indexes``
/// - ``index(named:)``
/// - ``foreignKeys``
/// - ``foreignKey(named:)``
/// - ``checks``
/// - ``check(named:)``
///
/// ### Comment, options, support
/// - ``comment``
/// - ``options``
/// - ``unsupported``
/// - ``isUnsupported``
public struct Table: Sendable, Hashable {
    /// The table's name, exactly as the catalog spells it.
    public var name: String
    /// Its columns, in table order.
    public var columns: [Column]
    /// Its primary key, if it has one.
    public var primaryKey: PrimaryKey?
    /// Its `UNIQUE` constraints (not unique indexes), kept sorted by name.
    public var uniqueConstraints: [UniqueConstraint] {
        didSet { CanonicalOrder.sort(&uniqueConstraints, by: Self.optionalName, tiebreak: \.orderKey) }
    }
    /// Its indexes, unique or not, kept sorted by name.
    public var indexes: [Index] {
        didSet { CanonicalOrder.sort(&indexes, by: \.name) }
    }
    /// Its foreign keys, kept sorted by name.
    public var foreignKeys: [ForeignKey] {
        didSet { CanonicalOrder.sort(&foreignKeys, by: Self.optionalName, tiebreak: \.orderKey) }
    }
    /// Its check constraints, kept sorted by name.
    public var checks: [Check] {
        didSet { CanonicalOrder.sort(&checks, by: Self.optionalName, tiebreak: \.orderKey) }
    }
    /// Its comment (PostgreSQL `COMMENT ON TABLE`, MySQL `COMMENT=`; SQLite has none).
    public var comment: String?
    /// Its engine options.
    public var options: TableOptions
    /// Why later stages must leave the table alone, or nil when they may change it.
    public var unsupported: String?

    /// Creates a table. Constraints and indexes may come in any order.
    ///
    /// - Parameters:
    ///   - name: The table's name.
    ///   - columns: Its columns, in table order.
    ///   - primaryKey: Its primary key.
    ///   - uniqueConstraints: Its `UNIQUE` constraints.
    ///   - indexes: Its indexes.
    ///   - foreignKeys: Its foreign keys.
    ///   - checks: Its checks.
    ///   - comment: Its comment.
    ///   - options: Its engine options.
    ///   - unsupported: Why it must be left alone, or nil.
    public init(
        name: String,
        columns: [Column],
        primaryKey: PrimaryKey? = nil,
        uniqueConstraints: [UniqueConstraint] = [],
        indexes: [Index] = [],
        foreignKeys: [ForeignKey] = [],
        checks: [Check] = [],
        comment: String? = nil,
        options: TableOptions = TableOptions(),
        unsupported: String? = nil
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = CanonicalOrder.sorted(uniqueConstraints, by: Self.optionalName, tiebreak: \.orderKey)
        self.indexes = CanonicalOrder.sorted(indexes, by: \.name)
        self.foreignKeys = CanonicalOrder.sorted(foreignKeys, by: Self.optionalName, tiebreak: \.orderKey)
        self.checks = CanonicalOrder.sorted(checks, by: Self.optionalName, tiebreak: \.orderKey)
        self.comment = comment
        self.options = options
        self.unsupported = unsupported
    }

    /// Whether later stages must leave the table alone.
    public var isUnsupported: Bool {
        unsupported != nil
    }

    private static func optionalName(_ item: UniqueConstraint) -> String { item.name ?? "" }
    private static func optionalName(_ item: ForeignKey) -> String { item.name ?? "" }
    private static func optionalName(_ item: Check) -> String { item.name ?? "" }
}

// MARK: - Lookups

extension Table {
    /// The column named exactly `name`, or nil.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The index named exactly `name`, or nil.
    public func index(named name: String) -> Index? {
        CanonicalOrder.first(name, in: indexes, key: \.name)
    }

    /// The foreign key named exactly `name`, or nil.
    public func foreignKey(named name: String) -> ForeignKey? {
        foreignKeys.first { $0.name == name }
    }

    /// The check named exactly `name`, or nil.
    public func check(named name: String) -> Check? {
        checks.first { $0.name == name }
    }

    /// The unique constraint named exactly `name`, or nil.
    public func uniqueConstraint(named name: String) -> UniqueConstraint? {
        uniqueConstraints.first { $0.name == name }
    }
}

// MARK: - Coding

extension Table: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, columns, primaryKey, uniqueConstraints, indexes, foreignKeys, checks, comment, options, unsupported
    }

    /// Creates a table from the JSON form; its collections may come in any order.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a table")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            columns: try container.decode([Column].self, forKey: .columns),
            primaryKey: try container.decodeIfPresent(PrimaryKey.self, forKey: .primaryKey),
            uniqueConstraints: try container.decode(.uniqueConstraints, default: []),
            indexes: try container.decode(.indexes, default: []),
            foreignKeys: try container.decode(.foreignKeys, default: []),
            checks: try container.decode(.checks, default: []),
            comment: try container.decodeIfPresent(String.self, forKey: .comment),
            options: try container.decode(.options, default: TableOptions()),
            unsupported: try container.decodeIfPresent(String.self, forKey: .unsupported)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encode(columns, forKey: .columns)
        try container.encodeIfPresent(primaryKey, forKey: .primaryKey)
        try container.encodeUnlessEmpty(uniqueConstraints, forKey: .uniqueConstraints)
        try container.encodeUnlessEmpty(indexes, forKey: .indexes)
        try container.encodeUnlessEmpty(foreignKeys, forKey: .foreignKeys)
        try container.encodeUnlessEmpty(checks, forKey: .checks)
        try container.encodeTextIfPresent(comment, forKey: .comment)
        try container.encode(options, forKey: .options, unless: TableOptions())
        try container.encodeTextIfPresent(unsupported, forKey: .unsupported)
    }
}
