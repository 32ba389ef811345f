import Schema

extension MySQLDialect {
    /// A ``MySQLRenderer`` writing MySQL 8 or MariaDB DDL.
    public var renderer: any SchemaRenderer { MySQLRenderer(dialect: self) }
}

/// Writes the model as MySQL 8 or MariaDB DDL.
///
/// - `CREATE TABLE` holds the columns (one per line, two-space indent), the primary key and
///   the checks, then `ENGINE=`, `DEFAULT CHARSET=`, `COLLATE=`, `ROW_FORMAT=` and
///   `COMMENT=` where the model sets them. Generated columns, carried as
///   ``/Schema/UnmodelledObject``s, are written inside it at their place, so that indexes and
///   checks on them work and the column order survives.
/// - Indexes are `CREATE INDEX` statements after their table.
/// - Every foreign key is an `ALTER TABLE … ADD CONSTRAINT` after all the tables and their
///   indexes (those closing a cycle from ``addForeignKey(_:to:)``, the others from
///   ``statementsAfterTables(_:)``), so that each finds the index the model gives it and
///   MySQL creates none of its own; both referential actions are always written. (InnoDB
///   checks keys immediately: `RESTRICT`, which MariaDB reports for an unwritten action,
///   and `NO ACTION` are read as one, `noAction`.)
/// - Literals go through ``MySQLDialect/quoteLiteral(_:)``, which doubles backslashes
///   (the default SQL mode reads them as escapes); identifiers are always quoted.
public struct MySQLRenderer: SchemaRenderer {
    /// The dialect, with the server's flavour and version when known.
    public let dialect: MySQLDialect

    /// Creates a renderer for `dialect`.
    public init(dialect: MySQLDialect) {
        self.dialect = dialect
    }

    private var isMariaDB: Bool { dialect.isMariaDB ?? false }
    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    // MARK: - Tables

