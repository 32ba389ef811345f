import Schema

/// MySQL's spellings of types, literals and defaults, shared by the inspector, the
/// normaliser and the renderer.
///
/// Everything here is a pure function of text: no regular expressions, one pass per value,
/// so that a catalog of tens of thousands of columns reads in linear time.
enum MySQLTypeNames {
    // MARK: - Types

    /// The portable type of a MySQL type text (`COLUMN_TYPE`, or what a model wrote as
    /// ``ColumnType/custom(_:)``): display widths are dropped, except `tinyint(1)`, which is
    /// ``ColumnType/bool``; what has no portable case stays custom, lower-cased.
    static func columnType(_ text: String) -> ColumnType {
        let lowered = collapseSpaces(text.lowercased())
        let (base, arguments, rest) = splitType(lowered)
        let modifiers = rest.trimmingSpaces()
        if base == "enum", modifiers.isEmpty, let arguments {
            return .enum(values: literalList(arguments))
        }
        if base == "set" || base == "enum" {
            return .custom(lowered)
        }
        let numbers = arguments.map(integers) ?? []
        switch base {
        case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
            if base == "tinyint", numbers == [1], modifiers.isEmpty { return .bool }
            if !modifiers.isEmpty {
                let width = modifiers.contains("zerofill") ? arguments : nil
                return .custom(joined(base == "integer" ? "int" : base, width, modifiers))
            }
            switch base {
            case "smallint": return .smallint
            case "int", "integer": return .int
            case "bigint": return .bigint
            default: return .custom(base)
            }
        case "bool", "boolean":
            return modifiers.isEmpty ? .bool : .custom(lowered)
        default:
            break
        }
        guard modifiers.isEmpty else { return .custom(joined(base, arguments, modifiers)) }
        switch base {
        case "varchar" where numbers.count == 1: return .string(length: numbers[0])
        case "text" where arguments == nil: return .text
        case "char" where numbers == [36]: return .uuid
        case "decimal", "numeric", "dec", "fixed":
            switch numbers.count {
            case 0 where arguments == nil: return .decimal(precision: 10, scale: 0)
            case 1: return .decimal(precision: numbers[0], scale: 0)
            case 2: return .decimal(precision: numbers[0], scale: numbers[1])
            default: return .custom(lowered)
            }
        case "float" where arguments == nil: return .float
        case "double", "real", "double precision":
            return arguments == nil ? .double : .custom(joined("double", arguments, ""))
        case "date" where arguments == nil: return .date
        case "time" where numbers.count <= 1: return .time(precision: precision(numbers))
        case "datetime" where numbers.count <= 1: return .datetime(precision: precision(numbers))
        case "timestamp" where numbers.count <= 1: return .timestampWithZone(precision: precision(numbers))
        case "json" where arguments == nil: return .json
        case "year": return .custom("year")
        case "longblob" where arguments == nil: return .binary(length: nil)
        case "varbinary" where numbers.count == 1: return .binary(length: numbers[0])
        default: return .custom(joined(base, arguments, ""))
        }
    }

    /// The DDL spelling of a portable type (`INT`, `VARCHAR(20)`, `ENUM('a','b')`).
    static func render(_ type: ColumnType, dialect: MySQLDialect, enumValues: (String) -> [String]?) -> String {
        switch type {
        case .smallint: return "SMALLINT"
        case .int: return "INT"
        case .bigint: return "BIGINT"
        case .string(let length): return "VARCHAR(\(length))"
        case .text: return "TEXT"
        case .bool: return "TINYINT(1)"
        case .decimal(let precision, let scale):
            guard let precision else { return "DECIMAL" }
            return "DECIMAL(\(precision),\(scale ?? 0))"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .date: return "DATE"
        case .time(let precision): return "TIME" + precisionSuffix(precision)
        case .datetime(let precision): return "DATETIME" + precisionSuffix(precision)
        case .timestampWithZone(let precision): return "TIMESTAMP" + precisionSuffix(precision)
        case .uuid: return "CHAR(36)"
        case .json: return "JSON"
        case .binary(let length): return length.map { "VARBINARY(\($0))" } ?? "LONGBLOB"
        case .enum(let values): return "ENUM(" + values.map(dialect.quoteLiteral).joined(separator: ",") + ")"
        case .enumType(let name):
            let values = enumValues(name) ?? []
            return "ENUM(" + values.map(dialect.quoteLiteral).joined(separator: ",") + ")"
        case .custom(let sql): return sql
        }
    }

