import Drivers
import Schema
import SchemaDiff

/// MySQL's and MariaDB's DDL for the differ's changes.
///
/// Whole objects (tables with their indexes, views, foreign keys, carried objects) come
/// from ``MySQLRenderer``; the rest are `ALTER TABLE` statements, one per change, except
/// where MySQL needs two things in one statement:
///
/// - a primary key over a column that becomes `AUTO_INCREMENT` is added (and the old one
///   dropped) in that column's `ADD`/`MODIFY COLUMN`, since such a column must be keyed;
///   a key column that becomes nullable leaves the key in its `MODIFY COLUMN`;
/// - an index that a foreign key which stays depends on is dropped together with the
///   index of the desired table that takes its place;
/// - on MariaDB, a `MODIFY COLUMN` drops the column's own check (one named after it), so
///   the statement adds it back.
///
/// A new column goes `AFTER` the column before it in the desired table (or `FIRST`).
/// Enumeration types, sequences and rebuilds, which the differ never plans for MySQL,
/// have no statements.
public struct MySQLChangeRenderer: ChangeRenderer {
    /// The dialect, with the server's flavour and version when known.
    public let dialect: MySQLDialect

    /// Creates the renderer for `dialect`.
    public init(dialect: MySQLDialect) {
        self.dialect = dialect
    }

    var renderer: MySQLRenderer { MySQLRenderer(dialect: dialect) }
    var isMariaDB: Bool { dialect.isMariaDB ?? false }
    func q(_ name: String) -> String { dialect.quoteIdentifier(name) }
    func alter(_ table: String, _ clauses: [String]) -> String {
        "ALTER TABLE \(q(table)) " + clauses.joined(separator: ", ")
    }

