/// The schema of one database or namespace, engine-neutral: tables, views, enumeration
/// types, sequences, and the objects Strata carries without modelling.
///
/// A `Schema` is a value: the inspectors build one from a live database, the DSL and the
/// JSON form build one from a declaration, and the differ compares two. It holds no SQL
/// statements and knows no engine; the dialects translate between it and their catalogs,
/// normalising as they go so that two schemas that mean the same are equal.
///
/// ## Order and equality
///
/// Two schemas are equal (`==`) when they mean the same, and then their JSON forms and
/// fingerprints are identical:
///
/// - Every name-keyed collection (tables, views, enumeration types, sequences, unmodelled
///   objects, and within a table its unique constraints, indexes, foreign keys and checks)
///   is **kept sorted by name**, on creation and after every change. The order in which
///   objects were created, inspected or declared is therefore never seen. Unnamed items
///   sort by content; unmodelled objects by kind, then table, then name.
/// - Ordered lists keep their order, because it is meaning: a table's columns, a key's
///   columns, an index's parts, an enumeration's labels.
/// - Names are compared exactly and case-sensitively (`Users` and `users` are two tables):
///   folding unquoted names is the engine's business, done by its normaliser. As for all
///   Swift strings, canonically equivalent Unicode spellings are equal; the JSON form
///   writes them in NFC so that the fingerprint agrees.
/// - Everything at its default (nil, false, empty, ``ReferentialAction/noAction``) is
///   one value, never two spellings of it.
///
/// Keeping collections sorted costs a check on every change; an inspector building a
/// large schema assigns whole arrays rather than appending one table at a time.
///
/// ## JSON form
///
/// See ``SchemaJSON`` for the rules and an example. `Schema` and every type in it are
/// `Codable`; ``fingerprint`` is the SHA-256 of the canonical form.
///
/// ## Topics
///
/// ### Creating a schema
/// - ``init(name:defaultCharacterSet:defaultCollation:tables:views:enumTypes:sequences:unmodelled:)``
/// - ``init(json:)``
///
/// ### Contents
/// - ``name``
/// - ``defaultCharacterSet``
/// - ``defaultCollation``
/// - ``tables``
/// - ``views``
/// - ``enumTypes``
/// - ``sequences``
/// - ``unmodelled``
///
/// ### Lookups
/// - ``table(named:)``
/// - ``view(named:)``
/// - ``enumType(named:)``
/// - ``sequence(named:)``
/// - ``unmodelledObjects(onTable:)``
///
/// ### Dependency order
/// - ``dependencyOrder()``
/// - ``DependencyOrder``
///
/// ### JSON and fingerprint
/// - ``formatVersion``
/// - ``canonicalJSON``
/// - ``jsonData(prettyPrinted:)``
/// - ``fingerprint``
///
/// ### Validation
/// - ``validationIssues()``
/// - ``SchemaIssue``
public struct Schema: Sendable, Hashable {
    /// The namespace's name (PostgreSQL schema, MySQL database), or nil for the connection's
    /// default (and always nil for SQLite's `main`).
    public var name: String?
    /// The default character set of new tables (MySQL database default).
    public var defaultCharacterSet: String?
    /// The default collation of new tables (MySQL database default).
    public var defaultCollation: String?
    /// The tables, kept sorted by name.
    public var tables: [Table] {
        didSet { CanonicalOrder.sort(&tables, by: \.name) }
    }
    /// The views, kept sorted by name.
    public var views: [View] {
        didSet { CanonicalOrder.sort(&views, by: \.name) }
    }
    /// The enumeration types (PostgreSQL), kept sorted by name.
    public var enumTypes: [EnumType] {
        didSet { CanonicalOrder.sort(&enumTypes, by: \.name) }
    }
    /// The sequences not behind a column's identity (PostgreSQL), kept sorted by name.
    public var sequences: [SequenceDefinition] {
        didSet { CanonicalOrder.sort(&sequences, by: \.name) }
    }
    /// The objects Strata carries without modelling, kept sorted by kind, table and name.
    public var unmodelled: [UnmodelledObject] {
        didSet { CanonicalOrder.sort(&unmodelled, by: \.sortKey) }
    }

