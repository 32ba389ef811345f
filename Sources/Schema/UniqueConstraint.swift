/// A `UNIQUE` constraint declared on a table, as opposed to a unique index.
///
/// PostgreSQL and SQLite keep the two apart: a constraint is dropped with `ALTER TABLE …
/// DROP CONSTRAINT` (or, on SQLite, only by rebuilding the table), an index with `DROP
/// INDEX`. The index that backs a constraint (PostgreSQL's, SQLite's
/// `sqlite_autoindex_…`) is not listed again in ``Table/indexes``. MySQL has only unique
/// indexes, so its normaliser writes ``Index`` values with ``Index/isUnique`` set.
///
/// ## JSON form
///
/// `{"name":"users_email_key","columns":["email"]}`; `name`, `nullsNotDistinct` and
/// `deferrable` are omitted when nil, false or ``Deferrability/notDeferrable``.
///
/// ## Topics
///
/// ### Creating a constraint
/// - ``init(name:columns:nullsNotDistinct:deferrability:)``
///
/// ### Properties
/// - ``name``
/// - ``columns``
/// - ``nullsNotDistinct``
/// - ``deferrability``
public struct UniqueConstraint: Sendable, Hashable {
    /// The constraint's name; nil where the engine does not record one (SQLite).
    public var name: String?
    /// The constrained columns, in order.
    public var columns: [String]
    /// Whether NULLs count as equal to each other (PostgreSQL 15 `NULLS NOT DISTINCT`).
    public var nullsNotDistinct: Bool
    /// Whether the check may wait until commit (PostgreSQL).
    public var deferrability: Deferrability

    /// Creates a unique constraint over `columns`.
    public init(
        name: String? = nil,
        columns: [String],
        nullsNotDistinct: Bool = false,
        deferrability: Deferrability = .notDeferrable
    ) {
        self.name = name
        self.columns = columns
        self.nullsNotDistinct = nullsNotDistinct
        self.deferrability = deferrability
    }
}

// MARK: - Coding

extension UniqueConstraint: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, columns, nullsNotDistinct, deferrable
    }

    /// Creates a unique constraint from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a unique constraint")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            columns: try container.decode([String].self, forKey: .columns),
            nullsNotDistinct: try container.decode(.nullsNotDistinct, default: false),
            deferrability: try container.decode(.deferrable, default: .notDeferrable)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeTextIfPresent(name, forKey: .name)
        try container.encodeTexts(columns, forKey: .columns)
        try container.encode(nullsNotDistinct, forKey: .nullsNotDistinct, unless: false)
        try container.encode(deferrability, forKey: .deferrable, unless: .notDeferrable)
    }
}

// MARK: - Order

extension UniqueConstraint {
    /// Every property, for ordering constraints that share a name (unnamed ones).
    var orderKey: [String] {
        var key = OrderKey()
        key.add(name)
        key.add(columns)
        key.add(nullsNotDistinct)
        key.add(deferrability.rawValue)
        return key.parts
    }
}
