import Schema
import SchemaDiff

extension SQLiteDialect {
    /// SQLite's answers to the differ: what `ALTER TABLE` can do in place, the rest rebuilds.
    public var diffAdvisor: any DiffAdvisor { SQLiteDiffAdvisor() }
    /// SQLite's DDL for the differ's changes, rebuilds included.
    public var changeRenderer: any ChangeRenderer { SQLiteChangeRenderer(dialect: self) }
    /// `PRAGMA foreign_keys` off around a rebuild's transaction, verified before `COMMIT`.
    public var foreignKeySuspension: (any ForeignKeySuspension)? { SQLiteForeignKeySuspension() }
}

/// The differ's answers for SQLite.
///
/// SQLite's `ALTER TABLE` adds, drops and renames columns and renames tables; indexes
/// come and go with `CREATE`/`DROP INDEX`. Everything else (a column's type, nullability,
/// default or identity, the primary key, unique constraints, foreign keys, checks,
/// `STRICT`, `WITHOUT ROWID`, the column order) rebuilds the table: see ``SQLiteRebuild``.
struct SQLiteDiffAdvisor: DiffAdvisor {
    /// False: SQLite checks a foreign key's target only when rows are written.
    var foreignKeysNeedTargets: Bool { false }
    /// True: a rebuild writes the columns in any order.
    var reordersColumns: Bool { true }

    /// A table is changed unless it carries something other than triggers: the SQLite
    /// inspector marks a table with a trigger unsupported, but a rebuild re-creates its
    /// triggers from their text and an in-place `ALTER TABLE` leaves them be. Whatever else
    /// the inspector cannot model comes with the table's own `CREATE TABLE` text, which
    /// no change could keep.
    func canChange(_ table: Table, carrying objects: [UnmodelledObject]) -> Bool {
        guard table.isUnsupported else { return true }
        return !objects.isEmpty && objects.allSatisfy { $0.kind == .trigger }
    }

    /// Whether every change is one SQLite's `ALTER TABLE` (or `CREATE`/`DROP INDEX`) makes.
    func canAlterInPlace(_ changes: [SchemaChange.Kind], from: Table, to: Table) -> Bool {
        changes.allSatisfy { inPlace($0, from: from, to: to) }
    }

    /// A rebuild holds the write lock while it copies every row.
    func engineFindings(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [ChangeFinding] {
        guard case .rebuildTable(_, let table, _) = change else { return [] }
        return [ChangeFinding(
            rule: "sqlite-rebuild", changeClass: .locking,
            message: "rebuilds \(table.name): copies every row into a new table and drops the old one, holding the write lock throughout",
            remedy: "run it when writes to \(table.name) can wait for the copy"
        )]
    }

    private func inPlace(_ change: SchemaChange.Kind, from: Table, to: Table) -> Bool {
        switch change {
        case .addColumn(_, let column): canAdd(column, to: to)
        case .dropColumn(_, let column): canDrop(column.name, from: from)
        case .renameColumn, .renameTable, .addIndex, .dropIndex, .setTableComment: true
        default: false
        }
    }

    /// `ADD COLUMN`: not part of a key, a constant default or none, `NOT NULL` only with
    /// a non-null default, and no foreign key with a non-null default.
    private func canAdd(_ column: Column, to table: Table) -> Bool {
        let name = column.name
        if table.primaryKey?.columns.contains(name) == true || column.identity != nil { return false }
        if table.uniqueConstraints.contains(where: { $0.columns.contains(name) }) { return false }
        let hasValue = column.defaultValue.map { $0 != .null } ?? false
        if let value = column.defaultValue, !Self.isConstant(value) { return false }
        if !column.isNullable, !hasValue { return false }
        return !(hasValue && table.foreignKeys.contains { $0.columns.contains(name) })
    }

    /// `DROP COLUMN`: nothing of the table names the column (checked by text, so a name
    /// that merely appears in an expression also rebuilds).
    private func canDrop(_ name: String, from table: Table) -> Bool {
        if table.primaryKey?.columns.contains(name) == true { return false }
        if table.uniqueConstraints.contains(where: { $0.columns.contains(name) }) { return false }
        if table.foreignKeys.contains(where: { $0.columns.contains(name) }) { return false }
        if table.checks.contains(where: { Self.mentions($0.expression, name) }) { return false }
        return !table.indexes.contains { index in
            index.parts.contains { part in
                switch part.target {
                case .column(let column): column == name
                case .expression(let sql): Self.mentions(sql, name)
                }
            } || index.predicate.map { Self.mentions($0, name) } == true
        }
    }

    private static func isConstant(_ value: ColumnDefault) -> Bool {
        switch value {
        case .null, .string, .number, .bool: true
        case .currentTimestamp, .currentDate, .currentTime, .nextValue, .expression: false
        }
    }

    private static func mentions(_ sql: String, _ name: String) -> Bool {
        sql.lowercased().contains(name.lowercased())
    }
}

/// SQLite's DDL for the differ's changes.
///
/// The changes SQLite cannot make in place reach it only inside a
/// ``SchemaChange/Kind/rebuildTable(from:to:columnSources:)`` (``SQLiteDiffAdvisor``
/// says so), and alone they write nothing; so do enumeration types, sequences and
/// comments, which SQLite does not have.
struct SQLiteChangeRenderer: ChangeRenderer {
    /// The dialect it writes for.
    let dialect: SQLiteDialect