    /// Whether values of the type are numbers (defaults of `'0'` read as ``ColumnDefault/number(_:)``).
    static func isNumeric(_ type: ColumnType) -> Bool {
        switch type {
        case .smallint, .int, .bigint, .decimal, .float, .double: return true
        case .custom(let sql):
            let base = splitType(sql).base
            return ["tinyint", "mediumint", "smallint", "int", "bigint", "decimal", "float", "double", "bit", "year"]
                .contains(base)
        default: return false
        }
    }

    /// Whether the type holds characters, and so has a character set and collation.
    static func hasCharacterSet(_ type: ColumnType) -> Bool {
        switch type {
        case .string, .text, .uuid, .enum, .enumType: return true
        case .custom(let sql):
            let base = splitType(sql).base
            return ["char", "varchar", "tinytext", "mediumtext", "longtext", "text", "set", "enum"].contains(base)
        default: return false
        }
    }

    /// The fractional-second precision of a time type, or nil.
    static func timePrecision(_ type: ColumnType) -> Int? {
        switch type {
        case .time(let p), .datetime(let p), .timestampWithZone(let p): return p
        default: return nil
        }
    }

    // MARK: - Type text

    /// `decimal(10,2) unsigned` → (`decimal`, `10,2`, ` unsigned`).
    static func splitType(_ text: String) -> (base: String, arguments: String?, rest: Substring) {
        guard let open = text.firstIndex(of: "(") else {
            if let space = text.firstIndex(of: " "), !text.hasPrefix("double precision") {
                return (String(text[..<space]), nil, text[space...])
            }
            return (text, nil, "")
        }
        let base = String(text[..<open]).trimmingSpaces()
        var depth = 0
        var quote = false
        var index = open
        while index < text.endIndex {
            let character = text[index]
            if quote {
                if character == "\\" {
                    index = text.index(after: index)
                    if index == text.endIndex { break }
                } else if character == "'" {
                    quote = false
                }
            } else if character == "'" {
                quote = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 {
                    let arguments = String(text[text.index(after: open)..<index])
                    return (base, arguments, text[text.index(after: index)...])
                }
            }
            index = text.index(after: index)
        }
        return (base, nil, "")
    }

    private static func joined(_ base: String, _ arguments: String?, _ modifiers: String) -> String {
        var result = base
        if let arguments { result += "(" + arguments + ")" }
        if !modifiers.isEmpty { result += " " + modifiers }
        return result
    }

    private static func integers(_ arguments: String) -> [Int] {
        let parts = arguments.split(separator: ",").map { Int($0.trimmingSpaces()) }
        return parts.contains(nil) ? [-1] : parts.compactMap { $0 }
    }

    private static func precision(_ numbers: [Int]) -> Int? {
        guard let first = numbers.first, first != 0 else { return nil }
        return first
    }

    private static func precisionSuffix(_ precision: Int?) -> String {
        precision.map { "(\($0))" } ?? ""
    }

    private static func collapseSpaces(_ text: String) -> String {
        guard text.contains("  ") || text.hasPrefix(" ") || text.hasSuffix(" ") else { return text }
        return text.split(separator: " ").joined(separator: " ")
    }

    // MARK: - Literals

