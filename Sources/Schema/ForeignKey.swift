/// A foreign key: columns of this table that must match a key of the referenced table,
/// with its actions and deferrability.
///
/// ``referencedColumns`` are always explicit: where SQL lets them be left out (SQLite and
/// PostgreSQL `REFERENCES parent`, meaning its primary key), the normaliser writes the
/// primary key's columns. A reference to a table of another schema or database names it
/// in ``referencedSchema``; such a table is outside this model, and the dependency order
/// leaves the edge out.
///
/// ## JSON form
///
/// `{"name":"posts_author_fk","columns":["author_id"],"referencedTable":"users","referencedColumns":["id"],"onDelete":"cascade"}`.
/// `columns`, `referencedTable` and `referencedColumns` are always written; `name` and
/// `referencedSchema` when set; `onDelete` and `onUpdate` unless ``ReferentialAction/noAction``;
/// `match` unless ``Match/simple``; `deferrable` unless ``Deferrability/notDeferrable``.
///
/// ## Topics
///
/// ### Creating a foreign key
/// - ``init(name:columns:referencedSchema:referencedTable:referencedColumns:onDelete:onUpdate:match:deferrability:)``
///
/// ### Key and reference
/// - ``name``
/// - ``columns``
/// - ``referencedSchema``
/// - ``referencedTable``
/// - ``referencedColumns``
///
/// ### Behaviour
/// - ``onDelete``
/// - ``onUpdate``
/// - ``match-swift.property``
/// - ``Match-swift.enum``
/// - ``deferrability``
public struct ForeignKey: Sendable, Hashable {
    /// How a multi-column key with NULLs in some columns matches (PostgreSQL `MATCH`).
    public enum Match: String, Sendable, Hashable, Codable, CaseIterable {
        /// `MATCH SIMPLE`: a NULL in any column exempts the row; the default.
        case simple
        /// `MATCH FULL`: all columns NULL, or none.
        case full
        /// `MATCH PARTIAL`: declared by the standard; no engine of Strata's implements it.
        case partial
    }

    /// The constraint's name; nil where the engine does not record one (SQLite).
    public var name: String?
    /// The referencing columns, in key order.
    public var columns: [String]
    /// The referenced table's schema, when it is not this model's (cross-schema reference).
    public var referencedSchema: String?
    /// The referenced table.
    public var referencedTable: String
    /// The referenced columns, in the order matching ``columns``.
    public var referencedColumns: [String]
    /// What a delete of the referenced row does.
    public var onDelete: ReferentialAction
    /// What an update of the referenced key does.
    public var onUpdate: ReferentialAction
    /// How a partly NULL key matches.
    public var match: Match
    /// Whether the check may wait until commit (PostgreSQL, SQLite).
    public var deferrability: Deferrability

    /// Creates a foreign key.
    public init(
        name: String? = nil,
        columns: [String],
        referencedSchema: String? = nil,
        referencedTable: String,
        referencedColumns: [String],
        onDelete: ReferentialAction = .noAction,
        onUpdate: ReferentialAction = .noAction,
        match: Match = .simple,
        deferrability: Deferrability = .notDeferrable
    ) {
        self.name = name
        self.columns = columns
        self.referencedSchema = referencedSchema
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
        self.match = match
        self.deferrability = deferrability
    }
}

// MARK: - Coding

extension ForeignKey: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, columns, referencedSchema, referencedTable, referencedColumns, onDelete, onUpdate, match, deferrable
    }

    /// Creates a foreign key from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a foreign key")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            columns: try container.decode([String].self, forKey: .columns),
            referencedSchema: try container.decodeIfPresent(String.self, forKey: .referencedSchema),
            referencedTable: try container.decode(String.self, forKey: .referencedTable),
            referencedColumns: try container.decode([String].self, forKey: .referencedColumns),
            onDelete: try container.decode(.onDelete, default: .noAction),
            onUpdate: try container.decode(.onUpdate, default: .noAction),
            match: try container.decode(.match, default: .simple),
            deferrability: try container.decode(.deferrable, default: .notDeferrable)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeTextIfPresent(name, forKey: .name)
        try container.encodeTexts(columns, forKey: .columns)
        try container.encodeTextIfPresent(referencedSchema, forKey: .referencedSchema)
        try container.encodeText(referencedTable, forKey: .referencedTable)
        try container.encodeTexts(referencedColumns, forKey: .referencedColumns)
        try container.encode(onDelete, forKey: .onDelete, unless: .noAction)
        try container.encode(onUpdate, forKey: .onUpdate, unless: .noAction)
        try container.encode(match, forKey: .match, unless: .simple)
        try container.encode(deferrability, forKey: .deferrable, unless: .notDeferrable)
    }
}

// MARK: - Order

extension ForeignKey {
    /// Every property, for ordering keys that share a name (unnamed ones).
    var orderKey: [String] {
        var key = OrderKey()
        key.add(name)
        key.add(columns)
        key.add(referencedSchema)
        key.add(referencedTable)
        key.add(referencedColumns)
        key.add(onDelete.rawValue)
        key.add(onUpdate.rawValue)
        key.add(match.rawValue)
        key.add(deferrability.rawValue)
        return key.parts
    }
}