    private var objects: SQLiteRenderer { SQLiteRenderer(dialect: dialect) }

    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    /// The statements of one change.
    func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String] {
        switch change {
        case .createTable(let table, let foreignKeys):
            objects.createTable(table, foreignKeys: foreignKeys, in: to) + table.indexes.flatMap { objects.createIndex($0, on: table) }
        case .dropTable(let table): objects.dropTable(table)
        case .renameTable(let old, let new): ["ALTER TABLE \(q(old)) RENAME TO \(q(new))"]
        case .rebuildTable(let old, let new, let sources):
            SQLiteRebuild(dialect: dialect, from: old, to: new, columnSources: sources, schema: to).statements
        case .addColumn(let table, let column): addColumn(column, table: table, in: to)
        case .dropColumn(let table, let column): ["ALTER TABLE \(q(table)) DROP COLUMN \(q(column.name))"]
        case .renameColumn(let table, let old, let new): ["ALTER TABLE \(q(table)) RENAME COLUMN \(q(old)) TO \(q(new))"]
        case .addIndex(let table, let index): objects.createIndex(index, on: to.table(named: table) ?? Table(name: table, columns: []))
        case .dropIndex(_, let index): ["DROP INDEX \(q(index.name))"]
        case .createView(let view): objects.createView(view)
        case .dropView(let view): objects.dropView(view)
        case .createUnmodelled(let object): objects.createUnmodelled(object)
        case .dropUnmodelled(let object): dropUnmodelled(object)
        case .createEnumType, .dropEnumType, .addEnumValues, .createSequence, .dropSequence, .alterSequence,
             .alterColumn, .setPrimaryKey, .addUnique, .dropUnique, .addForeignKey, .dropForeignKey, .addCheck,
             .dropCheck, .alterTableOptions, .setTableComment:
            []
        }
    }

    /// A rebuild, and dropping a table: with enforcement on, `DROP TABLE` deletes the rows
    /// first and so fires the `ON DELETE` actions of the keys pointing at it (deleting or
    /// emptying the rows of tables that stay). Off, a drop that leaves rows pointing
    /// nowhere fails the suspension's check instead and is rolled back.
    func needsForeignKeysOff(_ change: SchemaChange.Kind) -> Bool {
        switch change {
        case .rebuildTable, .dropTable: true
        default: false
        }
    }

    private func addColumn(_ column: Column, table name: String, in schema: Schema) -> [String] {
        let table = schema.table(named: name) ?? Table(name: name, columns: [column])
        return ["ALTER TABLE \(q(name)) ADD COLUMN " + objects.columnDefinition(column, in: table)]
    }

    /// `DROP TRIGGER IF EXISTS` (a trigger on a view went with the view if that was dropped
    /// first), `DROP INDEX IF EXISTS` for an index Strata cannot read, else as a dump drops it.
    private func dropUnmodelled(_ object: UnmodelledObject) -> [String] {
        switch object.kind {
        case .trigger: ["DROP TRIGGER IF EXISTS \(q(object.name))"]
        case .other where object.table != nil: ["DROP INDEX IF EXISTS \(q(object.name))"]
        default: objects.dropUnmodelled(object)
        }
    }
}
