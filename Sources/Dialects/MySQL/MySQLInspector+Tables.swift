import Drivers
import Schema

/// Turns the catalog rows of one inspection into the model: rows grouped by table in
/// dictionaries, each table built once, so the work is linear in the rows.
struct MySQLSchemaBuilder {
    let catalog: MySQLCatalog
    let scope: InspectionScope
    let flavour: MySQLCatalogFlavour
    let dialect: MySQLDialect
    private var unmodelled: [UnmodelledObject] = []

    init(catalog: MySQLCatalog, scope: InspectionScope, flavour: MySQLCatalogFlavour, dialect: MySQLDialect) {
        self.catalog = catalog
        self.scope = scope
        self.flavour = flavour
        self.dialect = dialect
    }

    mutating func build() -> Schema {
        let columns = group(catalog.columns)
        let statistics = group(catalog.statistics)
        let foreignKeyColumns = group(catalog.foreignKeyColumns)
        let checks = checksByTable()
        var rules: [String: (update: String, delete: String)] = [:]
        for row in catalog.referentialConstraints {
            guard let table = row[0].string, let name = row[1].string else { continue }
            rules[table + "\u{1F}" + name] = (row[2].string ?? "NO ACTION", row[3].string ?? "NO ACTION")
        }
        var tables: [Table] = []
        var viewNames: Set<String> = []
        for row in catalog.tables {
            guard let name = row[0].string, !scope.excludedTables.contains(name) else { continue }
            if row[1].string == "VIEW" { viewNames.insert(name); continue }
            guard row[1].string == "BASE TABLE" || row[1].string == "SYSTEM VERSIONED" else { continue }
            tables.append(
                table(
                    name, row: row, columns: columns[name] ?? [], statistics: statistics[name] ?? [],
                    foreignKeyColumns: foreignKeyColumns[name] ?? [], rules: rules, checks: checks[name] ?? []))
        }
        var supportReasons: [String: String] = [:]
        for row in catalog.triggers {
            guard let name = row[0].string, let table = row[1].string, !scope.excludedTables.contains(table) else { continue }
            let definition = "CREATE TRIGGER \(q(name)) \(row[2].string ?? "") \(row[3].string ?? "") ON \(q(table)) FOR EACH ROW \(row[4].string ?? "")"
            unmodelled.append(UnmodelledObject(kind: .trigger, name: name, table: table, definition: definition))
        }
        for object in unmodelled {
            guard let table = object.table, supportReasons[table] == nil else { continue }
            supportReasons[table] = "has a \(Self.describe(object.kind)) (\(object.name)) that Strata does not model"
        }
        for index in tables.indices {
            if tables[index].unsupported == nil, let reason = supportReasons[tables[index].name] {
                tables[index].unsupported = reason
            }
        }
        for routine in catalog.routines {
            unmodelled.append(UnmodelledObject(kind: routine.kind, name: routine.name, definition: routine.definition))
        }
        var views: [View] = []
        for row in catalog.views {
            guard let name = row[0].string, viewNames.contains(name) else { continue }
            let option: View.CheckOption? = switch row[2].string?.uppercased() {
            case "LOCAL": .local
            case "CASCADED": .cascaded
            default: nil
            }
            views.append(View(name: name, definition: strippingDatabase(row[1].string ?? ""), checkOption: option))
        }
        return Schema(tables: tables, views: views, unmodelled: unmodelled)
    }

    private static func describe(_ kind: UnmodelledObject.Kind) -> String {
        switch kind {
        case .generatedColumn: "generated column"
        case .partition: "partitioning"
        case .other: "table option"
        default: kind.rawValue
        }
    }

    // MARK: - Tables

