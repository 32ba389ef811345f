import Drivers
import Schema

/// Turns the rows of ``SQLiteInspector``'s four catalog queries into the model: rows are
/// grouped by table in dictionaries, then each table is built once, so the work is linear
/// in the size of the schema.
struct SQLiteSchemaBuilder {
    let dialect: SQLiteDialect
    let excluded: Set<String>

    private struct TableEntry {
        var name: String
        var sql: String
        var isStrict: Bool
        var isWithoutRowID: Bool
    }

    private var entries: [TableEntry] = []
    private var indexSQL: [String: String] = [:]
    private var views: [View] = []
    private var unmodelled: [UnmodelledObject] = []
    private var tables: [Table] = []
    /// Why each table is unsupported, by table name.
    private var reasons: [String: [String]] = [:]

    init(dialect: SQLiteDialect, excluded: Set<String>) {
        self.dialect = dialect
        self.excluded = excluded
    }

    /// The model read.
    func schema() -> Schema {
        Schema(tables: tables, views: views, unmodelled: unmodelled)
    }

    // MARK: - Reading

    mutating func read(objects: [SQLRow], columns: [SQLRow], indexes: [SQLRow], foreignKeys: [SQLRow]) throws {
        for row in objects {
            let name = try row.string("name")
            let owner = try row.string("tbl_name")
            let sql = try row.optionalString("sql") ?? ""
            switch try row.string("type") {
            case "table":
                guard !excluded.contains(name) else { continue }
                let kind = try row.optionalString("list_type")
                if kind == "shadow" { continue }
                if kind == "virtual" || SQLiteTokens(String(sql.prefix(40))).isWord(1, "VIRTUAL") {
                    unmodelled.append(UnmodelledObject(kind: .virtualTable, name: name, definition: sql))
                    continue
                }
                entries.append(TableEntry(
                    name: name, sql: sql,
                    isStrict: try row.optionalInt("strict") == 1, isWithoutRowID: try row.optionalInt("wr") == 1
                ))
            case "index":
                guard !excluded.contains(owner), !sql.isEmpty else { continue }
                indexSQL[name] = sql
            case "view":
                let definition = SQLiteViewDefinition(sql: sql)
                views.append(View(name: name, definition: definition.query, columns: definition.columns))
            case "trigger":
                guard !excluded.contains(owner) else { continue }
                unmodelled.append(UnmodelledObject(kind: .trigger, name: name, table: owner, definition: sql))
                reasons[owner, default: []].append("trigger \(name)")
            default:
                continue
            }
        }

        let columnRows = Dictionary(grouping: columns) { ($0["table_name"].string ?? "") }
        var indexRows: [String: [String: [SQLRow]]] = [:]
        for row in indexes {
            indexRows[row["table_name"].string ?? "", default: [:]][row["index_name"].string ?? "", default: []].append(row)
        }
        let foreignKeyRows = Dictionary(grouping: foreignKeys) { ($0["table_name"].string ?? "") }

        // What foreign keys need of their targets: actual names (SQLite folds case) and primary keys.
        var targets: [String: Target] = [:]
        for entry in entries {
            var target = Target(name: entry.name)
            var key: [(Int, String)] = []
            for row in columnRows[entry.name] ?? [] {
                let column = try row.string("name")
                target.columns[column.lowercased()] = column
                let position = try row.int("pk")
                if position > 0 { key.append((position, column)) }
            }
            target.primaryKey = key.sorted { $0.0 < $1.0 }.map(\.1)
            targets[entry.name.lowercased()] = target
        }

        var built: [Table] = []
        built.reserveCapacity(entries.count)
        for entry in entries {
            built.append(try table(
                entry, columns: columnRows[entry.name] ?? [], indexes: indexRows[entry.name] ?? [:],
                foreignKeys: foreignKeyRows[entry.name] ?? [], targets: targets
            ))
        }
        tables = built
    }

    private struct Target {
        var name: String
        var columns: [String: String] = [:]
        var primaryKey: [String] = []
    }

    // MARK: - Tables

