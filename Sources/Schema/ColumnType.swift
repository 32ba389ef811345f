/// The type of a column, portable where the engines agree and the engine's own text
/// where they do not.
///
/// The portable cases are the types every application needs; each dialect's normaliser
/// maps the engine's spelling to them (PostgreSQL `int4` and `integer` are both ``int``),
/// and its renderer maps them back. Everything else (arrays, ranges, `money`, MySQL
/// `INT UNSIGNED`, `CHAR(n)`, `LONGTEXT`, domains) is ``custom(_:)`` with the engine's
/// own type text as its normaliser writes it.
///
/// ## Intended mapping per engine
///
/// How the renderers are meant to spell each case. SQLite gives the spelling for an
/// ordinary table, then for a `STRICT` table, which accepts only `INTEGER`, `INT`, `REAL`,
/// `TEXT`, `BLOB` and `ANY`. SQLite keeps declared types verbatim: its normaliser reads
/// back each spelling below as its case, also reads the synonyms of the same affinity
/// (`INT`, `DECIMAL(p,s)`, `DOUBLE`, `DOUBLE PRECISION`, `BOOL`, `CHARACTER VARYING(n)`),
/// and keeps every other declared type as `custom` (upper case, single spaces: `NVARCHAR(10)`,
/// `UNSIGNED BIG INT`, the empty type). `INT` on the lone primary key column of a rowid
/// table stays `custom("INT")`: only `INTEGER` makes the rowid alias.
///
/// | `ColumnType` | PostgreSQL | MySQL / MariaDB | SQLite (ordinary · `STRICT`) |
/// |---|---|---|---|
/// | `smallint` | `smallint` | `SMALLINT` | `SMALLINT` · `INTEGER` |
/// | `int` | `integer` | `INT` | `INTEGER` · `INTEGER` |
/// | `bigint` | `bigint` | `BIGINT` | `BIGINT` · `INTEGER` (a rowid alias is always `INTEGER`) |
/// | `string(length: n)` | `varchar(n)` | `VARCHAR(n)` | `VARCHAR(n)` · `TEXT` |
/// | `text` | `text` | `TEXT` | `TEXT` · `TEXT` |
/// | `bool` | `boolean` | `TINYINT(1)` (`BOOL`) | `BOOLEAN` · `INTEGER` |
/// | `decimal(precision: p, scale: s)` | `numeric(p,s)` | `DECIMAL(p,s)` | `NUMERIC(p,s)` · `TEXT` |
/// | `float` | `real` | `FLOAT` | `FLOAT` · `REAL` |
/// | `double` | `double precision` | `DOUBLE` | `REAL` · `REAL` |
/// | `date` | `date` | `DATE` | `DATE` · `TEXT` (ISO 8601) |
/// | `time(precision: p)` | `time(p)` | `TIME(p)` | `TIME(p)` · `TEXT` |
/// | `datetime(precision: p)` | `timestamp(p)` | `DATETIME(p)` | `DATETIME(p)` · `TEXT` |
/// | `timestampWithZone(precision: p)` | `timestamptz(p)` | `TIMESTAMP(p)` (stored as UTC) | `TIMESTAMP(p)` · `TEXT` |
/// | `uuid` | `uuid` | `CHAR(36)` | `UUID` · `TEXT` |
/// | `json` | `jsonb` | `JSON` (MariaDB: `LONGTEXT` with `CHECK (json_valid(…))`) | `JSON` · `TEXT` |
/// | `binary(length: nil)` | `bytea` | `LONGBLOB` | `BLOB` · `BLOB` |
/// | `binary(length: n)` | `bytea` (no length) | `VARBINARY(n)` | `BLOB(n)` · `BLOB` |
/// | `enum(values:)` | `text` with a `CHECK (c IN (…))` | `ENUM('a','b')` | `TEXT` with its own `CHECK ("c" IN (…))`, read back as the enum |
/// | `enumType(name:)` | the named type | `ENUM(…)` of the named type's values | normalised to `enum(values:)` of the type's labels |
/// | `custom(sql)` | `sql` as written | `sql` as written | `sql` as written |
///
/// A precision of nil means the engine's default (PostgreSQL 6, MySQL 0); normalisers
/// write nil rather than the default's number, so that `timestamp` and `timestamp(6)`
/// on PostgreSQL are one type. PostgreSQL's plain `json` (not `jsonb`) is
/// `custom("json")`.
///
/// ## JSON form
///
/// A case without associated values, or whose values are all nil, is its name as a
/// string: `"bigint"`, `"datetime"`, `"decimal"`. Otherwise an object with the case name
/// under `kind`: `{"kind":"string","length":200}`, `{"kind":"decimal","precision":10,"scale":2}`,
/// `{"kind":"datetime","precision":6}`, `{"kind":"binary","length":16}`,
/// `{"kind":"enum","values":["a","b"]}`, `{"kind":"enumType","name":"mood"}`,
/// `{"kind":"custom","sql":"int4range"}`. Decoding also accepts the object form of every
/// case (`{"kind":"bigint"}`).
///
/// ## Topics
///
/// ### Integers
/// - ``smallint``
/// - ``int``
/// - ``bigint``
///
/// ### Text
/// - ``string(length:)``
/// - ``text``
/// - ``uuid``
/// - ``json``
///
/// ### Numbers and truth
/// - ``bool``
/// - ``decimal(precision:scale:)``
/// - ``float``
/// - ``double``
///
/// ### Dates and times
/// - ``date``
/// - ``time(precision:)``
/// - ``datetime(precision:)``
/// - ``timestampWithZone(precision:)``
///
/// ### Bytes, enumerations, the rest
/// - ``binary(length:)``
/// - ``enum(values:)``
/// - ``enumType(name:)``
/// - ``custom(_:)``
public enum ColumnType: Sendable, Hashable {
    /// A 16-bit integer.
    case smallint
    /// A 32-bit integer.
    case int
    /// A 64-bit integer.
    case bigint
    /// Variable-length text of at most `length` characters (`VARCHAR(n)`).
    case string(length: Int)
    /// Text without a declared length.
    case text
    /// A truth value.
    case bool
    /// An exact decimal number with `precision` digits, `scale` of them after the point.
    ///
    /// Both nil is an unconstrained `numeric` (PostgreSQL). Normalisers write a scale of 0,
    /// not nil, when only the precision was given.
    case decimal(precision: Int? = nil, scale: Int? = nil)
    /// A 4-byte floating-point number.
    case float
    /// An 8-byte floating-point number.
    case double
    /// A calendar date.
    case date
    /// A time of day without a time zone, with `precision` fractional-second digits.
    case time(precision: Int? = nil)
    /// A date and time without a time zone (PostgreSQL `timestamp`, MySQL `DATETIME`).
    case datetime(precision: Int? = nil)
    /// An instant (PostgreSQL `timestamptz`, MySQL `TIMESTAMP`).
    case timestampWithZone(precision: Int? = nil)
    /// A UUID.
    case uuid
    /// A JSON document (PostgreSQL `jsonb`).
    case json
    /// Bytes, at most `length` of them when given.
    case binary(length: Int? = nil)
    /// An inline enumeration of `values`, in declaration order (MySQL style).
    case `enum`(values: [String])
    /// A named enumeration type of the schema (``Schema/enumTypes``; PostgreSQL).
    case enumType(name: String)
    /// Any other type, as the engine's own SQL text after normalisation.
    case custom(String)
}