    private mutating func table(
        _ name: String, row: SQLRow, columns rows: [SQLRow], statistics: [SQLRow], foreignKeyColumns: [SQLRow],
        rules: [String: (update: String, delete: String)], checks checkRows: [(name: String, clause: String, enforced: Bool)]
    ) -> Table {
        var unsupported: String?
        let tableCollation = row[3].string ?? catalog.databaseCollation
        let tableCharset = Self.charset(of: tableCollation)
        var options = TableOptions()
        if let engine = row[2].string, engine.lowercased() != catalog.defaultEngine.lowercased() {
            options.storageEngine = engine
        }
        if tableCollation != catalog.databaseCollation {
            options.characterSet = tableCharset
            if catalog.defaultCollations[tableCharset] != tableCollation { options.collation = tableCollation }
        }
        var otherOptions: [String] = []
        for option in (row[4].string ?? "").split(separator: " ") {
            let lowered = option.lowercased()
            if lowered.hasPrefix("row_format=") {
                options.rowFormat = String(option.dropFirst("row_format=".count)).uppercased()
            } else if lowered == "partitioned" {
                continue
            } else {
                otherOptions.append(String(option))
            }
        }
        if !otherOptions.isEmpty {
            let text = otherOptions.joined(separator: " ")
            unmodelled.append(UnmodelledObject(kind: .other, name: name + ".options", table: name, definition: "ALTER TABLE \(q(name)) \(text)"))
            unsupported = unsupported ?? "has table options that Strata does not model (\(text))"
        }
        if row[1].string == "SYSTEM VERSIONED" {
            unmodelled.append(
                UnmodelledObject(kind: .other, name: name + ".versioning", table: name, definition: "ALTER TABLE \(q(name)) ADD SYSTEM VERSIONING"))
            unsupported = unsupported ?? "is system-versioned, which Strata does not model"
        }
        if let clause = catalog.partitions[name] {
            unmodelled.append(UnmodelledObject(kind: .partition, name: name, table: name, definition: "ALTER TABLE \(q(name)) \(clause)"))
            unsupported = unsupported ?? "is partitioned, which Strata does not model"
        }

        // MariaDB's JSON: LONGTEXT with a column check json_valid(`c`) named after it.
        var checks = checkRows
        var jsonColumns: Set<String> = []
        if flavour.isMariaDB {
            for row in rows where row[4].string?.lowercased() == "longtext" {
                guard let column = row[1].string else { continue }
                let clause = "json_valid(\(q(column)))"
                if let index = checks.firstIndex(where: { $0.name == column && $0.clause == clause }) {
                    checks.remove(at: index)
                    jsonColumns.insert(column)
                }
            }
        }

        var columns: [Column] = []
        columns.reserveCapacity(rows.count)
        var previous: String?
        for row in rows {
            guard let columnName = row[1].string else { continue }
            defer { previous = columnName }
            let extra = row[8].string ?? ""
            let loweredExtra = extra.lowercased()
            if loweredExtra.contains("virtual generated") || loweredExtra.contains("stored generated"),
               let expression = row[10].string {
                unmodelled.append(generatedColumn(table: name, row: row, expression: expression, after: previous, tableCharset: tableCharset, tableCollation: tableCollation))
                unsupported = unsupported ?? "has a generated column (\(columnName)) that Strata does not model"
                continue
            }
            columns.append(column(row, json: jsonColumns.contains(columnName), tableCharset: tableCharset, tableCollation: tableCollation))
        }

        // Indexes, grouped by name in SEQ_IN_INDEX order.
        var primaryKey: PrimaryKey?
        var indexes: [Index] = []
        var start = 0
        while start < statistics.count {
            let indexName = statistics[start][1].string ?? ""
            var end = start
            while end < statistics.count, statistics[end][1].string == indexName { end += 1 }
            let parts = statistics[start..<end]
            defer { start = end }
            let first = parts[parts.startIndex]
            if indexName == "PRIMARY" {
                if parts.contains(where: { $0[5].int != nil || $0[3].string == nil }) {
                    unsupported = unsupported ?? "has a primary key over a column prefix or an expression"
                }
                primaryKey = PrimaryKey(columns: parts.compactMap { $0[3].string })
                continue
            }
            let method: IndexMethod? = switch first[6].string?.uppercased() {
            case "FULLTEXT": .fulltext
            case "SPATIAL": .spatial
            case "HASH": .hash
            case "RTREE": .spatial
            default: nil
            }
            let keyParts: [IndexPart] = parts.map { part in
                let direction: IndexPart.Direction = part[4].string == "D" ? .descending : .ascending
                if let column = part[3].string {
                    let prefix = part[5].int.map { Int($0) }
                    return IndexPart.column(column, direction: direction, prefixLength: prefix)
                }
                let expression = flavour.isMariaDB ? (part[9].string ?? "") : MySQLTypeNames.unescapeCatalogQuotes(part[9].string ?? "")
                return IndexPart.expression(expression, direction: direction)
            }
            let comment = first[7].string.flatMap { $0.isEmpty ? nil : $0 }
            indexes.append(
                Index(
                    name: indexName, parts: keyParts, isUnique: first[2].int == 0, method: method,
                    isInvisible: first[8].int == 1, comment: comment))
        }

        // Foreign keys, grouped by constraint in ordinal order.
        var foreignKeys: [ForeignKey] = []
        start = 0
        while start < foreignKeyColumns.count {
            let keyName = foreignKeyColumns[start][1].string ?? ""
            var end = start
            while end < foreignKeyColumns.count, foreignKeyColumns[end][1].string == keyName { end += 1 }
            let parts = foreignKeyColumns[start..<end]
            defer { start = end }
            let first = parts[parts.startIndex]
            let schema = first[3].string
            let rule = rules[name + "\u{1F}" + keyName]
            foreignKeys.append(
                ForeignKey(
                    name: keyName, columns: parts.compactMap { $0[2].string },
                    referencedSchema: schema == catalog.database ? nil : schema,
                    referencedTable: first[4].string ?? "", referencedColumns: parts.compactMap { $0[5].string },
                    onDelete: Self.action(rule?.delete), onUpdate: Self.action(rule?.update)))
        }

        let tableChecks = checks.map { check in
            Check(name: check.name, expression: MySQLTypeNames.strippingOuterParentheses(check.clause), isEnforced: check.enforced)
        }
        let comment = row[5].string.flatMap { $0.isEmpty ? nil : $0 }
        return Table(
            name: name, columns: columns, primaryKey: primaryKey, indexes: indexes, foreignKeys: foreignKeys,
            checks: tableChecks, comment: comment, options: options, unsupported: unsupported)
    }

