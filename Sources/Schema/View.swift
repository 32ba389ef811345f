/// A view: its name and its defining query, as the engine gave it back after normalisation.
///
/// The definition is the query's text as the engine keeps it (PostgreSQL
/// `pg_get_viewdef`, MySQL `VIEW_DEFINITION`, the `SELECT` of SQLite's `sqlite_schema.sql`),
/// normalised by the dialect: the same text must mean the same query. Materialized views
/// are not modelled: they are ``UnmodelledObject``s of kind
/// ``UnmodelledObject/Kind/materializedView``.
///
/// ## JSON form
///
/// `{"name":"active_users","definition":"SELECT id, email FROM users WHERE active"}`;
/// `columns` is written when not empty, `checkOption` and `comment` when set.
///
/// ## Topics
///
/// ### Creating a view
/// - ``init(name:definition:columns:checkOption:comment:)``
///
/// ### Properties
/// - ``name``
/// - ``definition``
/// - ``columns``
/// - ``checkOption-swift.property``
/// - ``CheckOption-swift.enum``
/// - ``comment``
public struct View: Sendable, Hashable {
    /// A view's `WITH CHECK OPTION`: whether writes through it must satisfy its condition.
    public enum CheckOption: String, Sendable, Hashable, Codable, CaseIterable {
        /// `WITH LOCAL CHECK OPTION`: this view's condition only.
        case local
        /// `WITH CASCADED CHECK OPTION` (or plain `WITH CHECK OPTION`): this view's and those below it.
        case cascaded
    }

    /// The view's name.
    public var name: String
    /// Its query, as normalised text.
    public var definition: String
    /// Its explicit column names (`CREATE VIEW v (a, b) AS …`), in order; empty when the
    /// query names them.
    public var columns: [String]
    /// Its check option, if any.
    public var checkOption: CheckOption?
    /// Its comment (PostgreSQL `COMMENT ON VIEW`).
    public var comment: String?

    /// Creates a view.
    public init(
        name: String,
        definition: String,
        columns: [String] = [],
        checkOption: CheckOption? = nil,
        comment: String? = nil
    ) {
        self.name = name
        self.definition = definition
        self.columns = columns
        self.checkOption = checkOption
        self.comment = comment
    }
}

// MARK: - Coding

extension View: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, definition, columns, checkOption, comment
    }

    /// Creates a view from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a view")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            definition: try container.decode(String.self, forKey: .definition),
            columns: try container.decode(.columns, default: []),
            checkOption: try container.decodeIfPresent(CheckOption.self, forKey: .checkOption),
            comment: try container.decodeIfPresent(String.self, forKey: .comment)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encodeText(definition, forKey: .definition)
        try container.encodeTextsUnlessEmpty(columns, forKey: .columns)
        try container.encodeIfPresent(checkOption, forKey: .checkOption)
        try container.encodeTextIfPresent(comment, forKey: .comment)
    }
}
