import Schema

extension SQLiteDialect {
    /// A ``SQLiteRenderer``.
    public var renderer: any SchemaRenderer { SQLiteRenderer(dialect: self) }
}

/// Writes the model as SQLite DDL.
///
/// A table is one `CREATE TABLE`, one column per line, then its constraints: the primary
/// key (inline as `INTEGER PRIMARY KEY AUTOINCREMENT` for an auto-increment column, else
/// a table constraint, which on an `INTEGER` column is still the rowid alias), unique
/// constraints, checks and every foreign key (SQLite checks no target when it creates a
/// table, so ``foreignKeysNeedTargets`` is false); then `STRICT` and `WITHOUT ROWID`. An
/// ``/Schema/ColumnType/enum(values:)`` column is `TEXT` with its own `CHECK ("c" IN (…))`. The
/// table's generated columns, carried as ``/Schema/UnmodelledObject``s whose definition is
/// `ALTER TABLE "t" ADD COLUMN …`, are written inside the `CREATE TABLE` after the other
/// columns (an `ALTER TABLE` cannot add a `STORED` one), and not again afterwards.
///
/// SQLite cannot add or drop a foreign key without rebuilding the table:
/// ``addForeignKey(_:to:)`` and ``dropForeignKey(_:from:)`` write nothing.
public struct SQLiteRenderer: SchemaRenderer {
    /// The dialect it writes for.
    public let dialect: SQLiteDialect

    /// Creates a renderer.
    public init(dialect: SQLiteDialect) {
        self.dialect = dialect
    }

    /// False: SQLite checks a foreign key's target only when rows are written.
    public var foreignKeysNeedTargets: Bool { false }

    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    private func list(_ names: [String]) -> String {
        "(" + names.map(q).joined(separator: ", ") + ")"
    }

    // MARK: - Tables