    /// The values of a quoted list (`'a','b''c'`), unescaped.
    static func literalList(_ text: String) -> [String] {
        var values: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "'", let (value, end) = readLiteral(text, from: index) {
                values.append(value)
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return values
    }

    /// The value of the quoted literal that is the whole of `text` (`'it''s'`), or nil.
    static func wholeLiteral(_ text: String) -> String? {
        guard text.first == "'", let (value, end) = readLiteral(text, from: text.startIndex), end == text.endIndex else {
            return nil
        }
        return value
    }

    /// Reads the literal that opens at `start` (a `'`), with MySQL's escapes (`''`, `\\`,
    /// `\'`, `\n`, `\t`, `\r`, `\0`, `\Z`, `\b`): the value and the index after its close.
    static func readLiteral(_ text: String, from start: String.Index) -> (String, String.Index)? {
        var value = ""
        var index = text.index(after: start)
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                let next = text.index(after: index)
                guard next < text.endIndex else { return nil }
                switch text[next] {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\0")
                case "Z": value.append("\u{1A}")
                case "b": value.append("\u{8}")
                default: value.append(text[next])
                }
                index = text.index(after: next)
            } else if character == "'" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "'" {
                    value.append("'")
                    index = text.index(after: next)
                } else {
                    return (value, next)
                }
            } else {
                value.append(character)
                index = text.index(after: index)
            }
        }
        return nil
    }

    /// MySQL 8's `information_schema` escapes the quotes of literals inside expressions
    /// (`_utf8mb4\'a\'`); the expression as the server parses it has plain quotes.
    static func unescapeCatalogQuotes(_ text: String) -> String {
        guard text.contains("\\'") else { return text }
        var result = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else { result.append(character); break }
                if next == "'" { result.append("'") } else { result.append(character); result.append(next) }
            } else {
                result.append(character)
            }
        }
        return result
    }

    // MARK: - Defaults

    /// The clock function names, lower-cased, of each clock default.
    static func clockDefault(_ text: String) -> ColumnDefault? {
        var lowered = text.lowercased().trimmingSpaces()
        while lowered.hasPrefix("("), lowered.hasSuffix(")"), balancedOuterParentheses(lowered) {
            lowered = String(lowered.dropFirst().dropLast()).trimmingSpaces()
        }
        let name: String
        if let open = lowered.firstIndex(of: "(") {
            guard lowered.hasSuffix(")") else { return nil }
            let inside = lowered[lowered.index(after: open)..<lowered.index(before: lowered.endIndex)]
            guard inside.allSatisfy(\.isNumber) else { return nil }
            name = String(lowered[..<open])
        } else {
            name = lowered
        }
        switch name {
        case "current_timestamp", "now", "localtime", "localtimestamp": return .currentTimestamp
        case "current_date", "curdate": return .currentDate
        case "current_time", "curtime": return .currentTime
        default: return nil
        }
    }

    /// Whether the first `(` of `text` closes at its last character.
    static func balancedOuterParentheses(_ text: String) -> Bool {
        guard text.first == "(", text.last == ")" else { return false }
        var depth = 0
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" {
                    index = text.index(after: index)
                    if index == text.endIndex { return false }
                } else if character == open {
                    quote = nil
                }
            } else if character == "'" || character == "\"" || character == "`" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 { return text.index(after: index) == text.endIndex }
            }
            index = text.index(after: index)
        }
        return false
    }

    /// `text` without one pair of parentheses around the whole of it.
    static func strippingOuterParentheses(_ text: String) -> String {
        let trimmed = text.trimmingSpaces()
        guard balancedOuterParentheses(trimmed) else { return trimmed }
        return String(trimmed.dropFirst().dropLast()).trimmingSpaces()
    }

    /// A literal default on a column of `type`, reduced to its canonical case: numbers on
    /// numeric columns, truth on boolean ones, text elsewhere.
    static func literalDefault(_ value: String, type: ColumnType) -> ColumnDefault {
        if type == .bool, case .number(let n)? = ColumnDefault.number(normalizing: value) {
            return .bool(n != "0")
        }
        if isNumeric(type), let number = ColumnDefault.number(normalizing: value) {
            return number
        }
        return .string(value)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and line breaks.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
