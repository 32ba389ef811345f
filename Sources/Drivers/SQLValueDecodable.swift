/// A type that ``SQLRow/decode(_:as:)`` can read from a ``SQLValue``.
///
/// Conversions are strict, so that a catalog query that returns something unexpected
/// throws rather than reading a wrong value:
///
/// | type | reads |
/// |---|---|
/// | `String` | text; a blob that is valid UTF-8 |
/// | `Int`, `Int64`, `Int32`, `Int16` | integers in range; text and doubles that hold one exactly |
/// | `Bool` | booleans; the integers 1 and 0; the texts `t`/`f`, `true`/`false`, `yes`/`no`, `on`/`off`, `y`/`n`, `1`/`0` (any case) |
/// | `Double` | doubles, integers, numeric text |
/// | ``SQLValue`` | anything, NULL included |
/// | `[Element]` | a PostgreSQL array whose elements all read as `Element` |
/// | `Optional<Wrapped>` | NULL as nil, else as `Wrapped` |
///
/// ## Topics
/// - ``init(sqlValue:)``
/// - ``sqlTypeDescription``
public protocol SQLValueDecodable: Sendable {
    /// Reads a value, or returns nil when `sqlValue` (NULL included, unless the type is
    /// optional) is not one of this type.
    init?(sqlValue: SQLValue)

    /// What the type reads, for error messages: "text", "an integer".
    static var sqlTypeDescription: String { get }
}

extension SQLValue: SQLValueDecodable {
    /// Any value, as it is.
    public init?(sqlValue: SQLValue) { self = sqlValue }
    /// "a value".
    public static var sqlTypeDescription: String { "a value" }
}

extension String: SQLValueDecodable {
    /// Text, or a blob that is valid UTF-8.
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .text(let v): self = v
        case .blob(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            self = text
        default: return nil
        }
    }
    /// "text".
    public static var sqlTypeDescription: String { "text" }
}

extension Bool: SQLValueDecodable {
    /// A boolean, the integers 1 and 0, or a text that ``SQLValue/bool`` reads.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.bool else { return nil }
        self = v
    }
    /// "a boolean (true/false, 1/0, 't'/'f', 'yes'/'no')".
    public static var sqlTypeDescription: String { "a boolean (true/false, 1/0, 't'/'f', 'yes'/'no')" }
}

extension Double: SQLValueDecodable {
    /// A double, an integer, or text that holds a number.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.double else { return nil }
        self = v
    }
    /// "a number".
    public static var sqlTypeDescription: String { "a number" }
}

extension SQLValue {
    /// The value as an integer of type `T`: integers in range, and text or doubles that
    /// hold one exactly. Booleans do not count.
    fileprivate func integer<T: FixedWidthInteger>(as type: T.Type) -> T? {
        switch self {
        case .int(let v): T(exactly: v)
        case .double(let v): T(exactly: v)
        case .text(let v): T(v)
        case .null, .blob, .bool, .array: nil
        }
    }
}

extension Int: SQLValueDecodable {
    /// An integer, or text or a double that holds one.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.integer(as: Int.self) else { return nil }
        self = v
    }
    /// "an integer".
    public static var sqlTypeDescription: String { "an integer" }
}

extension Int64: SQLValueDecodable {
    /// An integer, or text or a double that holds one.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.integer(as: Int64.self) else { return nil }
        self = v
    }
    /// "an integer".
    public static var sqlTypeDescription: String { "an integer" }
}

extension Int32: SQLValueDecodable {
    /// An integer that fits 32 bits, or text or a double that holds one.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.integer(as: Int32.self) else { return nil }
        self = v
    }
    /// "a 32-bit integer".
    public static var sqlTypeDescription: String { "a 32-bit integer" }
}

extension Int16: SQLValueDecodable {
    /// An integer that fits 16 bits, or text or a double that holds one.
    public init?(sqlValue: SQLValue) {
        guard let v = sqlValue.integer(as: Int16.self) else { return nil }
        self = v
    }
    /// "a 16-bit integer".
    public static var sqlTypeDescription: String { "a 16-bit integer" }
}

extension Optional: SQLValueDecodable where Wrapped: SQLValueDecodable {
    /// nil for NULL, else the value as `Wrapped`.
    public init?(sqlValue: SQLValue) {
        if sqlValue == .null {
            self = .none
            return
        }
        guard let v = Wrapped(sqlValue: sqlValue) else { return nil }
        self = .some(v)
    }
    /// What `Wrapped` reads, or NULL.
    public static var sqlTypeDescription: String { Wrapped.sqlTypeDescription + " or NULL" }
}

extension Array: SQLValueDecodable where Element: SQLValueDecodable {
    /// A PostgreSQL array whose elements all read as `Element` (NULL elements only when it
    /// is optional).
    public init?(sqlValue: SQLValue) {
        guard case .array(let elements) = sqlValue else { return nil }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let v = Element(sqlValue: element) else { return nil }
            result.append(v)
        }
        self = result
    }
    /// "an array, each element …".
    public static var sqlTypeDescription: String { "an array, each element " + Element.sqlTypeDescription }
}
