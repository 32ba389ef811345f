/// A column of a table: its name, type, nullability, default, identity, and the collation,
/// character set and comment where it has them.
///
/// Normalisers keep what the engine would otherwise imply out of the model:
/// ``collation`` and ``characterSet`` are nil when they equal the table's
/// (``TableOptions/collation``), or on PostgreSQL and SQLite the database's, so that a
/// table converted to another default does not report every column changed.
///
/// Generated (computed) columns are not modelled: the normaliser reports one as an
/// ``UnmodelledObject`` of kind ``UnmodelledObject/Kind/generatedColumn`` and marks its
/// table ``Table/unsupported``.
///
/// ## JSON form
///
/// `{"name":"id","type":"bigint","nullable":false,"identity":"always"}`. `name` and `type`
/// are always written; `nullable` only when false; `default`, `onUpdate`, `identity`,
/// `collation`, `characterSet` and `comment` only when set.
///
/// ## Topics
///
/// ### Creating a column
/// - ``init(_:_:isNullable:default:onUpdate:identity:collation:characterSet:comment:)``
///
/// ### Properties
/// - ``name``
/// - ``type``
/// - ``isNullable``
/// - ``defaultValue``
/// - ``onUpdate``
/// - ``identity``
/// - ``collation``
/// - ``characterSet``
/// - ``comment``
public struct Column: Sendable, Hashable {
    /// The column's name, exactly as the catalog spells it.
    public var name: String
    /// Its type.
    public var type: ColumnType
    /// Whether it accepts NULL (true unless `NOT NULL`; primary key columns are false).
    public var isNullable: Bool
    /// Its `DEFAULT`, or nil for none. A column with an ``identity`` has none.
    public var defaultValue: ColumnDefault?
    /// The value MySQL writes on every update of the row (`ON UPDATE CURRENT_TIMESTAMP`).
    public var onUpdate: ColumnDefault?
    /// How it numbers rows by itself, if it does.
    public var identity: Identity?
    /// Its collation, when it differs from the table's default.
    public var collation: String?
    /// Its character set (MySQL), when it differs from the table's default.
    public var characterSet: String?
    /// Its comment (PostgreSQL `COMMENT ON COLUMN`, MySQL `COMMENT`; SQLite has none).
    public var comment: String?

    /// Creates a column.
    ///
    /// - Parameters:
    ///   - name: The column's name.
    ///   - type: Its type.
    ///   - isNullable: Whether it accepts NULL; true by default, as in SQL.
    ///   - default: Its `DEFAULT`, or nil for none.
    ///   - onUpdate: MySQL's `ON UPDATE` value, or nil.
    ///   - identity: How it numbers rows by itself, or nil.
    ///   - collation: Its collation where it differs from the table's.
    ///   - characterSet: Its character set where it differs from the table's.
    ///   - comment: Its comment.
    public init(
        _ name: String,
        _ type: ColumnType,
        isNullable: Bool = true,
        default: ColumnDefault? = nil,
        onUpdate: ColumnDefault? = nil,
        identity: Identity? = nil,
        collation: String? = nil,
        characterSet: String? = nil,
        comment: String? = nil
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.defaultValue = `default`
        self.onUpdate = onUpdate
        self.identity = identity
        self.collation = collation
        self.characterSet = characterSet
        self.comment = comment
    }
}

// MARK: - Coding

extension Column: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, nullable, `default`, onUpdate, identity, collation, characterSet, comment
    }

    /// Creates a column from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a column")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(String.self, forKey: .name),
            try container.decode(ColumnType.self, forKey: .type),
            isNullable: try container.decode(.nullable, default: true),
            default: try container.decodeIfPresent(ColumnDefault.self, forKey: .default),
            onUpdate: try container.decodeIfPresent(ColumnDefault.self, forKey: .onUpdate),
            identity: try container.decodeIfPresent(Identity.self, forKey: .identity),
            collation: try container.decodeIfPresent(String.self, forKey: .collation),
            characterSet: try container.decodeIfPresent(String.self, forKey: .characterSet),
            comment: try container.decodeIfPresent(String.self, forKey: .comment)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(isNullable, forKey: .nullable, unless: true)
        try container.encodeIfPresent(defaultValue, forKey: .default)
        try container.encodeIfPresent(onUpdate, forKey: .onUpdate)
        try container.encodeIfPresent(identity, forKey: .identity)
        try container.encodeTextIfPresent(collation, forKey: .collation)
        try container.encodeTextIfPresent(characterSet, forKey: .characterSet)
        try container.encodeTextIfPresent(comment, forKey: .comment)
    }
}
