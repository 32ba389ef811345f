/// The options of a table that are not columns or constraints: the ones a rebuild or a
/// copy must keep, typed where their meaning is known.
///
/// Each engine fills the options it has and leaves the others at their defaults (nil,
/// false, empty); normalisers write nil rather than a value equal to the database's
/// default where the engine would choose it anyway.
///
/// | option | engine | SQL |
/// |---|---|---|
/// | ``storageEngine`` | MySQL | `ENGINE=InnoDB` |
/// | ``characterSet`` | MySQL | `DEFAULT CHARSET=utf8mb4` |
/// | ``collation`` | MySQL | `COLLATE=utf8mb4_0900_ai_ci` |
/// | ``rowFormat`` | MySQL | `ROW_FORMAT=DYNAMIC` |
/// | ``isStrict`` | SQLite | `STRICT` |
/// | ``isWithoutRowID`` | SQLite | `WITHOUT ROWID` |
/// | ``isUnlogged`` | PostgreSQL | `CREATE UNLOGGED TABLE` |
/// | ``parameters`` | PostgreSQL | `WITH (fillfactor = 70)` |
///
/// SQLite's `AUTOINCREMENT` belongs to a column: ``Identity/Kind/autoIncrement``.
///
/// ## JSON form
///
/// An object with the options that are set: `{"storageEngine":"InnoDB","characterSet":"utf8mb4","collation":"utf8mb4_0900_ai_ci"}`,
/// `{"strict":true,"withoutRowID":true}`. A table whose options are all defaults omits
/// its `options` key.
///
/// ## Topics
///
/// ### MySQL
/// - ``storageEngine``
/// - ``characterSet``
/// - ``collation``
/// - ``rowFormat``
///
/// ### SQLite
/// - ``isStrict``
/// - ``isWithoutRowID``
///
/// ### PostgreSQL
/// - ``isUnlogged``
/// - ``parameters``
public struct TableOptions: Sendable, Hashable {
    /// The storage engine (MySQL `ENGINE`, e.g. `InnoDB`).
    public var storageEngine: String?
    /// The default character set of the table's text columns (MySQL).
    public var characterSet: String?
    /// The default collation of the table's text columns (MySQL).
    public var collation: String?
    /// The row format (MySQL `ROW_FORMAT`), when explicitly given.
    public var rowFormat: String?
    /// Whether the table is `STRICT` (SQLite 3.37+): values must match the declared types.
    public var isStrict: Bool
    /// Whether the table is `WITHOUT ROWID` (SQLite): stored in primary key order.
    public var isWithoutRowID: Bool
    /// Whether the table is `UNLOGGED` (PostgreSQL): not written to the WAL, emptied after a crash.
    public var isUnlogged: Bool
    /// Storage parameters (PostgreSQL `WITH (…)`), kept in order of name.
    public var parameters: [StorageParameter] {
        didSet { CanonicalOrder.sort(&parameters, by: \.name) }
    }

    /// Creates table options; every omitted one is the default.
    public init(
        storageEngine: String? = nil,
        characterSet: String? = nil,
        collation: String? = nil,
        rowFormat: String? = nil,
        isStrict: Bool = false,
        isWithoutRowID: Bool = false,
        isUnlogged: Bool = false,
        parameters: [StorageParameter] = []
    ) {
        self.storageEngine = storageEngine
        self.characterSet = characterSet
        self.collation = collation
        self.rowFormat = rowFormat
        self.isStrict = isStrict
        self.isWithoutRowID = isWithoutRowID
        self.isUnlogged = isUnlogged
        self.parameters = CanonicalOrder.sorted(parameters, by: \.name)
    }
}

// MARK: - Coding

extension TableOptions: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case storageEngine, characterSet, collation, rowFormat, strict, withoutRowID, unlogged, parameters
    }

    /// Creates table options from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "table options")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            storageEngine: try container.decodeIfPresent(String.self, forKey: .storageEngine),
            characterSet: try container.decodeIfPresent(String.self, forKey: .characterSet),
            collation: try container.decodeIfPresent(String.self, forKey: .collation),
            rowFormat: try container.decodeIfPresent(String.self, forKey: .rowFormat),
            isStrict: try container.decode(.strict, default: false),
            isWithoutRowID: try container.decode(.withoutRowID, default: false),
            isUnlogged: try container.decode(.unlogged, default: false),
            parameters: try container.decode(.parameters, default: [])
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeTextIfPresent(storageEngine, forKey: .storageEngine)
        try container.encodeTextIfPresent(characterSet, forKey: .characterSet)
        try container.encodeTextIfPresent(collation, forKey: .collation)
        try container.encodeTextIfPresent(rowFormat, forKey: .rowFormat)
        try container.encode(isStrict, forKey: .strict, unless: false)
        try container.encode(isWithoutRowID, forKey: .withoutRowID, unless: false)
        try container.encode(isUnlogged, forKey: .unlogged, unless: false)
        try container.encodeUnlessEmpty(parameters, forKey: .parameters)
    }
}