    // MARK: - Columns

    private func column(_ row: SQLRow, json: Bool, tableCharset: String, tableCollation: String) -> Column {
        let name = row[1].string ?? ""
        let type: ColumnType = json ? .json : MySQLTypeNames.columnType(row[5].string ?? "")
        let nullable = row[3].string?.uppercased() == "YES"
        let extra = row[8].string ?? ""
        let loweredExtra = extra.lowercased()
        var column = Column(name, type, isNullable: nullable)
        if loweredExtra.contains("auto_increment") {
            column.identity = .autoIncrement
        } else {
            column.defaultValue = defaultValue(row[2].string, type: type, nullable: nullable, generated: loweredExtra.contains("default_generated"))
        }
        if let range = loweredExtra.range(of: "on update ") {
            let text = loweredExtra[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            column.onUpdate = MySQLTypeNames.clockDefault(text) ?? .expression(text)
        }
        if !json, let charset = row[6].string, let collation = row[7].string {
            if charset != tableCharset {
                column.characterSet = charset
                if catalog.defaultCollations[charset] != collation { column.collation = collation }
            } else if collation != tableCollation {
                column.collation = collation
            }
        }
        if let comment = row[9].string, !comment.isEmpty { column.comment = comment }
        return column
    }

    /// The default as the server reports it, in canonical form. MariaDB quotes literals
    /// (`'abc'`), writes `NULL` for a NULL default and expressions bare; MySQL writes
    /// literals unquoted and marks expressions `DEFAULT_GENERATED`.
    private func defaultValue(_ raw: String?, type: ColumnType, nullable: Bool, generated: Bool) -> ColumnDefault? {
        guard let raw else { return nil }
        if flavour.isMariaDB {
            if raw == "NULL" { return nullable ? nil : .null }
            if let literal = MySQLTypeNames.wholeLiteral(raw) {
                return MySQLTypeNames.literalDefault(literal, type: type)
            }
            if let clock = MySQLTypeNames.clockDefault(raw) { return clock }
            if ColumnDefault.number(normalizing: raw) != nil { return MySQLTypeNames.literalDefault(raw, type: type) }
            return .expression(raw)
        }
        if generated {
            if let clock = MySQLTypeNames.clockDefault(raw) { return clock }
            return .expression(MySQLTypeNames.strippingOuterParentheses(MySQLTypeNames.unescapeCatalogQuotes(raw)))
        }
        if case .custom(let sql) = type, MySQLTypeNames.splitType(sql).base == "bit" { return .expression(raw) }
        return MySQLTypeNames.literalDefault(raw, type: type)
    }

    private func generatedColumn(
        table: String, row: SQLRow, expression: String, after previous: String?, tableCharset: String, tableCollation: String
    ) -> UnmodelledObject {
        let name = row[1].string ?? ""
        let extra = (row[8].string ?? "").lowercased()
        let storage = extra.contains("stored") ? "STORED" : "VIRTUAL"
        let text = flavour.isMariaDB ? expression : MySQLTypeNames.unescapeCatalogQuotes(expression)
        var clause = q(name) + " " + (row[5].string ?? "")
        if let charset = row[6].string, let collation = row[7].string, collation != tableCollation {
            clause += " CHARACTER SET \(charset) COLLATE \(collation)"
        }
        clause += " GENERATED ALWAYS AS (\(MySQLTypeNames.strippingOuterParentheses(text))) \(storage)"
        if row[3].string?.uppercased() == "NO" { clause += " NOT NULL" }
        if let comment = row[9].string, !comment.isEmpty { clause += " COMMENT " + dialect.quoteLiteral(comment) }
        let position = previous.map { " AFTER " + q($0) } ?? " FIRST"
        return UnmodelledObject(
            kind: .generatedColumn, name: name, table: table,
            definition: "ALTER TABLE \(q(table)) ADD COLUMN \(clause)\(position)")
    }

    // MARK: - Helpers

    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    /// Rows grouped by their first column (the table), each group in the query's order.
    private func group(_ rows: [SQLRow]) -> [String: [SQLRow]] {
        var groups: [String: [SQLRow]] = [:]
        for row in rows {
            guard let table = row[0].string else { continue }
            groups[table, default: []].append(row)
        }
        return groups
    }

    private func checksByTable() -> [String: [(name: String, clause: String, enforced: Bool)]] {
        var result: [String: [(name: String, clause: String, enforced: Bool)]] = [:]
        if flavour.isMariaDB {
            for row in catalog.checks {
                guard let table = row[0].string, let name = row[1].string else { continue }
                result[table, default: []].append((name, row[2].string ?? "", true))
            }
            return result
        }
        var clauses: [String: String] = [:]
        for row in catalog.checks {
            if let name = row[1].string { clauses[name] = MySQLTypeNames.unescapeCatalogQuotes(row[2].string ?? "") }
        }
        for row in catalog.checkTables {
            guard let table = row[0].string, let name = row[1].string else { continue }
            result[table, default: []].append((name, clauses[name] ?? "", row[2].string?.uppercased() != "NO"))
        }
        return result
    }

    static func charset(of collation: String) -> String {
        collation.split(separator: "_", maxSplits: 1).first.map(String.init) ?? collation
    }

    /// The model's action for a rule. InnoDB checks keys immediately, so `RESTRICT` (what
    /// MariaDB reports for an unwritten action) and `NO ACTION` are one action: `noAction`.
    static func action(_ rule: String?) -> ReferentialAction {
        switch rule?.uppercased() {
        case "CASCADE": .cascade
        case "SET NULL": .setNull
        case "SET DEFAULT": .setDefault
        default: .noAction
        }
    }

    /// A view's definition without the `` `db`. `` the server puts before every table and
    /// column of the current database, outside literals.
    private func strippingDatabase(_ text: String) -> String {
        let qualifier = Array((q(catalog.database) + ".").utf8)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                out.append(byte)
                if byte == UInt8(ascii: "\\"), open != UInt8(ascii: "`"), index + 1 < bytes.count {
                    out.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == open { quote = nil }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "`"), bytes.count - index >= qualifier.count,
               bytes[index..<(index + qualifier.count)].elementsEqual(qualifier) {
                index += qualifier.count
                continue
            }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") { quote = byte }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