// MARK: - Coding

extension ColumnType: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, length, precision, scale, values, name, sql
    }

    /// The case name, as the JSON form writes it under `kind`.
    public var kindName: String {
        switch self {
        case .smallint: "smallint"
        case .int: "int"
        case .bigint: "bigint"
        case .string: "string"
        case .text: "text"
        case .bool: "bool"
        case .decimal: "decimal"
        case .float: "float"
        case .double: "double"
        case .date: "date"
        case .time: "time"
        case .datetime: "datetime"
        case .timestampWithZone: "timestampWithZone"
        case .uuid: "uuid"
        case .json: "json"
        case .binary: "binary"
        case .enum: "enum"
        case .enumType: "enumType"
        case .custom: "custom"
        }
    }

    /// Creates a type from the JSON form.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let kind = try? single.decode(String.self) {
            guard let type = Self.withoutValues(kind) else {
                throw DecodingError.dataCorruptedError(
                    in: single,
                    debugDescription: "'\(kind)' is not a column type without values; write {\"kind\":\"\(kind)\",…} or one of \(Self.namesWithoutValues.joined(separator: ", "))"
                )
            }
            self = type
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a column type")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "string": self = .string(length: try container.decode(Int.self, forKey: .length))
        case "decimal":
            self = .decimal(
                precision: try container.decodeIfPresent(Int.self, forKey: .precision),
                scale: try container.decodeIfPresent(Int.self, forKey: .scale)
            )
        case "time": self = .time(precision: try container.decodeIfPresent(Int.self, forKey: .precision))
        case "datetime": self = .datetime(precision: try container.decodeIfPresent(Int.self, forKey: .precision))
        case "timestampWithZone":
            self = .timestampWithZone(precision: try container.decodeIfPresent(Int.self, forKey: .precision))
        case "binary": self = .binary(length: try container.decodeIfPresent(Int.self, forKey: .length))
        case "enum": self = .enum(values: try container.decode([String].self, forKey: .values))
        case "enumType": self = .enumType(name: try container.decode(String.self, forKey: .name))
        case "custom": self = .custom(try container.decode(String.self, forKey: .sql))
        default:
            guard let type = Self.withoutValues(kind) else {
                throw container.corrupted(.kind, "unknown column type '\(kind)'")
            }
            self = type
        }
    }

    /// Writes the JSON form: a bare name when there is nothing more to say.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .smallint, .int, .bigint, .text, .bool, .float, .double, .date, .uuid, .json,
             .decimal(nil, nil), .time(nil), .datetime(nil), .timestampWithZone(nil), .binary(nil):
            var single = encoder.singleValueContainer()
            try single.encode(kindName)
            return
        default:
            break
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kindName, forKey: .kind)
        switch self {
        case .string(let length):
            try container.encode(length, forKey: .length)
        case .decimal(let precision, let scale):
            try container.encodeIfPresent(precision, forKey: .precision)
            try container.encodeIfPresent(scale, forKey: .scale)
        case .time(let precision), .datetime(let precision), .timestampWithZone(let precision):
            try container.encodeIfPresent(precision, forKey: .precision)
        case .binary(let length):
            try container.encodeIfPresent(length, forKey: .length)
        case .enum(let values):
            try container.encodeTexts(values, forKey: .values)
        case .enumType(let name):
            try container.encodeText(name, forKey: .name)
        case .custom(let sql):
            try container.encodeText(sql, forKey: .sql)
        default:
            break
        }
    }

    private static let namesWithoutValues = [
        "smallint", "int", "bigint", "text", "bool", "decimal", "float", "double", "date", "time",
        "datetime", "timestampWithZone", "uuid", "json", "binary",
    ]

    /// The case written as a bare name in the JSON form, or nil.
    private static func withoutValues(_ name: String) -> ColumnType? {
        switch name {
        case "smallint": .smallint
        case "int": .int
        case "bigint": .bigint
        case "text": .text
        case "bool": .bool
        case "decimal": .decimal()
        case "float": .float
        case "double": .double
        case "date": .date
        case "time": .time()
        case "datetime": .datetime()
        case "timestampWithZone": .timestampWithZone()
        case "uuid": .uuid
        case "json": .json
        case "binary": .binary()
        default: nil
        }
    }
}

// MARK: - Facts

extension ColumnType {
    /// Whether this is one of the integer cases, the only types an ``Identity`` suits.
    ///
    /// A ``custom(_:)`` type may be an integer too (MySQL `INT UNSIGNED`); the model cannot
    /// tell, so validation does not hold it against an identity.
    public var isInteger: Bool {
        switch self {
        case .smallint, .int, .bigint: true
        default: false
        }
    }
}