    /// The statements of `change`.
    public func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String] {
        switch change {
        case .createTable(let table, let keys): createTable(table, foreignKeys: keys, in: to)
        case .dropTable(let table): renderer.dropTable(table)
        case .renameTable(let old, let new): ["RENAME TABLE \(q(old)) TO \(q(new))"]
        case .addColumn(let table, let column): [addColumn(column, table: table, from: from, to: to)]
        case .dropColumn(let table, let column): [alter(table, ["DROP COLUMN " + q(column.name)])]
        case .renameColumn(let table, let old, let new): [renameColumn(table: table, old, new, from: from, to: to)]
        case .alterColumn(let table, let old, let new): [alterColumn(table: table, old, new, from: from, to: to)]
        case .setPrimaryKey(let table, let old, let new): setPrimaryKey(table: table, old, new, from: from, to: to)
        case .addUnique(let table, let unique): [addUnique(unique, table: table)]
        case .dropUnique(let table, let unique): unique.name.map { [alter(table, ["DROP INDEX " + q($0)])] } ?? []
        case .addIndex(let table, let index): addIndex(index, table: table, from: from, to: to)
        case .dropIndex(let table, let index): [dropIndex(index, table: table, from: from, to: to)]
        case .addForeignKey(let table, let key): renderer.addForeignKey(key, to: stub(table))
        case .dropForeignKey(let table, let key): renderer.dropForeignKey(key, from: stub(table))
        case .addCheck(let table, let check): [alter(table, [checkClause(check)])]
        case .dropCheck(let table, let check): check.name.map { [alter(table, [dropCheckClause($0)])] } ?? []
        case .alterTableOptions(let table, let old, let new): tableOptions(table: table, old, new, in: to)
        case .setTableComment(let table, _, let comment): [alter(table, ["COMMENT = " + dialect.quoteLiteral(comment ?? "")])]
        case .createView(let view): renderer.createView(view)
        case .dropView(let view): renderer.dropView(view)
        case .createUnmodelled(let object): createUnmodelled(object, from: from)
        case .dropUnmodelled(let object): dropUnmodelled(object, to: to)
        case .createEnumType, .dropEnumType, .addEnumValues, .createSequence, .dropSequence, .alterSequence, .rebuildTable: []
        }
    }

    /// A table of that name with nothing else, for the renderer's functions that only use
    /// the name.
    func stub(_ name: String) -> Table { Table(name: name, columns: []) }

    // MARK: - Tables

    /// `CREATE TABLE`, its indexes, then the foreign keys the differ left inside it (after
    /// the indexes, so that MySQL creates none of its own).
    private func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String] {
        var statements = renderer.createTable(table, foreignKeys: foreignKeys, in: schema)
        for index in table.indexes { statements += renderer.createIndex(index, on: table) }
        for key in foreignKeys { statements += renderer.addForeignKey(key, to: table) }
        return statements
    }

    /// `ENGINE=`, `ROW_FORMAT=` and `DEFAULT CHARACTER SET … COLLATE …` with a `MODIFY
    /// COLUMN` of each text column that follows the table's character set, so that it is
    /// converted too (`CONVERT TO` would also turn a `TEXT` into a `MEDIUMTEXT`).
    private func tableOptions(table: String, _ old: TableOptions, _ new: TableOptions, in schema: Schema) -> [String] {
        var clauses: [String] = []
        if old.storageEngine != new.storageEngine { clauses.append("ENGINE = " + (new.storageEngine ?? "InnoDB")) }
        if old.rowFormat != new.rowFormat { clauses.append("ROW_FORMAT = " + (new.rowFormat ?? "DEFAULT")) }
        if old.characterSet != new.characterSet || old.collation != new.collation {
            clauses.append(defaultCharacterSet(new, schema: schema))
            let columns = schema.table(named: table)?.columns ?? []
            for column in columns where column.characterSet == nil && column.type != .json && MySQLTypeNames.hasCharacterSet(column.type) {
                clauses.append("MODIFY COLUMN " + definition(column, in: schema))
            }
        }
        return clauses.isEmpty ? [] : [alter(table, clauses)]
    }

    /// `DEFAULT CHARACTER SET x COLLATE y`; a table without its own follows the database,
    /// whose defaults the model holds when known (else the server's `DEFAULT`, which is
    /// the character set's default collation).
    private func defaultCharacterSet(_ options: TableOptions, schema: Schema) -> String {
        let charset = options.characterSet ?? schema.defaultCharacterSet
            ?? schema.defaultCollation.map(MySQLSchemaBuilder.charset(of:))
        let collation = options.characterSet == nil ? schema.defaultCollation : options.collation
        var clause = "DEFAULT CHARACTER SET " + (charset ?? "DEFAULT")
        if let collation { clause += " COLLATE " + collation } else if charset == nil { clause += " COLLATE DEFAULT" }
        return clause
    }

    // MARK: - Columns

    /// A column's whole definition, as in `CREATE TABLE`.
    func definition(_ column: Column, in schema: Schema) -> String {
        renderer.columnDefinition(column, enumValues: { schema.enumType(named: $0)?.values })
    }

    /// `ADD COLUMN … AFTER prev` (or `FIRST`), with the primary key when the column is a
    /// new `AUTO_INCREMENT` one it holds.
    private func addColumn(_ column: Column, table: String, from: Schema, to: Schema) -> String {
        var clause = "ADD COLUMN " + definition(column, in: to)
        if let columns = to.table(named: table)?.columns, let position = columns.firstIndex(where: { $0.name == column.name }) {
            clause += position == 0 ? " FIRST" : " AFTER " + q(columns[position - 1].name)
        }
        let key = keyChange(table: table, from: from, to: to)
        guard case .withIdentity(column.name, let drop, let add) = key else { return alter(table, [clause]) }
        return alter(table, drop + [clause] + add)
    }

    /// `RENAME COLUMN` (MariaDB 10.5, MySQL 8), else `CHANGE COLUMN` with the whole
    /// definition as it is before the change.
    private func renameColumn(table: String, _ old: String, _ new: String, from: Schema, to: Schema) -> String {
        if let server = dialect.server,
           server.version >= (server.flavour == .mariadb ? ServerVersion(10, 5) : ServerVersion(8)) {
            return alter(table, ["RENAME COLUMN \(q(old)) TO \(q(new))"])
        }
        var column = from.table(named: table)?.column(named: old) ?? to.table(named: table)?.column(named: new)
            ?? Column(new, .int)
        column.name = new
        return alter(table, ["CHANGE COLUMN \(q(old)) " + definition(column, in: to)])
    }

    /// `MODIFY COLUMN` with the whole new definition, with the key changes that must go
    /// with it and, on MariaDB, the column's own check added back.
    private func alterColumn(table: String, _ old: Column, _ new: Column, from: Schema, to: Schema) -> String {
        var clauses = ["MODIFY COLUMN " + definition(new, in: to)]
        switch keyChange(table: table, from: from, to: to) {
        case .withIdentity(new.name, let drop, let add): clauses = drop + clauses + add
        case .withNullable(new.name, let drop): clauses = drop + clauses
        default: break
        }
        if isMariaDB, let check = survivingColumnCheck(new.name, table: table, from: from, to: to) {
            clauses = [dropCheckClause(new.name, ifExists: true)] + clauses + [checkClause(check)]
        }
        return alter(table, clauses)
    }

    /// The check of `to` named after `column`, the same in `from` (a MariaDB column check,
    /// which `MODIFY COLUMN` drops), or nil.
    private func survivingColumnCheck(_ column: String, table: String, from: Schema, to: Schema) -> Check? {
        guard let check = to.table(named: table)?.check(named: column),
              from.table(named: table)?.check(named: column) == check else { return nil }
        return check
    }

    // MARK: - Checks

    /// `ADD CONSTRAINT … CHECK (…)`, `NOT ENFORCED` where MySQL has it.
    func checkClause(_ check: Check) -> String {
        var clause = "ADD "
        if let name = check.name { clause += "CONSTRAINT \(q(name)) " }
        clause += "CHECK (\(check.expression))"
        if !check.isEnforced, !isMariaDB { clause += " NOT ENFORCED" }
        return clause
    }

    /// MariaDB's `DROP CONSTRAINT`, MySQL's `DROP CHECK`.
    func dropCheckClause(_ name: String, ifExists: Bool = false) -> String {
        isMariaDB ? "DROP CONSTRAINT " + (ifExists ? "IF EXISTS " : "") + q(name) : "DROP CHECK " + q(name)
    }

    // MARK: - Carried objects

    /// The object's DDL; a generated column of a table that already exists is added with
    /// its own `ALTER TABLE … ADD COLUMN` (for a new table it is inside `CREATE TABLE`).
    private func createUnmodelled(_ object: UnmodelledObject, from: Schema) -> [String] {
        if object.kind == .generatedColumn, let table = object.table, from.table(named: table) != nil {
            return object.definition.isEmpty ? [] : [object.definition]
        }
        return renderer.createUnmodelled(object)
    }

    /// `DROP TRIGGER` and the like; a generated column of a table that stays is dropped
    /// with `DROP COLUMN`.
    private func dropUnmodelled(_ object: UnmodelledObject, to: Schema) -> [String] {
        if object.kind == .generatedColumn, let table = object.table, to.table(named: table) != nil {
            return [alter(table, ["DROP COLUMN " + q(object.name)])]
        }
        return renderer.dropUnmodelled(object)
    }
}
