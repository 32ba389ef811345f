/// An object of the database that Strata does not model, carried with the engine's own
/// definition so that nothing is lost or silently changed.
///
/// Triggers, functions, procedures, materialized views, partitions, generated columns,
/// exclusion constraints, row-level security policies, extensions, MySQL events, and
/// anything a normaliser cannot explain are listed here. The ``definition`` is the DDL
/// text as the engine gave it (`pg_get_triggerdef`, `SHOW CREATE TRIGGER`, the `sql` of
/// `sqlite_schema`), not normalised: it is carried, not compared piece by piece, so a
/// change of its text is a change of the object. When the object belongs to a table,
/// ``table`` names it, and the table is usually marked ``Table/unsupported``.
///
/// ## JSON form
///
/// `{"kind":"trigger","name":"posts_touch","table":"posts","definition":"CREATE TRIGGER …"}`;
/// `table` is omitted when nil.
///
/// ## Topics
///
/// ### Creating an object
/// - ``init(kind:name:table:definition:)``
///
/// ### Properties
/// - ``kind-swift.property``
/// - ``Kind-swift.struct``
/// - ``name``
/// - ``table``
/// - ``definition``
public struct UnmodelledObject: Sendable, Hashable {
    /// What sort of object it is: an open set of lowercase-camel names.
    ///
    /// The well-known kinds are constants; a dialect may name another
    /// (`UnmodelledObject.Kind(rawValue: "aggregate")`). The JSON form is the raw value.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable {
        /// The kind's name.
        public let rawValue: String

        /// Creates a kind from its name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// A trigger.
        public static let trigger = Kind(rawValue: "trigger")
        /// A function (PostgreSQL, MySQL stored function).
        public static let function = Kind(rawValue: "function")
        /// A stored procedure.
        public static let procedure = Kind(rawValue: "procedure")
        /// A materialized view (PostgreSQL).
        public static let materializedView = Kind(rawValue: "materializedView")
        /// A partitioned table's partitioning, or one of its partitions.
        public static let partition = Kind(rawValue: "partition")
        /// A generated (computed) column; ``UnmodelledObject/name`` is the column's.
        public static let generatedColumn = Kind(rawValue: "generatedColumn")
        /// An exclusion constraint (PostgreSQL `EXCLUDE`).
        public static let exclusionConstraint = Kind(rawValue: "exclusionConstraint")
        /// A row-level security policy (PostgreSQL).
        public static let policy = Kind(rawValue: "policy")
        /// An extension (PostgreSQL `CREATE EXTENSION`).
        public static let `extension` = Kind(rawValue: "extension")
        /// A scheduled event (MySQL).
        public static let event = Kind(rawValue: "event")
        /// A rewrite rule (PostgreSQL `CREATE RULE`).
        public static let rule = Kind(rawValue: "rule")
        /// A domain, composite, range or base type (PostgreSQL).
        public static let customType = Kind(rawValue: "customType")
        /// Anything else a normaliser cannot explain.
        public static let other = Kind(rawValue: "other")

        /// Creates a kind from the JSON form, a string.
        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
        }

        /// Writes the JSON form, a string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(CanonicalText.normalized(rawValue))
        }
    }

    /// What sort of object it is.
    public var kind: Kind
    /// Its name (for an overloaded function, with its argument types: `f(integer)`).
    public var name: String
    /// The table it belongs to, if it belongs to one.
    public var table: String?
    /// Its DDL, exactly as the engine gave it.
    public var definition: String

    /// Creates an unmodelled object.
    public init(kind: Kind, name: String, table: String? = nil, definition: String) {
        self.kind = kind
        self.name = name
        self.table = table
        self.definition = definition
    }

    /// The key the schema keeps these objects sorted by: kind, table, name.
    public var sortKey: String {
        [kind.rawValue, table ?? "", name].joined(separator: CanonicalOrder.separator)
    }
}

// MARK: - Coding

extension UnmodelledObject: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, name, table, definition
    }

    /// Creates an unmodelled object from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "an unmodelled object")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(Kind.self, forKey: .kind),
            name: try container.decode(String.self, forKey: .name),
            table: try container.decodeIfPresent(String.self, forKey: .table),
            definition: try container.decode(String.self, forKey: .definition)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeText(name, forKey: .name)
        try container.encodeTextIfPresent(table, forKey: .table)
        try container.encodeText(definition, forKey: .definition)
    }
}
