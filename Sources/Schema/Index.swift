/// An index of a table, unique or not: its key parts in order, and where it has them a
/// partial `WHERE`, an access method, covering columns and options.
///
/// The index behind a ``PrimaryKey`` or a ``UniqueConstraint`` is not listed as an index:
/// the constraint describes it. Everything a normaliser writes here leaves out the
/// engine's defaults (no ``method`` for B-tree, no `ASC`), so that two spellings of one
/// index compare equal.
///
/// ## JSON form
///
/// `{"name":"posts_recent","parts":[{"column":"created_at","direction":"descending"}],"unique":true,"where":"deleted_at IS NULL"}`.
/// `name` and `parts` are always written; `unique`, `nullsNotDistinct` and `invisible`
/// only when true; `where`, `method` and `comment` when set; `include` and `parameters`
/// when not empty.
///
/// ## Topics
///
/// ### Creating an index
/// - ``init(name:parts:isUnique:predicate:method:include:nullsNotDistinct:isInvisible:parameters:comment:)``
/// - ``init(name:columns:isUnique:predicate:)``
///
/// ### Key
/// - ``name``
/// - ``parts``
/// - ``isUnique``
/// - ``columnNames``
///
/// ### Options
/// - ``predicate``
/// - ``method``
/// - ``include``
/// - ``nullsNotDistinct``
/// - ``isInvisible``
/// - ``parameters``
/// - ``comment``
public struct Index: Sendable, Hashable {
    /// The index's name (every engine names indexes, SQLite's own `sqlite_autoindex_…` included).
    public var name: String
    /// Its key parts, in key order.
    public var parts: [IndexPart]
    /// Whether it is `UNIQUE`.
    public var isUnique: Bool
    /// The condition of a partial index (`WHERE …`; PostgreSQL, SQLite), as normalised text.
    public var predicate: String?
    /// Its access method, nil for the engine's default (B-tree).
    public var method: IndexMethod?
    /// Non-key columns stored in the index (PostgreSQL `INCLUDE (…)`), in order.
    public var include: [String]
    /// Whether NULLs count as equal in a unique index (PostgreSQL 15 `NULLS NOT DISTINCT`).
    public var nullsNotDistinct: Bool
    /// Whether the planner ignores it (MySQL `INVISIBLE`, MariaDB `IGNORED`).
    public var isInvisible: Bool
    /// Its storage parameters (PostgreSQL `WITH (…)`), kept in order of name.
    public var parameters: [StorageParameter] {
        didSet { CanonicalOrder.sort(&parameters, by: \.name) }
    }
    /// Its comment (MySQL `COMMENT`, PostgreSQL `COMMENT ON INDEX`).
    public var comment: String?

    /// Creates an index.
    ///
    /// - Parameters:
    ///   - name: The index's name.
    ///   - parts: Its key parts, in order.
    ///   - isUnique: Whether it is unique.
    ///   - predicate: The `WHERE` of a partial index.
    ///   - method: Its access method; nil for B-tree.
    ///   - include: Non-key columns it stores.
    ///   - nullsNotDistinct: Whether NULLs are equal for uniqueness.
    ///   - isInvisible: Whether the planner ignores it.
    ///   - parameters: Its storage parameters, in any order.
    ///   - comment: Its comment.
    public init(
        name: String,
        parts: [IndexPart],
        isUnique: Bool = false,
        predicate: String? = nil,
        method: IndexMethod? = nil,
        include: [String] = [],
        nullsNotDistinct: Bool = false,
        isInvisible: Bool = false,
        parameters: [StorageParameter] = [],
        comment: String? = nil
    ) {
        self.name = name
        self.parts = parts
        self.isUnique = isUnique
        self.predicate = predicate
        self.method = method
        self.include = include
        self.nullsNotDistinct = nullsNotDistinct
        self.isInvisible = isInvisible
        self.parameters = CanonicalOrder.sorted(parameters, by: \.name)
        self.comment = comment
    }

    /// Creates an index over plain ascending columns.
    public init(name: String, columns: [String], isUnique: Bool = false, predicate: String? = nil) {
        self.init(name: name, parts: columns.map { IndexPart.column($0) }, isUnique: isUnique, predicate: predicate)
    }

    /// The columns of the key parts that are columns, in order (expressions left out).
    public var columnNames: [String] {
        parts.compactMap(\.columnName)
    }
}

// MARK: - Coding

extension Index: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, parts, unique, `where`, method, include, nullsNotDistinct, invisible, parameters, comment
    }

    /// Creates an index from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "an index")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            parts: try container.decode([IndexPart].self, forKey: .parts),
            isUnique: try container.decode(.unique, default: false),
            predicate: try container.decodeIfPresent(String.self, forKey: .where),
            method: try container.decodeIfPresent(IndexMethod.self, forKey: .method),
            include: try container.decode(.include, default: []),
            nullsNotDistinct: try container.decode(.nullsNotDistinct, default: false),
            isInvisible: try container.decode(.invisible, default: false),
            parameters: try container.decode(.parameters, default: []),
            comment: try container.decodeIfPresent(String.self, forKey: .comment)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encode(parts, forKey: .parts)
        try container.encode(isUnique, forKey: .unique, unless: false)
        try container.encodeTextIfPresent(predicate, forKey: .where)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encodeTextsUnlessEmpty(include, forKey: .include)
        try container.encode(nullsNotDistinct, forKey: .nullsNotDistinct, unless: false)
        try container.encode(isInvisible, forKey: .invisible, unless: false)
        try container.encodeUnlessEmpty(parameters, forKey: .parameters)
        try container.encodeTextIfPresent(comment, forKey: .comment)
    }
}
