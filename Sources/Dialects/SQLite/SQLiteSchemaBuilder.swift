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

        var columnRows: [String: [ColumnRow]] = [:]
        for row in columns { columnRows[row[0].string ?? "", default: []].append(try ColumnRow(row)) }
        var indexRows: [String: [String: [IndexRow]]] = [:]
        for row in indexes {
            indexRows[row[0].string ?? "", default: [:]][row[1].string ?? "", default: []].append(try IndexRow(row))
        }
        var foreignKeyRows: [String: [ForeignKeyRow]] = [:]
        for row in foreignKeys { foreignKeyRows[row[0].string ?? "", default: []].append(try ForeignKeyRow(row)) }

        // What foreign keys need of their targets: actual names (SQLite folds case) and primary keys.
        var targets: [String: Target] = [:]
        for entry in entries {
            var target = Target(name: entry.name)
            var key: [(Int, String)] = []
            for row in columnRows[entry.name] ?? [] {
                target.columns[row.name.lowercased()] = row.name
                if row.key > 0 { key.append((row.key, row.name)) }
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

    // MARK: - Rows

    // The rows are read by position (the queries are ours), once each: looking a column up
    // by name costs a case-insensitive search per value.

    private struct ColumnRow: CatalogRow {
        var cid: Int, name: String, type: String, notNull: Bool, defaultText: String?, key: Int, hidden: Int

        init(_ row: SQLRow) throws {
            cid = try Self.int(row, 1)
            name = try Self.text(row, 2)
            type = row[3].string ?? ""
            notNull = try Self.int(row, 4) != 0
            defaultText = row[5].string
            key = try Self.int(row, 6)
            hidden = try Self.int(row, 7)
        }
    }

    private struct IndexRow: CatalogRow {
        var unique: Bool, origin: String, seqno: Int, cid: Int, name: String?

        init(_ row: SQLRow) throws {
            unique = try Self.int(row, 2) != 0
            origin = try Self.text(row, 3)
            seqno = try Self.int(row, 4)
            cid = try Self.int(row, 5)
            name = row[6].string
        }
    }

    private struct ForeignKeyRow: CatalogRow {
        var id: Int, seq: Int, target: String, from: String, to: String?, onUpdate: String, onDelete: String

        init(_ row: SQLRow) throws {
            id = try Self.int(row, 1)
            seq = try Self.int(row, 2)
            target = try Self.text(row, 3)
            from = try Self.text(row, 4)
            to = row[5].string
            onUpdate = try Self.text(row, 6)
            onDelete = try Self.text(row, 7)
        }
    }

    // MARK: - Tables

    private mutating func table(
        _ entry: TableEntry, columns columnRows: [ColumnRow], indexes: [String: [IndexRow]], foreignKeys: [ForeignKeyRow],
        targets: [String: Target]
    ) throws -> Table {
        let definition = SQLiteTableDefinition(sql: entry.sql)
        // What the model cannot say; the table's own CREATE TABLE text is then carried too.
        var why = definition.problems
        let rows = columnRows.sorted { $0.cid < $1.cid }
        var key: [(Int, String)] = []
        for row in rows where row.key > 0 { key.append((row.key, row.name)) }
        let keyColumns = key.sorted { $0.0 < $1.0 }.map(\.1)
        let rowIDKey = !entry.isWithoutRowID && keyColumns.count == 1 ? keyColumns[0] : nil

        var columns: [Column] = []
        var checks = definition.checks
        for row in rows {
            let name = row.name
            let hidden = row.hidden
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
            let declared = row.type
            let isRowIDKey = rowIDKey == name
            let isAlias = isRowIDKey && declared.uppercased() == "INTEGER" && declaration?.isPrimaryKeyDescending != true
            var type = SQLiteTypeNames.portable(declared, isRowIDKey: isRowIDKey)
            if let values = declaration?.enumValues, let check = declaration?.enumCheck {
                if type == .text { type = .enum(values: values) } else { checks.append(Check(expression: check)) }
            }
            let affinity = SQLiteTypeNames.affinity(declared)
            columns.append(Column(
                name, type,
                isNullable: !row.notNull && !isAlias,
                default: row.defaultText.map {
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
        let automatic = indexes.filter { $0.value.first?.origin == "u" }
            .sorted { Self.autoindexNumber($0.key) < Self.autoindexNumber($1.key) }
        for (_, indexRows) in automatic {
            let keyNames = Self.ordered(indexRows).map { $0.name ?? "" }
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

        for (name, indexRows) in indexes where indexRows.first?.origin == "c" {
            guard let sql = indexSQL[name] else { continue }
            let index = SQLiteIndexDefinition(sql: sql)
            let keyRows = Self.ordered(indexRows)
            guard index.problems.isEmpty, index.parts.count == keyRows.count else {
                unmodelled.append(UnmodelledObject(kind: .other, name: name, table: entry.name, definition: sql))
                why.append("index \(name), which Strata cannot read")
                continue
            }
            var parts: [IndexPart] = []
            for (part, row) in zip(index.parts, keyRows) {
                let direction: IndexPart.Direction = part.isDescending ? .descending : .ascending
                if row.cid >= 0 {
                    let column = row.name ?? ""
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
                name: name, parts: parts, isUnique: indexRows[0].unique, predicate: index.predicate
            ))
        }

        let keys = self.foreignKeys(foreignKeys, definition: definition, targets: targets, why: &why)
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
        _ rows: [ForeignKeyRow], definition: SQLiteTableDefinition, targets: [String: Target], why: inout [String]
    ) -> [ForeignKey] {
        let byID = Dictionary(grouping: rows) { $0.id }
        let clauses = definition.foreignKeys
        var keys: [ForeignKey] = []
        for (position, id) in byID.keys.sorted(by: >).enumerated() {
            let keyRows = (byID[id] ?? []).sorted { $0.seq < $1.seq }
            guard let first = keyRows.first else { continue }
            let written = first.target
            let target = targets[written.lowercased()]
            let columns = keyRows.map(\.from)
            var referenced = keyRows.map(\.to)
            if referenced.contains(nil) {
                referenced = (target?.primaryKey ?? []).map { Optional($0) }
            }
            var key = ForeignKey(
                columns: columns, referencedTable: target?.name ?? written,
                referencedColumns: referenced.compactMap { $0 }.map { target?.columns[$0.lowercased()] ?? $0 },
                onDelete: Self.action(first.onDelete), onUpdate: Self.action(first.onUpdate)
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

    private static func ordered(_ rows: [IndexRow]) -> [IndexRow] {
        rows.sorted { $0.seqno < $1.seqno }
    }

    /// The `n` of `sqlite_autoindex_<table>_<n>`.
    private static func autoindexNumber(_ name: String) -> Int {
        Int(name.split(separator: "_").last ?? "") ?? 0
    }
}

/// Positional reads of a catalog row, throwing when a value the query always gives is missing.
private protocol CatalogRow {}

extension CatalogRow {
    static func int(_ row: SQLRow, _ index: Int) throws -> Int {
        guard index < row.values.count, let value = row[index].int else {
            throw DatabaseError(.statement, "SQLite catalog row without an integer in column \(index + 1): \(row.values)")
        }
        return Int(value)
    }

    static func text(_ row: SQLRow, _ index: Int) throws -> String {
        guard index < row.values.count, let value = row[index].string else {
            throw DatabaseError(.statement, "SQLite catalog row without text in column \(index + 1): \(row.values)")
        }
        return value
    }
}