    /// `CREATE TABLE`; the foreign keys come later, from ``statementsAfterTables(_:)``.
    public func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String] {
        let enumValues = { (name: String) in schema.enumType(named: name)?.values }
        var generated: [String: [String]] = [:]
        var generatedFirst: [String] = []
        for object in schema.unmodelledObjects(onTable: table.name) where object.kind == .generatedColumn {
            guard let (clause, after) = generatedClause(object, table: table.name) else { continue }
            if let after { generated[after, default: []].append(clause) } else { generatedFirst.append(clause) }
        }
        var lines: [String] = []
        func place(_ clause: String, name: String?) {
            lines.append("  " + clause)
            guard let name, let following = generated.removeValue(forKey: name) else { return }
            for next in following { place(next, name: generatedName(next)) }
        }
        for clause in generatedFirst { place(clause, name: generatedName(clause)) }
        for column in table.columns {
            place(columnDefinition(column, enumValues: enumValues), name: column.name)
        }
        for (_, rest) in generated.sorted(by: { $0.key < $1.key }) {
            for clause in rest { place(clause, name: generatedName(clause)) }
        }
        if let key = table.primaryKey {
            lines.append("  PRIMARY KEY (" + key.columns.map(q).joined(separator: ", ") + ")")
        }
        for check in table.checks {
            var line = "  "
            if let name = check.name { line += "CONSTRAINT \(q(name)) " }
            line += "CHECK (\(check.expression))"
            if !check.isEnforced, !isMariaDB { line += " NOT ENFORCED" }
            lines.append(line)
        }
        var statement = "CREATE TABLE \(q(table.name)) (\n" + lines.joined(separator: ",\n") + "\n)"
        let options = table.options
        if let engine = options.storageEngine { statement += " ENGINE=\(engine)" }
        if let charset = options.characterSet { statement += " DEFAULT CHARSET=\(charset)" }
        if let collation = options.collation { statement += " COLLATE=\(collation)" }
        if let rowFormat = options.rowFormat { statement += " ROW_FORMAT=\(rowFormat)" }
        if let comment = table.comment { statement += " COMMENT=" + dialect.quoteLiteral(comment) }
        return [statement]
    }

    /// One column's definition inside `CREATE TABLE` or `ADD COLUMN`.
    func columnDefinition(_ column: Column, enumValues: (String) -> [String]?) -> String {
        var text = q(column.name) + " " + MySQLTypeNames.render(column.type, dialect: dialect, enumValues: enumValues)
        if let charset = column.characterSet { text += " CHARACTER SET \(charset)" }
        if let collation = column.collation { text += " COLLATE \(collation)" }
        if !column.isNullable {
            text += " NOT NULL"
        } else if case .timestampWithZone = column.type {
            text += " NULL"
        }
        if let value = column.defaultValue { text += " DEFAULT " + defaultText(value, type: column.type) }
        if let value = column.onUpdate { text += " ON UPDATE " + defaultText(value, type: column.type) }
        if column.identity != nil { text += " AUTO_INCREMENT" }
        if let comment = column.comment { text += " COMMENT " + dialect.quoteLiteral(comment) }
        return text
    }

    /// A default (or `ON UPDATE`) value as DDL: literals bare, expressions in parentheses.
    func defaultText(_ value: ColumnDefault, type: ColumnType) -> String {
        let precision = MySQLTypeNames.timePrecision(type).map { "(\($0))" } ?? ""
        switch value {
        case .null: return "NULL"
        case .string(let text): return dialect.quoteLiteral(text)
        case .number(let text): return text
        case .bool(let truth): return truth ? "1" : "0"
        case .currentTimestamp: return "CURRENT_TIMESTAMP" + precision
        case .currentDate: return "(CURRENT_DATE)"
        case .currentTime: return "(CURRENT_TIME" + precision + ")"
        case .nextValue(let sequence): return "(NEXT VALUE FOR \(q(sequence)))"
        case .expression(let sql): return "(" + sql + ")"
        }
    }

    /// The column clause and the column it follows (nil: first) of a generated column
    /// carried as `ALTER TABLE t ADD COLUMN … AFTER c`, or nil for any other text.
    private func generatedClause(_ object: UnmodelledObject, table: String) -> (String, String?)? {
        let prefix = "ALTER TABLE \(q(table)) ADD COLUMN "
        guard object.definition.hasPrefix(prefix) else { return nil }
        let body = object.definition.dropFirst(prefix.count)
        if body.hasSuffix(" FIRST") { return (String(body.dropLast(" FIRST".count)), nil) }
        guard let range = body.range(of: " AFTER `", options: .backwards) else { return nil }
        let quoted = String(body[body.index(after: range.lowerBound)...].dropFirst("AFTER ".count))
        guard let name = Self.unquote(quoted) else { return nil }
        return (String(body[..<range.lowerBound]), name)
    }

    private func generatedName(_ clause: String) -> String? {
        guard clause.first == "`" else { return nil }
        var name = ""
        var index = clause.index(after: clause.startIndex)
        while index < clause.endIndex {
            if clause[index] == "`" {
                let next = clause.index(after: index)
                if next < clause.endIndex, clause[next] == "`" { name.append("`"); index = clause.index(after: next); continue }
                return name
            }
            name.append(clause[index])
            index = clause.index(after: index)
        }
        return nil
    }

    /// The name inside a whole backtick-quoted identifier, or nil.
    private static func unquote(_ text: String) -> String? {
        guard text.count >= 2, text.first == "`", text.last == "`" else { return nil }
        let inner = text.dropFirst().dropLast()
        var name = ""
        var pendingQuote = false
        for character in inner {
            if character == "`" {
                if pendingQuote { name.append("`"); pendingQuote = false } else { pendingQuote = true }
            } else {
                if pendingQuote { return nil }
                name.append(character)
            }
        }
        return pendingQuote ? nil : name
    }

    // MARK: - Indexes

    /// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX … ON … (…)` with its method, comment and
    /// visibility.
    public func createIndex(_ index: Index, on table: Table) -> [String] {
        let body = indexBody(index)
        return ["CREATE \(body.kind)INDEX \(q(index.name)) ON \(q(table.name)) \(body.parts)\(body.options)"]
    }

    /// An index's kind (`UNIQUE `, `FULLTEXT `, `SPATIAL ` or empty), its parenthesised
    /// parts, and its options (method, comment, visibility, each after a space), as both
    /// `CREATE INDEX` and `ALTER TABLE … ADD INDEX` write them.
    func indexBody(_ index: Index) -> (kind: String, parts: String, options: String) {
        var kind = ""
        if index.method == .fulltext { kind = "FULLTEXT " } else if index.method == .spatial { kind = "SPATIAL " } else if index.isUnique { kind = "UNIQUE " }
        let parts = index.parts.map { part -> String in
            var text: String
            switch part.target {
            case .column(let name):
                text = q(name)
                if let length = part.prefixLength { text += "(\(length))" }
            case .expression(let sql):
                text = "(" + sql + ")"
            }
            if part.direction == .descending { text += " DESC" }
            return text
        }
        var options = ""
        if index.method == .hash { options += " USING HASH" } else if index.method == .btree { options += " USING BTREE" }
        if let comment = index.comment { options += " COMMENT " + dialect.quoteLiteral(comment) }
        if index.isInvisible { options += isMariaDB ? " IGNORED" : " INVISIBLE" }
        return (kind, "(" + parts.joined(separator: ", ") + ")", options)
    }

    // MARK: - Foreign keys

    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY … REFERENCES … ON DELETE … ON UPDATE …`.
    public func addForeignKey(_ foreignKey: ForeignKey, to table: Table) -> [String] {
        var statement = "ALTER TABLE \(q(table.name)) ADD "
        if let name = foreignKey.name { statement += "CONSTRAINT \(q(name)) " }
        statement += "FOREIGN KEY (" + foreignKey.columns.map(q).joined(separator: ", ") + ") REFERENCES "
        if let schema = foreignKey.referencedSchema { statement += q(schema) + "." }
        statement += q(foreignKey.referencedTable) + " (" + foreignKey.referencedColumns.map(q).joined(separator: ", ") + ")"
        statement += " ON DELETE " + foreignKey.onDelete.sql + " ON UPDATE " + foreignKey.onUpdate.sql
        return [statement]
    }

    /// The foreign keys that ``SchemaScript`` left inside their tables (all but those
    /// closing a cycle), added once every table and index exists.
    public func statementsAfterTables(_ schema: Schema) -> [String] {
        let order = schema.dependencyOrder()
        var deferred: Set<DeferredKey> = []
        for key in order.deferredForeignKeys { deferred.insert(DeferredKey(table: key.table, key: key.foreignKey)) }
        var statements: [String] = []
        for name in order.tables {
            guard let table = schema.table(named: name) else { continue }
            for key in table.foreignKeys where !deferred.contains(DeferredKey(table: name, key: key)) {
                statements += addForeignKey(key, to: table)
            }
        }
        return statements
    }

    // MARK: - Views and unmodelled objects

    /// `CREATE VIEW … AS …` with its check option.
    public func createView(_ view: View) -> [String] {
        var statement = "CREATE VIEW \(q(view.name))"
        if !view.columns.isEmpty { statement += " (" + view.columns.map(q).joined(separator: ", ") + ")" }
        statement += " AS " + view.definition
        switch view.checkOption {
        case .cascaded: statement += " WITH CASCADED CHECK OPTION"
        case .local: statement += " WITH LOCAL CHECK OPTION"
        case nil: break
        }
        return [statement]
    }

    /// The object's DDL; nothing for a generated column written inside its `CREATE TABLE`.
    public func createUnmodelled(_ object: UnmodelledObject) -> [String] {
        if object.kind == .generatedColumn, let table = object.table, generatedClause(object, table: table) != nil {
            return []
        }
        return object.definition.isEmpty ? [] : [object.definition]
    }

    // MARK: - Drops

    /// `ALTER TABLE … DROP FOREIGN KEY …`.
    public func dropForeignKey(_ foreignKey: ForeignKey, from table: Table) -> [String] {
        guard let name = foreignKey.name else { return [] }
        return ["ALTER TABLE \(q(table.name)) DROP FOREIGN KEY \(q(name))"]
    }

    /// `DROP TABLE …`.
    public func dropTable(_ table: Table) -> [String] { ["DROP TABLE \(q(table.name))"] }

    /// `DROP VIEW …`.
    public func dropView(_ view: View) -> [String] { ["DROP VIEW \(q(view.name))"] }

    /// `DROP TRIGGER`, `PROCEDURE`, `FUNCTION` or `EVENT`; nothing for what goes with its table.
    public func dropUnmodelled(_ object: UnmodelledObject) -> [String] {
        switch object.kind {
        case .trigger: ["DROP TRIGGER \(q(object.name))"]
        case .procedure: ["DROP PROCEDURE \(q(object.name))"]
        case .function: ["DROP FUNCTION \(q(object.name))"]
        case .event: ["DROP EVENT \(q(object.name))"]
        default: []
        }
    }
}

private struct DeferredKey: Hashable {
    var table: String
    var key: ForeignKey
}