    private mutating func table(
        _ entry: TableEntry, columns columnRows: [SQLRow], indexes: [String: [SQLRow]], foreignKeys: [SQLRow],
        targets: [String: Target]
    ) throws -> Table {
        let definition = SQLiteTableDefinition(sql: entry.sql)
        // What the model cannot say; the table's own CREATE TABLE text is then carried too.
        var why = definition.problems
        let rows = try columnRows.sorted { try $0.int("cid") < $1.int("cid") }
        var key: [(Int, String)] = []
        for row in rows {
            let position = try row.int("pk")
            if position > 0 { key.append((position, try row.string("name"))) }
        }
        let keyColumns = key.sorted { $0.0 < $1.0 }.map(\.1)
        let rowIDKey = !entry.isWithoutRowID && keyColumns.count == 1 ? keyColumns[0] : nil

        var columns: [Column] = []
        var checks = definition.checks
        for row in rows {
            let name = try row.string("name")
            let hidden = try row.int("hidden")
            let declaration = definition.column(named: name)
            if hidden == 2 || hidden == 3 {
                let text = declaration?.text ?? dialect.quoteIdentifier(name)
                unmodelled.append(UnmodelledObject(
                    kind: .generatedColumn, name: name, table: entry.name,
                    definition: "ALTER TABLE \(dialect.quoteIdentifier(entry.name)) ADD COLUMN \(text)"
                ))
                why.append("generated column \(name)")
                continue
            }
            guard hidden == 0 else { continue }
            if declaration == nil { why.append("column \(name), which its CREATE TABLE text does not show") }
            let declared = try row.optionalString("type") ?? ""
            let isRowIDKey = rowIDKey == name
            let isAlias = isRowIDKey && declared.uppercased() == "INTEGER" && declaration?.isPrimaryKeyDescending != true
            var type = SQLiteTypeNames.portable(declared, isRowIDKey: isRowIDKey)
            if let values = declaration?.enumValues, let check = declaration?.enumCheck {
                if type == .text { type = .enum(values: values) } else { checks.append(Check(expression: check)) }
            }
            let affinity = SQLiteTypeNames.affinity(declared)
            columns.append(Column(
                name, type,
                isNullable: try row.int("notnull") == 0 && !isAlias,
                default: try row.optionalString("dflt_value").map {
                    SQLiteTypeNames.parseDefault($0, type: type, affinity: affinity)
                },
                identity: declaration?.isAutoIncrement == true ? .autoIncrement : nil,
                collation: SQLiteNormalizer.columnCollation(declaration?.collation)
            ))
        }
        let collations = Dictionary(columns.map { ($0.name, $0.collation ?? "BINARY") }) { first, _ in first }

        var primaryKey: PrimaryKey?
        if !keyColumns.isEmpty {
            primaryKey = PrimaryKey(name: definition.primaryKey?.name, columns: keyColumns)
            if definition.primaryKey?.hasOptions == true { why.append("a primary key with DESC, COLLATE or ON CONFLICT") }
        }

        // Unique constraints: the `sqlite_autoindex_<table>_<n>` indexes of origin 'u', in
        // declaration order, matched to the UNIQUE clauses of the text for their names.
        var uniques: [UniqueConstraint] = []
        var clauses = definition.uniques
        var tableIndexes: [Index] = []
        let automatic = indexes.filter { $0.value.first?["origin"].string == "u" }
            .sorted { Self.autoindexNumber($0.key) < Self.autoindexNumber($1.key) }
        for (_, indexRows) in automatic {
            let keyNames = try Self.ordered(indexRows).map { try $0.string("name") }
            let folded = keyNames.map { $0.lowercased() }
            if let match = clauses.firstIndex(where: { $0.columns.map { $0.lowercased() } == folded }) {
                uniques.append(UniqueConstraint(name: clauses[match].name, columns: keyNames))
                if clauses[match].hasOptions { why.append("a unique constraint with COLLATE, DESC or ON CONFLICT") }
                clauses.remove(at: match)
            } else {
                uniques.append(UniqueConstraint(columns: keyNames))
                why.append("a unique constraint its CREATE TABLE text does not show")
            }
        }

        for (name, indexRows) in indexes where indexRows.first?["origin"].string == "c" {
            guard let sql = indexSQL[name] else { continue }
            let index = SQLiteIndexDefinition(sql: sql)
            let keyRows = try Self.ordered(indexRows)
            guard index.problems.isEmpty, index.parts.count == keyRows.count else {
                unmodelled.append(UnmodelledObject(kind: .other, name: name, table: entry.name, definition: sql))
                why.append("index \(name), which Strata cannot read")
                continue
            }
            var parts: [IndexPart] = []
            for (part, row) in zip(index.parts, keyRows) {
                let direction: IndexPart.Direction = part.isDescending ? .descending : .ascending
                if try row.int("cid") >= 0 {
                    let column = try row.string("name")
                    let collation = part.collation.map(SQLiteNormalizer.collationName)
                    parts.append(.column(column, direction: direction, collation: collation == collations[column] ? nil : collation))
                } else {
                    parts.append(.expression(
                        part.expression ?? part.column ?? "", direction: direction,
                        collation: part.collation.map(SQLiteNormalizer.collationName)
                    ))
                }
            }
            tableIndexes.append(Index(
                name: name, parts: parts, isUnique: try indexRows[0].int("unique") == 1, predicate: index.predicate
            ))
        }

        let keys = try self.foreignKeys(foreignKeys, definition: definition, targets: targets, why: &why)
        if !why.isEmpty {
            unmodelled.append(UnmodelledObject(kind: .tableDefinition, name: entry.name, table: entry.name, definition: entry.sql))
        }
        why = ((reasons[entry.name] ?? []) + why).sorted()

        return Table(
            name: entry.name, columns: columns, primaryKey: primaryKey, uniqueConstraints: uniques,
            indexes: tableIndexes, foreignKeys: keys, checks: checks,
            options: TableOptions(isStrict: entry.isStrict, isWithoutRowID: entry.isWithoutRowID),
            unsupported: why.isEmpty ? nil : "holds what Strata does not model: " + why.joined(separator: ", ")
        )
    }

