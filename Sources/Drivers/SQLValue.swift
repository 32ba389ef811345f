/// A value sent to or read from a database, in the few shapes Strata needs.
///
/// What each engine returns:
///
/// | engine | `.bool` | `.array` |
/// |---|---|---|
/// | PostgreSQL | `bool` columns | arrays (`text[]`, `int2[]`…, any element type the driver reads) and the `int2vector`/`oidvector` catalog types |
/// | MySQL, MariaDB | never: `BOOL` is `TINYINT(1)` and arrives as ``int(_:)``, `BIT(n)` too | never |
/// | SQLite | never: SQLite stores booleans as the integers 0 and 1 | never |
///
/// Read values by name with ``SQLRow/decode(_:as:)`` and its shorthands
/// (``SQLRow/string(_:)``, ``SQLRow/int(_:)``, ``SQLRow/bool(_:)``…), which throw on a
/// missing column, a NULL or a value of another type.
///
/// ## Topics
/// ### Values
/// - ``null``
/// - ``int(_:)``
/// - ``double(_:)``
/// - ``text(_:)``
/// - ``blob(_:)``
/// - ``bool(_:)``
/// - ``array(_:)``
/// ### Loose conversions
/// - ``string``
/// - ``int``
/// - ``double``
/// - ``bool``
/// - ``array``
/// - ``isNull``
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// An integer.
    case int(Int64)
    /// A floating-point number.
    case double(Double)
    /// Text.
    case text(String)
    /// Bytes.
    case blob([UInt8])
    /// A boolean: PostgreSQL's `bool`. MySQL and SQLite have no boolean type and return
    /// integers (see ``SQLRow/bool(_:)``, which reads either).
    case bool(Bool)
    /// A PostgreSQL array, its elements in order (NULL elements as ``null``); a
    /// multi-dimensional array holds arrays. Lower bounds other than 1 are not kept.
    ///
    /// As a bound parameter it is sent to PostgreSQL as an untyped array literal, so the
    /// server reads it as the array type that the placeholder's context needs (cast it,
    /// `$1::int[]`, where the context names none). MySQL and SQLite refuse it.
    case array([SQLValue])

    // MARK: - Loose conversions

    /// The value as text: integers and doubles printed, blobs as UTF-8, booleans as `true`
    /// and `false`, arrays as PostgreSQL array literals (`{1,2}`, `{a,"b c",NULL}`); nil for
    /// NULL.
    public var string: String? {
        switch self {
        case .null: nil
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .text(let v): v
        case .blob(let v): String(decoding: v, as: UTF8.self)
        case .bool(let v): v ? "true" : "false"
        case .array: arrayLiteral
        }
    }

    /// The value as an integer: integers, booleans (1 and 0), and text or doubles that hold
    /// an integer; nil otherwise.
    public var int: Int64? {
        switch self {
        case .int(let v): v
        case .double(let v): Int64(exactly: v)
        case .text(let v): Int64(v)
        case .blob(let v): Int64(String(decoding: v, as: UTF8.self))
        case .bool(let v): v ? 1 : 0
        case .null, .array: nil
        }
    }

    /// The value as a double: doubles, integers, and text that holds a number; nil otherwise.
    public var double: Double? {
        switch self {
        case .double(let v): v
        case .int(let v): Double(v)
        case .text(let v): Double(v)
        case .null, .blob, .bool, .array: nil
        }
    }

    /// The value as a boolean: ``bool(_:)``, the integers 1 and 0, and the texts PostgreSQL
    /// reads as booleans, in any case: `t`, `true`, `y`, `yes`, `on`, `1` and `f`, `false`,
    /// `n`, `no`, `off`, `0`; nil otherwise.
    ///
    /// This covers PostgreSQL's `bool` (and its text form, and `SHOW`'s `on`/`off`), MySQL's
    /// `BOOL` (`TINYINT(1)`) and `BIT(1)`, SQLite's 0 and 1, and `information_schema`'s
    /// `YES`/`NO`.
    public var bool: Bool? {
        switch self {
        case .bool(let v): return v
        case .int(1): return true
        case .int(0): return false
        case .text(let v):
            switch v.lowercased() {
            case "t", "true", "y", "yes", "on", "1": return true
            case "f", "false", "n", "no", "off", "0": return false
            default: return nil
            }
        case .null, .int, .double, .blob, .array: return nil
        }
    }

    /// The elements of an ``array(_:)``; nil for any other value.
    public var array: [SQLValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether the value is ``null``.
    public var isNull: Bool { self == .null }

    /// The value as ``string`` gives it, or `NULL`.
    public var description: String { string ?? "NULL" }

    // MARK: - Messages

    /// What kind of value this is, for error messages: "NULL", "an integer (42)".
    var kindDescription: String {
        switch self {
        case .null: "NULL"
        case .int(let v): "an integer (\(v))"
        case .double(let v): "a double (\(v))"
        case .text(let v): "text (\(Self.excerpt(v)))"
        case .blob(let v): "a blob (\(v.count) bytes)"
        case .bool(let v): "a boolean (\(v))"
        case .array(let v): "an array (\(Self.excerpt(arrayLiteral)), \(v.count) elements)"
        }
    }

    private static func excerpt(_ text: String) -> String {
        let quoted = "'" + text.prefix(40) + "'"
        return text.count > 40 ? quoted + "…" : quoted
    }

    // MARK: - Array literals

    /// An ``array(_:)`` as PostgreSQL writes and reads it: `{1,2}`, `{{a,b},{c,NULL}}`,
    /// blobs as `\x…` hex, booleans as `true`/`false`. A scalar value gives its own text.
    var arrayLiteral: String {
        switch self {
        case .array(let elements):
            return "{" + elements.map(\.arrayElementLiteral).joined(separator: ",") + "}"
        default:
            return string ?? "NULL"
        }
    }

    private var arrayElementLiteral: String {
        let text: String
        switch self {
        case .null: return "NULL"
        case .array: return arrayLiteral
        case .blob(let bytes):
            text = "\\x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        default:
            text = string ?? ""
        }
        let special: Set<Character> = ["{", "}", ",", "\"", "\\"]
        let needsQuotes = text.isEmpty || text.lowercased() == "null"
            || text.contains(where: { special.contains($0) || $0.isWhitespace })
        guard needsQuotes else { return text }
        var out = "\""
        for c in text {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}