    /// `CREATE TABLE` with its columns, generated columns, keys, checks and `foreignKeys`.
    public func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String] {
        let carried = schema.unmodelledObjects(onTable: table.name)
        if let original = carried.first(where: { $0.kind == .tableDefinition && !$0.definition.isEmpty }) {
            return [original.definition]
        }
        var lines: [String] = []
        let strict = table.options.isStrict
        let key = table.primaryKey
        let inlineKey = key.flatMap { key in
            key.columns.count == 1 && table.column(named: key.columns[0])?.identity?.kind == .autoIncrement ? key.columns[0] : nil
        }
        for column in table.columns {
            lines.append(columnDefinition(column, in: table, inlineKey: inlineKey))
        }
        for object in carried where object.kind == .generatedColumn {
            if let definition = inlinedColumn(object) { lines.append(definition) }
        }
        if let key, inlineKey == nil {
            lines.append(constraint(key.name) + "PRIMARY KEY " + list(key.columns))
        }
        for unique in table.uniqueConstraints {
            lines.append(constraint(unique.name) + "UNIQUE " + list(unique.columns))
        }
        for check in table.checks {
            lines.append(constraint(check.name) + "CHECK (\(check.expression))")
        }
        for foreignKey in foreignKeys {
            lines.append(constraint(foreignKey.name) + "FOREIGN KEY " + list(foreignKey.columns) + " " + references(foreignKey))
        }
        var options: [String] = []
        if strict { options.append("STRICT") }
        if table.options.isWithoutRowID { options.append("WITHOUT ROWID") }
        let suffix = options.isEmpty ? "" : " " + options.joined(separator: ", ")
        return ["CREATE TABLE \(q(table.name)) (\n  " + lines.joined(separator: ",\n  ") + "\n)" + suffix]
    }

    /// One column as `CREATE TABLE` and `ALTER TABLE … ADD COLUMN` write it: name, declared
    /// type, an inline `PRIMARY KEY AUTOINCREMENT` when it is `inlineKey`, `NOT NULL`,
    /// `DEFAULT`, `COLLATE`, and an enumeration's `CHECK`.
    func columnDefinition(_ column: Column, in table: Table, inlineKey: String? = nil) -> String {
        var line = q(column.name)
        let declared = SQLiteTypeNames.declaration(column.type, strict: table.options.isStrict)
        if !declared.isEmpty { line += " " + declared }
        if column.name == inlineKey {
            if let name = table.primaryKey?.name { line += " CONSTRAINT " + q(name) }
            line += " PRIMARY KEY AUTOINCREMENT"
        }
        if !column.isNullable, !isRowIDAlias(column, in: table) { line += " NOT NULL" }
        if let value = column.defaultValue { line += " DEFAULT " + SQLiteTypeNames.defaultSQL(value, dialect: dialect) }
        if let collation = column.collation { line += " COLLATE " + q(collation) }
        if case .enum(let values) = column.type {
            line += " CHECK (\(q(column.name)) IN (\(values.map(dialect.quoteLiteral).joined(separator: ", "))))"
        }
        return line
    }

    private func constraint(_ name: String?) -> String {
        name.map { "CONSTRAINT \(q($0)) " } ?? ""
    }

    private func references(_ key: ForeignKey) -> String {
        var text = "REFERENCES " + q(key.referencedTable)
        if !key.referencedColumns.isEmpty { text += " " + list(key.referencedColumns) }
        if key.onDelete != .noAction { text += " ON DELETE " + key.onDelete.sql }
        if key.onUpdate != .noAction { text += " ON UPDATE " + key.onUpdate.sql }
        switch key.match {
        case .simple: break
        case .full: text += " MATCH FULL"
        case .partial: text += " MATCH PARTIAL"
        }
        switch key.deferrability {
        case .notDeferrable: break
        case .initiallyImmediate: text += " DEFERRABLE INITIALLY IMMEDIATE"
        case .initiallyDeferred: text += " DEFERRABLE INITIALLY DEFERRED"
        }
        return text
    }

    /// Whether the column is the table's rowid alias, whose NOT NULL goes without saying.
    func isRowIDAlias(_ column: Column, in table: Table) -> Bool {
        !table.options.isWithoutRowID && table.primaryKey?.columns == [column.name]
            && SQLiteTypeNames.declaration(column.type, strict: table.options.isStrict) == "INTEGER"
    }

    /// The column definition of a generated column carried as `ALTER TABLE "t" ADD COLUMN …`,
    /// or nil when its definition has another form.
    private func inlinedColumn(_ object: UnmodelledObject) -> String? {
        guard let table = object.table else { return nil }
        let prefix = "ALTER TABLE \(q(table)) ADD COLUMN "
        guard object.definition.hasPrefix(prefix) else { return nil }
        return String(object.definition.dropFirst(prefix.count))
    }

    // MARK: - Other objects

    /// `CREATE [UNIQUE] INDEX "i" ON "t" (parts) [WHERE predicate]`.
    public func createIndex(_ index: Index, on table: Table) -> [String] {
        let parts = index.parts.map { part -> String in
            var text: String
            switch part.target {
            case .column(let name): text = q(name)
            case .expression(let sql): text = sql
            }
            if let collation = part.collation { text += " COLLATE " + q(collation) }
            if part.direction == .descending { text += " DESC" }
            return text
        }
        var sql = "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(q(index.name)) ON \(q(table.name)) (\(parts.joined(separator: ", ")))"
        if let predicate = index.predicate { sql += " WHERE " + predicate }
        return [sql]
    }

    /// Nothing: SQLite adds a foreign key only by rebuilding its table.
    public func addForeignKey(_ foreignKey: ForeignKey, to table: Table) -> [String] { [] }

    /// `CREATE VIEW "v" [(columns)] AS query`.
    public func createView(_ view: View) -> [String] {
        let columns = view.columns.isEmpty ? "" : " " + list(view.columns)
        return ["CREATE VIEW \(q(view.name))\(columns) AS \(view.definition)"]
    }

    /// The carried definition, except for a generated column that ``createTable(_:foreignKeys:in:)``
    /// already wrote.
    public func createUnmodelled(_ object: UnmodelledObject) -> [String] {
        if object.kind == .tableDefinition { return [] }
        if object.kind == .generatedColumn, inlinedColumn(object) != nil { return [] }
        return object.definition.isEmpty ? [] : [object.definition]
    }

    /// Nothing: SQLite drops a foreign key only by rebuilding its table.
    public func dropForeignKey(_ foreignKey: ForeignKey, from table: Table) -> [String] { [] }

    /// `DROP TABLE "t"`.
    public func dropTable(_ table: Table) -> [String] { ["DROP TABLE \(q(table.name))"] }

    /// `DROP VIEW "v"`.
    public func dropView(_ view: View) -> [String] { ["DROP VIEW \(q(view.name))"] }

    /// `DROP TABLE` for a virtual table, `DROP TRIGGER` for a trigger on a view; nothing for
    /// what goes with its table (its triggers, generated columns and indexes).
    public func dropUnmodelled(_ object: UnmodelledObject) -> [String] {
        switch object.kind {
        case .virtualTable: ["DROP TABLE \(q(object.name))"]
        case .trigger where object.table == nil: ["DROP TRIGGER \(q(object.name))"]
        default: []
        }
    }
}