    /// Creates a schema. Its collections may come in any order.
    ///
    /// - Parameters:
    ///   - name: The namespace's name, or nil for the default.
    ///   - defaultCharacterSet: The database's default character set (MySQL).
    ///   - defaultCollation: The database's default collation (MySQL).
    ///   - tables: The tables.
    ///   - views: The views.
    ///   - enumTypes: The enumeration types.
    ///   - sequences: The free-standing sequences.
    ///   - unmodelled: The objects carried without modelling.
    public init(
        name: String? = nil,
        defaultCharacterSet: String? = nil,
        defaultCollation: String? = nil,
        tables: [Table] = [],
        views: [View] = [],
        enumTypes: [EnumType] = [],
        sequences: [SequenceDefinition] = [],
        unmodelled: [UnmodelledObject] = []
    ) {
        self.name = name
        self.defaultCharacterSet = defaultCharacterSet
        self.defaultCollation = defaultCollation
        self.tables = CanonicalOrder.sorted(tables, by: \.name)
        self.views = CanonicalOrder.sorted(views, by: \.name)
        self.enumTypes = CanonicalOrder.sorted(enumTypes, by: \.name)
        self.sequences = CanonicalOrder.sorted(sequences, by: \.name)
        self.unmodelled = CanonicalOrder.sorted(unmodelled, by: \.sortKey)
    }
}

// MARK: - Lookups

extension Schema {
    /// The table named exactly `name`, or nil. Binary search: the tables are sorted.
    public func table(named name: String) -> Table? {
        CanonicalOrder.first(name, in: tables, key: \.name)
    }

    /// The view named exactly `name`, or nil.
    public func view(named name: String) -> View? {
        CanonicalOrder.first(name, in: views, key: \.name)
    }

    /// The enumeration type named exactly `name`, or nil.
    public func enumType(named name: String) -> EnumType? {
        CanonicalOrder.first(name, in: enumTypes, key: \.name)
    }

    /// The sequence named exactly `name`, or nil.
    public func sequence(named name: String) -> SequenceDefinition? {
        CanonicalOrder.first(name, in: sequences, key: \.name)
    }

    /// The unmodelled objects that belong to the table named `table`, in the schema's order.
    public func unmodelledObjects(onTable table: String) -> [UnmodelledObject] {
        unmodelled.filter { $0.table == table }
    }
}

// MARK: - Coding

extension Schema: Codable {
    /// The version of the JSON form this module writes, under the key `format`.
    ///
    /// It changes only when the form changes in a way older readers would misread;
    /// adding an optional key with a default does not change it (nor any fingerprint of a
    /// schema that leaves the key at its default).
    public static let formatVersion = 1

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, name, characterSet, collation, tables, views, enumTypes, sequences, unmodelled
    }

    /// Creates a schema from the JSON form; its collections may come in any order.
    ///
    /// - Throws: `DecodingError` for malformed JSON, a missing required key, an unknown
    ///   key anywhere (a newer form, or a typo: nothing is dropped silently), or a `format`
    ///   other than ``formatVersion``.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a schema")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(Int.self, forKey: .format)
        guard format == Self.formatVersion else {
            throw container.corrupted(
                .format,
                "schema JSON format \(format) is not \(Self.formatVersion), the one this Strata reads; use the Strata that wrote it, or write it again"
            )
        }
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            defaultCharacterSet: try container.decodeIfPresent(String.self, forKey: .characterSet),
            defaultCollation: try container.decodeIfPresent(String.self, forKey: .collation),
            tables: try container.decode(.tables, default: []),
            views: try container.decode(.views, default: []),
            enumTypes: try container.decode(.enumTypes, default: []),
            sequences: try container.decode(.sequences, default: []),
            unmodelled: try container.decode(.unmodelled, default: [])
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .format)
        try container.encodeTextIfPresent(name, forKey: .name)
        try container.encodeTextIfPresent(defaultCharacterSet, forKey: .characterSet)
        try container.encodeTextIfPresent(defaultCollation, forKey: .collation)
        try container.encodeUnlessEmpty(tables, forKey: .tables)
        try container.encodeUnlessEmpty(views, forKey: .views)
        try container.encodeUnlessEmpty(enumTypes, forKey: .enumTypes)
        try container.encodeUnlessEmpty(sequences, forKey: .sequences)
        try container.encodeUnlessEmpty(unmodelled, forKey: .unmodelled)
    }
}
