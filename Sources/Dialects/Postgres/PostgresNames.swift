/// PostgreSQL's rules for the names it chooses and the identifiers it quotes.
///
/// The server names an unnamed constraint, index or sequence with `makeObjectName`: the
/// table's name, the columns' names and a label joined by `_`, truncated so that the whole
/// fits in `NAMEDATALEN - 1` (63) bytes by shortening the longer of the two name parts
/// first, at a character boundary. A name already taken gets a number after the label
/// (`t_a_key1`). Expressions that the server deparses quote an identifier only when it is
/// not a lowercase plain word or is a keyword (`quote_ident`).
enum PostgresNames {
    /// The longest name in bytes (`NAMEDATALEN - 1`).
    static let maximumLength = 63

    /// The server's `makeObjectName(name1, name2, label)`.
    static func objectName(_ name1: String, _ name2: String?, label: String) -> String {
        var first = Array(name1.utf8)
        var second = name2.map { Array($0.utf8) } ?? []
        var overhead = label.utf8.count + 1
        if name2 != nil { overhead += 1 }
        let available = maximumLength - overhead
        var firstCount = first.count
        var secondCount = second.count
        while firstCount + secondCount > available {
            if firstCount > secondCount { firstCount -= 1 } else { secondCount -= 1 }
        }
        first = clipped(first, to: firstCount)
        second = clipped(second, to: secondCount)
        var result = String(decoding: first, as: UTF8.self)
        if name2 != nil { result += "_" + String(decoding: second, as: UTF8.self) }
        return result + "_" + label
    }

    /// A name chosen as the server's `ChooseRelationName`/`ChooseConstraintName` do: the
    /// plain name, or with 1, 2, … after the label until it is not in `taken`.
    static func chooseName(_ name1: String, _ name2: String?, label: String, avoiding taken: Set<String>) -> String {
        var candidate = objectName(name1, name2, label: label)
        var pass = 0
        while taken.contains(candidate) {
            pass += 1
            candidate = objectName(name1, name2, label: label + String(pass))
        }
        return candidate
    }

    /// Column names joined by `_` as the server joins them for a chosen name, stopping once
    /// the text is as long as a name can be.
    static func joinedColumns(_ columns: [String]) -> String {
        var bytes: [UInt8] = []
        for column in columns {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: "_")) }
            bytes += column.utf8
            if bytes.count >= maximumLength + 1 { break }
        }
        return String(decoding: clipped(bytes, to: min(bytes.count, maximumLength)), as: UTF8.self)
    }

    /// The first `count` bytes of UTF-8 text, shortened to the last whole character.
    private static func clipped(_ bytes: [UInt8], to count: Int) -> [UInt8] {
        var end = max(0, min(count, bytes.count))
        // A continuation byte (10xxxxxx) at the cut means the character started earlier.
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }

    // MARK: - Quoting as the server deparses

    /// `name` as the server's `quote_ident` writes it in deparsed expressions.
    static func deparsed(_ name: String) -> String {
        if isPlainWord(name), !keywords.contains(name) { return name }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    private static func isPlainWord(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (97...122).contains(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (97...122).contains($0) || (48...57).contains($0) }
    }

    /// The keywords `quote_ident` quotes: the reserved, type/function-name and column-name
    /// keywords of PostgreSQL 15.
    static let keywords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
        "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
        "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
        "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
        "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into",
        "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
        "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not",
        "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer",
        "overlaps", "overlay", "placing", "position", "precision", "primary", "real", "references",
        "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint", "some",
        "substring", "symmetric", "table", "tablesample", "then", "time", "timestamp", "to", "trailing",
        "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic",
        "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement",
        "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
        "xmltable",
    ]

    // MARK: - Reading quoted names

    /// The parts of a possibly qualified, possibly quoted name (`"we""ird"`, `s.t`), unquoted.
    static func parts(ofQualified text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if quoted {
                if character == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "." {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        parts.append(current)
        return parts
    }
}
