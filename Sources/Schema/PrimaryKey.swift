/// The primary key of a table: its columns in key order, and its name where the engine
/// keeps one.
///
/// A name is kept where the engine lets it differ (PostgreSQL `t_pkey` or a chosen name);
/// MySQL always calls it `PRIMARY` and SQLite does not record one, so their normalisers
/// write nil. A key over an expression or a column prefix is not modelled: the
/// normaliser marks the table ``Table/unsupported``.
///
/// ## JSON form
///
/// `{"name":"users_pkey","columns":["id"]}`; `name` and `deferrable` are omitted when
/// nil or ``Deferrability/notDeferrable``.
///
/// ## Topics
///
/// ### Creating a primary key
/// - ``init(name:columns:deferrability:)``
///
/// ### Properties
/// - ``name``
/// - ``columns``
/// - ``deferrability``
public struct PrimaryKey: Sendable, Hashable {
    /// The constraint's name, where the engine keeps one.
    public var name: String?
    /// The key's columns, in key order.
    public var columns: [String]
    /// Whether the uniqueness check may wait until commit (PostgreSQL).
    public var deferrability: Deferrability

    /// Creates a primary key over `columns`.
    public init(name: String? = nil, columns: [String], deferrability: Deferrability = .notDeferrable) {
        self.name = name
        self.columns = columns
        self.deferrability = deferrability
    }
}

// MARK: - Coding

extension PrimaryKey: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, columns, deferrable
    }

    /// Creates a primary key from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a primary key")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            columns: try container.decode([String].self, forKey: .columns),
            deferrability: try container.decode(.deferrable, default: .notDeferrable)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeTextIfPresent(name, forKey: .name)
        try container.encodeTexts(columns, forKey: .columns)
        try container.encode(deferrability, forKey: .deferrable, unless: .notDeferrable)
    }
}
