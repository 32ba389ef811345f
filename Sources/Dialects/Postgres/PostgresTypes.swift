import Schema

/// PostgreSQL's type names and the portable ``ColumnType``s they map to.
///
/// | PostgreSQL (`format_type` and synonyms) | ``ColumnType`` |
/// |---|---|
/// | `smallint`, `int2` | ``ColumnType/smallint`` |
/// | `integer`, `int`, `int4` | ``ColumnType/int`` |
/// | `bigint`, `int8` | ``ColumnType/bigint`` |
/// | `character varying(n)`, `varchar(n)` | ``ColumnType/string(length:)`` |
/// | `character varying` without a length | `custom("character varying")` |
/// | `text` | ``ColumnType/text`` |
/// | `boolean`, `bool` | ``ColumnType/bool`` |
/// | `numeric(p,s)`, `decimal(p,s)`, `numeric(p)` (scale 0), `numeric` | ``ColumnType/decimal(precision:scale:)`` |
/// | `real`, `float4`, `float(1…24)` | ``ColumnType/float`` |
/// | `double precision`, `float8`, `float`, `float(25…53)` | ``ColumnType/double`` |
/// | `date` | ``ColumnType/date`` |
/// | `time(p) [without time zone]` | ``ColumnType/time(precision:)`` |
/// | `timestamp(p) [without time zone]` | ``ColumnType/datetime(precision:)`` |
/// | `timestamp(p) with time zone`, `timestamptz(p)` | ``ColumnType/timestampWithZone(precision:)`` |
/// | `uuid` | ``ColumnType/uuid`` |
/// | `jsonb` | ``ColumnType/json`` |
/// | `bytea` | ``ColumnType/binary(length:)`` (no length) |
/// | an enum type of the inspected schema | ``ColumnType/enumType(name:)`` |
/// | anything else (`json`, `character(n)`, `time with time zone`, arrays, domains, extension types) | `custom` with `format_type`'s text |
///
/// A precision of 6 (the default) is nil.
enum PostgresTypes {
    /// The portable type of a type's SQL text, `format_type`'s or a synonym.
    static func columnType(sql text: String) -> ColumnType {
        let spelled = collapsed(text)
        let lower = spelled.lowercased()
        if lower.hasSuffix("[]") {
            let element = columnType(sql: String(spelled.dropLast(2)))
            return .custom(sql(for: element, canonical: true) + "[]")
        }
        let (base, modifiers, suffix) = split(lower)
        switch (base, suffix) {
        case ("smallint", ""), ("int2", ""): return modifiers.isEmpty ? .smallint : .custom(spelled)
        case ("integer", ""), ("int", ""), ("int4", ""): return modifiers.isEmpty ? .int : .custom(spelled)
        case ("bigint", ""), ("int8", ""): return modifiers.isEmpty ? .bigint : .custom(spelled)
        case ("character varying", ""), ("varchar", ""):
            if let length = modifiers.first, modifiers.count == 1 { return .string(length: length) }
            return modifiers.isEmpty ? .custom("character varying") : .custom(spelled)
        case ("text", ""): return .text
        case ("boolean", ""), ("bool", ""): return .bool
        case ("numeric", ""), ("decimal", ""):
            switch modifiers.count {
            case 0: return .decimal()
            case 1: return .decimal(precision: modifiers[0], scale: 0)
            default: return .decimal(precision: modifiers[0], scale: modifiers[1])
            }
        case ("real", ""), ("float4", ""): return .float
        case ("double precision", ""), ("float8", ""): return .double
        case ("float", ""):
            guard let bits = modifiers.first else { return .double }
            return bits <= 24 ? .float : .double
        case ("date", ""): return .date
        case ("time", ""), ("time", "without time zone"): return .time(precision: precision(modifiers))
        case ("timestamp", ""), ("timestamp", "without time zone"): return .datetime(precision: precision(modifiers))
        case ("timestamp", "with time zone"), ("timestamptz", ""): return .timestampWithZone(precision: precision(modifiers))
        case ("time", "with time zone"), ("timetz", ""):
            return .custom(modifiers.first.map { "time(\($0)) with time zone" } ?? "time with time zone")
        case ("uuid", ""): return .uuid
        case ("jsonb", ""): return .json
        case ("json", ""): return .custom("json")
        case ("bytea", ""): return .binary()
        case ("character", ""), ("char", ""), ("bpchar", ""):
            return .custom("character(\(modifiers.first ?? 1))")
        default:
            return .custom(spelled)
        }
    }