    /// Foreign keys: `pragma_foreign_key_list` numbers them last-declared first; the text
    /// gives, in declaration order, their names, `MATCH` and deferrability.
    private func foreignKeys(
        _ rows: [SQLRow], definition: SQLiteTableDefinition, targets: [String: Target], why: inout [String]
    ) throws -> [ForeignKey] {
        let byID = Dictionary(grouping: rows) { ($0["id"].int ?? 0) }
        let clauses = definition.foreignKeys
        var keys: [ForeignKey] = []
        for (position, id) in byID.keys.sorted(by: >).enumerated() {
            let keyRows = try (byID[id] ?? []).sorted { try $0.int("seq") < $1.int("seq") }
            guard let first = keyRows.first else { continue }
            let written = try first.string("table")
            let target = targets[written.lowercased()]
            let columns = try keyRows.map { try $0.string("from") }
            var referenced = try keyRows.map { try $0.optionalString("to") }
            if referenced.contains(nil) {
                referenced = (target?.primaryKey ?? []).map { Optional($0) }
            }
            var key = ForeignKey(
                columns: columns, referencedTable: target?.name ?? written,
                referencedColumns: referenced.compactMap { $0 }.map { target?.columns[$0.lowercased()] ?? $0 },
                onDelete: Self.action(try first.string("on_delete")), onUpdate: Self.action(try first.string("on_update"))
            )
            if position < clauses.count, clauses.count == byID.count,
               clauses[position].columns.map({ $0.lowercased() }) == columns.map({ $0.lowercased() }) {
                key.name = clauses[position].name
                key.match = clauses[position].match
                key.deferrability = clauses[position].deferrability
            } else {
                why.append("a foreign key its CREATE TABLE text does not show")
            }
            keys.append(key)
        }
        return keys
    }

    private static func action(_ text: String) -> ReferentialAction {
        switch text.uppercased() {
        case "CASCADE": .cascade
        case "RESTRICT": .restrict
        case "SET NULL": .setNull
        case "SET DEFAULT": .setDefault
        default: .noAction
        }
    }

    private static func ordered(_ rows: [SQLRow]) throws -> [SQLRow] {
        try rows.sorted { try $0.int("seqno") < $1.int("seqno") }
    }

    /// The `n` of `sqlite_autoindex_<table>_<n>`.
    private static func autoindexNumber(_ name: String) -> Int {
        Int(name.split(separator: "_").last ?? "") ?? 0
    }
}
