/// The default of a column, in the shape a normaliser reduces the engine's text to.
///
/// Engines store defaults rewritten, and keep synonyms apart: PostgreSQL shows `now()` and
/// `CURRENT_TIMESTAMP` as written, `'x'` as `'x'::text` and a serial's default as
/// `nextval('t_id_seq'::regclass)`; MySQL reports `0` for `DEFAULT '0'` and wraps
/// expression defaults in parentheses. Comparing that text would never converge, so a
/// dialect's normaliser reduces each default to one of these cases, and two defaults that
/// mean the same reduce to the same case: `now()`, `CURRENT_TIMESTAMP`,
/// `current_timestamp()` and `CURRENT_TIMESTAMP(6)` on a `DATETIME(6)` column are all
/// ``currentTimestamp``; `'0'` on an integer column is ``number(_:)`` `"0"`; `'abc'::text`
/// is ``string(_:)`` `"abc"`.
///
/// - Literals carry their value, not their SQL: ``string(_:)`` holds the characters
///   without quotes or escapes, ``number(_:)`` the canonical decimal text (see
///   ``number(normalizing:)``), ``bool(_:)`` a Swift `Bool`.
/// - The clock functions every engine has are cases of their own; their precision is the
///   column's (MySQL requires them to match).
/// - ``nextValue(sequence:)`` is a default drawn from a named sequence that is not the
///   column's own: a serial column's sequence is described by its ``Identity`` instead,
///   and such a column has no default.
/// - ``expression(_:)`` is everything else, as normalised text: the same text must mean
///   the same thing, and the normaliser decides how far it rewrites (`gen_random_uuid()`,
///   `'{}'::jsonb`, `(now() + '1 day'::interval)`).
///
/// A column without a `DEFAULT` clause has no ``Column/defaultValue`` at all (nil);
/// ``null`` is an explicit `DEFAULT NULL`, where the engine keeps the difference.
///
/// ## JSON form
///
/// The cases without values are their name as a string: `"null"`, `"currentTimestamp"`,
/// `"currentDate"`, `"currentTime"`. The others are objects:
/// `{"kind":"string","value":"a"}`, `{"kind":"number","value":"-1.5"}`,
/// `{"kind":"bool","value":true}`, `{"kind":"nextValue","sequence":"ids"}`,
/// `{"kind":"expression","sql":"gen_random_uuid()"}`.
///
/// ## Topics
///
/// ### Literals
/// - ``null``
/// - ``string(_:)``
/// - ``number(_:)``
/// - ``bool(_:)``
/// - ``number(normalizing:)``
///
/// ### Functions and expressions
/// - ``currentTimestamp``
/// - ``currentDate``
/// - ``currentTime``
/// - ``nextValue(sequence:)``
/// - ``expression(_:)``
public enum ColumnDefault: Sendable, Hashable {
    /// An explicit `DEFAULT NULL`.
    case null
    /// A text literal: its characters, without quotes or escapes.
    case string(String)
    /// A numeric literal as canonical decimal text (`"0"`, `"-1.5"`, `"100"`).
    case number(String)
    /// A truth literal.
    case bool(Bool)
    /// The current date and time: `CURRENT_TIMESTAMP`, `now()`, `current_timestamp()`.
    case currentTimestamp
    /// The current date: `CURRENT_DATE`, `curdate()`.
    case currentDate
    /// The current time of day: `CURRENT_TIME`, `curtime()`.
    case currentTime
    /// The next value of a named sequence that the column does not own (`nextval('s')`).
    case nextValue(sequence: String)
    /// Any other default, as normalised SQL text.
    case expression(String)
}

// MARK: - Numbers

extension ColumnDefault {
    /// A ``number(_:)`` from decimal text, in canonical form, or nil if `text` is not a
    /// plain decimal number.
    ///
    /// The canonical form has an optional `-`, no leading zeros before the point, no
    /// trailing zeros after it, no point when nothing follows it, no `+`, and `0` for
    /// every zero (`-0.0` included): `"+001.50"` becomes `"1.5"`, `"-.5"` becomes `"-0.5"`,
    /// `"10."` becomes `"10"`. Exponents (`1e3`) and non-digits are refused; a normaliser
    /// keeps those as ``expression(_:)`` or expands them itself.
    public static func number(normalizing text: String) -> ColumnDefault? {
        var scalars = text.trimmingASCIISpaces()
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let isDigits: (String) -> Bool = { $0.utf8.allSatisfy { (48...57).contains($0) } }
        guard isDigits(whole), isDigits(fraction), !(whole.isEmpty && fraction.isEmpty) else { return nil }
        let trimmedWhole = String(whole.drop { $0 == "0" })
        var trimmedFraction = fraction
        while trimmedFraction.last == "0" { trimmedFraction.removeLast() }
        var result = trimmedWhole.isEmpty ? "0" : trimmedWhole
        if !trimmedFraction.isEmpty { result += "." + trimmedFraction }
        if negative && result != "0" { result = "-" + result }
        return .number(result)
    }
}

extension String {
    fileprivate func trimmingASCIISpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let start = firstIndex { !isSpace($0) } ?? endIndex
        let end = lastIndex { !isSpace($0) }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

// MARK: - Coding

extension ColumnDefault: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, value, sequence, sql
    }

    /// The case name, as the JSON form writes it.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .currentTimestamp: "currentTimestamp"
        case .currentDate: "currentDate"
        case .currentTime: "currentTime"
        case .nextValue: "nextValue"
        case .expression: "expression"
        }
    }

    /// Creates a default from the JSON form.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let kind = try? single.decode(String.self) {
            guard let value = Self.withoutValues(kind) else {
                throw DecodingError.dataCorruptedError(
                    in: single,
                    debugDescription: "'\(kind)' is not a default without values; write {\"kind\":\"\(kind)\",…} or one of null, currentTimestamp, currentDate, currentTime"
                )
            }
            self = value
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a column default")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "string": self = .string(try container.decode(String.self, forKey: .value))
        case "number": self = .number(try container.decode(String.self, forKey: .value))
        case "bool": self = .bool(try container.decode(Bool.self, forKey: .value))
        case "nextValue": self = .nextValue(sequence: try container.decode(String.self, forKey: .sequence))
        case "expression": self = .expression(try container.decode(String.self, forKey: .sql))
        default:
            guard let value = Self.withoutValues(kind) else {
                throw container.corrupted(.kind, "unknown column default '\(kind)'")
            }
            self = value
        }
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        if Self.withoutValues(kindName) != nil {
            var single = encoder.singleValueContainer()
            try single.encode(kindName)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kindName, forKey: .kind)
        switch self {
        case .string(let value), .number(let value):
            try container.encodeText(value, forKey: .value)
        case .bool(let value):
            try container.encode(value, forKey: .value)
        case .nextValue(let sequence):
            try container.encodeText(sequence, forKey: .sequence)
        case .expression(let sql):
            try container.encodeText(sql, forKey: .sql)
        case .null, .currentTimestamp, .currentDate, .currentTime:
            break
        }
    }

    private static func withoutValues(_ name: String) -> ColumnDefault? {
        switch name {
        case "null": .null
        case "currentTimestamp": .currentTimestamp
        case "currentDate": .currentDate
        case "currentTime": .currentTime
        default: nil
        }
    }
}
