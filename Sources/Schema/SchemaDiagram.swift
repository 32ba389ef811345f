/// Entity-relationship diagrams of a schema's tables: Mermaid (rendered by GitHub in
/// Markdown) and Graphviz DOT.
///
/// Both are deterministic: tables by name, columns in table order, relationships in the
/// tables' key order. Views and unmodelled objects are not drawn.
public enum SchemaDiagram {
    /// A Mermaid `erDiagram`.
    ///
    /// Entities whose names Mermaid cannot take bare (quotes, spaces, non-ASCII) get an
    /// identifier of their own and the real name as their alias (`t_1["we\"ird"]`, Mermaid
    /// 10.5 and later, as GitHub renders). Attributes show the portable type, `PK`, `FK` and
    /// `UK` keys, and the comment.
    public static func mermaid(_ schema: Schema) -> String {
        var ids = Identifiers()
        var lines = ["erDiagram"]
        for table in schema.tables {
            let id = ids.id(for: table.name)
            let alias = id == table.name ? "" : "[\"\(mermaidText(table.name))\"]"
            let primary = Set(table.primaryKey?.columns ?? [])
            let foreign = Set(table.foreignKeys.flatMap(\.columns))
            let unique = Set(
                table.uniqueConstraints.filter { $0.columns.count == 1 }.flatMap(\.columns)
                    + table.indexes.filter { $0.isUnique && $0.parts.count == 1 && $0.predicate == nil }.flatMap(\.columnNames))
            lines.append("    \(id)\(alias) {")
            var columnIDs = Identifiers(prefix: "c_")
            for column in table.columns {
                var keys: [String] = []
                if primary.contains(column.name) { keys.append("PK") }
                if foreign.contains(column.name) { keys.append("FK") }
                if unique.contains(column.name), !primary.contains(column.name) { keys.append("UK") }
                var line = "        \(mermaidWord(column.type.displayName)) \(columnIDs.id(for: column.name))"
                if !keys.isEmpty { line += " " + keys.joined(separator: ", ") }
                var notes: [String] = []
                if columnIDs.id(for: column.name) != column.name { notes.append(column.name) }
                if !column.isNullable, !primary.contains(column.name) { notes.append("not null") }
                if let comment = column.comment { notes.append(comment) }
                if !notes.isEmpty { line += " \"\(mermaidText(notes.joined(separator: "; ")))\"" }
                lines.append(line)
            }
            lines.append("    }")
        }
        for table in schema.tables {
            for key in table.foreignKeys where key.referencedSchema == nil && schema.table(named: key.referencedTable) != nil {
                let required = key.columns.allSatisfy { name in table.column(named: name).map { !$0.isNullable } ?? false }
                let oneToOne = isUnique(key.columns, in: table)
                let parent = required ? "||" : "|o"
                let child = oneToOne ? "o|" : "o{"
                let label = key.name ?? key.columns.joined(separator: ", ")
                lines.append("    \(ids.id(for: key.referencedTable)) \(parent)--\(child) \(ids.id(for: table.name)) : \"\(mermaidText(label))\"")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Graphviz `digraph`: a record per table (HTML-like label, a row per column), and an
    /// edge per foreign key from the referencing column to the referenced one.
    public static func dot(_ schema: Schema) -> String {
        var lines = [
            "digraph schema {",
            "  graph [rankdir=LR];",
            "  node [shape=plaintext, fontname=\"Helvetica\"];",
            "  edge [arrowhead=crow, arrowtail=none];",
        ]
        for table in schema.tables {
            let primary = Set(table.primaryKey?.columns ?? [])
            var rows = ["<tr><td bgcolor=\"#e8e8e8\"><b>\(html(table.name))</b></td></tr>"]
            for (index, column) in table.columns.enumerated() {
                var text = html(column.name) + " <i>" + html(column.type.displayName) + "</i>"
                if primary.contains(column.name) { text += " PK" }
                if !column.isNullable, !primary.contains(column.name) { text += " NOT NULL" }
                rows.append("<tr><td port=\"c\(index)\" align=\"left\">\(text)</td></tr>")
            }
            let label = "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">" + rows.joined() + "</table>"
            lines.append("  \(dotID(table.name)) [label=<\(label)>];")
        }
        for table in schema.tables {
            for key in table.foreignKeys where key.referencedSchema == nil {
                guard let target = schema.table(named: key.referencedTable) else { continue }
                let from = key.columns.first.flatMap { name in table.columns.firstIndex { $0.name == name } }
                let to = key.referencedColumns.first.flatMap { name in target.columns.firstIndex { $0.name == name } }
                let tail = dotID(table.name) + (from.map { ":c\($0)" } ?? "")
                let head = dotID(target.name) + (to.map { ":c\($0)" } ?? "")
                let label = key.name.map { " [label=\(dotID($0))]" } ?? ""
                lines.append("  \(tail) -> \(head)\(label);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Helpers

    private static func isUnique(_ columns: [String], in table: Table) -> Bool {
        let set = Set(columns)
        if let key = table.primaryKey, Set(key.columns) == set { return true }
        if table.uniqueConstraints.contains(where: { Set($0.columns) == set }) { return true }
        return table.indexes.contains { $0.isUnique && $0.predicate == nil && Set($0.columnNames) == set && $0.parts.count == set.count }
    }

    /// Whether Mermaid takes `name` as a bare word.
    private static func isMermaidWord(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == "-" }
    }

    /// A type name as one Mermaid word: characters other than letters, digits, `_`, `-`,
    /// `(`, `)` and `,` become `_`.
    private static func mermaidWord(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            scalar.isASCIILetter || scalar.isASCIIDigit || "_-(),".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        })
    }

    /// Text inside Mermaid double quotes: `"` becomes `#quot;`, line breaks spaces.
    private static func mermaidText(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    private static func html(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    private static func dotID(_ name: String) -> String {
        var out = "\""
        for character in name {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// Mermaid identifiers: the name itself when it is a bare word, else `t_1`, `t_2`… (`c_1`… for columns) in
    /// order of first use, never clashing with a bare name.
    private struct Identifiers {
        var prefix = "t_"
        var assigned: [String: String] = [:]
        var used: Set<String> = []
        var next = 1

        mutating func id(for name: String) -> String {
            if let id = assigned[name] { return id }
            var id = name
            if !SchemaDiagram.isMermaidWord(name) || used.contains(name) {
                repeat {
                    id = "\(prefix)\(next)"
                    next += 1
                } while used.contains(id)
            }
            assigned[name] = id
            used.insert(id)
            return id
        }
    }
}

extension ColumnType {
    /// The type as a short portable spelling: `bigint`, `string(200)`, `decimal(10,2)`,
    /// `enum(a,b)`, a named enumeration's name, or a custom type's own SQL.
    public var displayName: String {
        switch self {
        case .string(let length): "string(\(length))"
        case .decimal(let precision?, let scale?): "decimal(\(precision),\(scale))"
        case .decimal(let precision?, nil): "decimal(\(precision))"
        case .time(let precision?): "time(\(precision))"
        case .datetime(let precision?): "datetime(\(precision))"
        case .timestampWithZone(let precision?): "timestamptz(\(precision))"
        case .timestampWithZone(nil): "timestamptz"
        case .binary(let length?): "binary(\(length))"
        case .enum(let values): "enum(" + values.joined(separator: ",") + ")"
        case .enumType(let name): name
        case .custom(let sql): sql
        default: kindName
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