    /// The canonical form of a type: synonyms and `custom` spellings of portable types
    /// become the portable case; a length on `binary` and a precision of 6 go.
    static func normalized(_ type: ColumnType) -> ColumnType {
        switch type {
        case .custom(let text): return columnType(sql: text)
        case .decimal(let precision?, nil): return .decimal(precision: precision, scale: 0)
        case .decimal(nil, _?): return .decimal()
        case .time(let p): return .time(precision: p == 6 ? nil : p)
        case .datetime(let p): return .datetime(precision: p == 6 ? nil : p)
        case .timestampWithZone(let p): return .timestampWithZone(precision: p == 6 ? nil : p)
        case .binary: return .binary()
        case .enum: return .text
        default: return type
        }
    }

    /// The SQL a column of `type` is declared with. With `canonical`, `format_type`'s
    /// spelling (used inside `custom` array types).
    static func sql(for type: ColumnType, canonical: Bool = false, quote: (String) -> String = { "\"" + $0 + "\"" }) -> String {
        switch type {
        case .smallint: return "smallint"
        case .int: return "integer"
        case .bigint: return "bigint"
        case .string(let length): return canonical ? "character varying(\(length))" : "varchar(\(length))"
        case .text, .enum: return "text"
        case .bool: return "boolean"
        case .decimal(let precision?, let scale): return "numeric(\(precision),\(scale ?? 0))"
        case .decimal: return "numeric"
        case .float: return "real"
        case .double: return "double precision"
        case .date: return "date"
        case .time(let p): return canonical ? "time\(modifier(p)) without time zone" : "time\(modifier(p))"
        case .datetime(let p): return canonical ? "timestamp\(modifier(p)) without time zone" : "timestamp\(modifier(p))"
        case .timestampWithZone(let p): return canonical ? "timestamp\(modifier(p)) with time zone" : "timestamptz\(modifier(p))"
        case .uuid: return "uuid"
        case .json: return "jsonb"
        case .binary: return "bytea"
        case .enumType(let name): return canonical ? PostgresNames.deparsed(name) : quote(name)
        case .custom(let text): return text
        }
    }

    /// The type name `format_type(oid, NULL)` gives for a column of `type` (no modifiers),
    /// the cast a literal default carries.
    static func baseName(of type: ColumnType) -> String? {
        switch type {
        case .string: "character varying"
        case .decimal: "numeric"
        case .time: "time without time zone"
        case .datetime: "timestamp without time zone"
        case .timestampWithZone: "timestamp with time zone"
        case .enumType(let name): PostgresNames.deparsed(name)
        case .custom: nil
        default: sql(for: type, canonical: true)
        }
    }

    /// Whether values of `type` are numbers.
    static func isNumeric(_ type: ColumnType) -> Bool {
        switch type {
        case .smallint, .int, .bigint, .decimal, .float, .double: true
        default: false
        }
    }

    /// Whether values of `type` are text.
    static func isText(_ type: ColumnType) -> Bool {
        switch type {
        case .string, .text: true
        case .custom(let text): text == "character varying" || text.hasPrefix("character(")
        default: false
        }
    }

    /// The type names PostgreSQL prints for numeric casts of literals (`'-1'::integer`).
    static let numericNames: Set<String> = ["smallint", "integer", "bigint", "numeric", "real", "double precision"]

    private static func precision(_ modifiers: [Int]) -> Int? {
        guard let p = modifiers.first, p != 6 else { return nil }
        return p
    }

    private static func modifier(_ precision: Int?) -> String {
        precision.map { "(\($0))" } ?? ""
    }

    /// Spaces collapsed and trimmed.
    private static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// `timestamp(3) with time zone` → (`timestamp`, [3], `with time zone`); `numeric(10, 2)` → (`numeric`, [10, 2], ``).
    private static func split(_ text: String) -> (base: String, modifiers: [Int], suffix: String) {
        guard let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") else {
            for suffix in ["with time zone", "without time zone"] where text.hasSuffix(" " + suffix) {
                return (String(text.dropLast(suffix.count + 1)), [], suffix)
            }
            return (text, [], "")
        }
        let base = text[..<open].strippingEnds(" ")
        let inner = text[text.index(after: open)..<close]
        let numbers = inner.split(separator: ",").map { Int($0.strippingEnds(" ")) }
        guard numbers.allSatisfy({ $0 != nil }) else { return (text, [], "") }
        let suffix = text[text.index(after: close)...].strippingEnds(" ")
        return (base, numbers.compactMap { $0 }, suffix)
    }
}

extension StringProtocol {
    /// The text without `character` at either end.
    func strippingEnds(_ character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}
