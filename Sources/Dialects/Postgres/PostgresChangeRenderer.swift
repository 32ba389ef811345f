import Schema
import SchemaDiff

/// PostgreSQL's DDL for the differ's changes.
///
/// Whole objects come from ``PostgresRenderer``; the rest is `ALTER TABLE`, `ALTER TYPE`,
/// `ALTER SEQUENCE` and `COMMENT ON`. Every constraint is written with its name (the
/// model's, or the one the server would choose), so that applying a plan twice never adds
/// a `_key1`. A rebuild is never planned on PostgreSQL and renders nothing.
struct PostgresChangeRenderer: ChangeRenderer {
    /// The dialect whose quoting the statements use.
    let dialect: PostgresDialect

    /// The renderer of whole objects.
    var objects: PostgresRenderer { PostgresRenderer(dialect: dialect) }

    func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String] {
        switch change {
        case .createEnumType(let type): objects.createEnumType(type)
        case .dropEnumType(let type): objects.dropEnumType(type)
        case .addEnumValues(let old, let new): addEnumValues(from: old, to: new)
        case .createSequence(let sequence): createSequence(sequence, from: from)
        case .dropSequence(let sequence): dropSequence(sequence)
        case .alterSequence(let old, let new): alterSequence(from: old, to: new)
        case .createTable(let table, let keys): createTable(table, foreignKeys: keys, in: to)
        case .dropTable(let table): objects.dropTable(table)
        case .renameTable(let old, let new): renameTable(from: old, to: new, before: from, after: to)
        case .rebuildTable: []
        case .addColumn(let table, let column): addColumn(column, table: table, in: to)
        case .dropColumn(let table, let column): ["ALTER TABLE \(q(table)) DROP COLUMN \(q(column.name))"]
        case .renameColumn(let table, let old, let new): renameColumn(table: table, from: old, to: new, before: from, after: to)
        case .alterColumn(let table, let old, let new): alterColumn(table: table, from: old, to: new, before: from, after: to)
        case .setPrimaryKey(let table, let old, let new): setPrimaryKey(table: table, from: old, to: new, in: to)
        case .addUnique(let table, let unique): [alter(table, "ADD " + uniqueClause(unique, table: table))]
        case .dropUnique(let table, let unique): dropConstraint(unique.name, table: table)
        case .addIndex(let table, let index): objects.createIndex(index, on: to.table(named: table) ?? Table(name: table, columns: []))
        case .dropIndex(_, let index): ["DROP INDEX \(q(index.name))"]
        case .addForeignKey(let table, let key): objects.addForeignKey(key, to: Table(name: table, columns: []))
        case .dropForeignKey(let table, let key): dropConstraint(key.name, table: table)
        case .addCheck(let table, let check): [alter(table, "ADD " + constraintName(check.name) + "CHECK (\(check.expression))")]
        case .dropCheck(let table, let check): dropConstraint(check.name, table: table)
        case .alterTableOptions(let table, let old, let new): alterTableOptions(table: table, from: old, to: new)
        case .setTableComment(let table, _, let comment): ["COMMENT ON TABLE \(q(table)) IS \(literal(comment))"]
        case .createView(let view): objects.createView(view)
        case .dropView(let view): objects.dropView(view)
        case .createUnmodelled(let object): objects.createUnmodelled(object)
        case .dropUnmodelled(let object): dropUnmodelled(object)
        }
    }

    // MARK: - Tables

    /// `CREATE TABLE` with its indexes, then `OWNED BY` for the free-standing sequences of
    /// the schema that belong to its columns.
    private func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String] {
        var statements = objects.createTable(table, foreignKeys: foreignKeys, in: schema)
        for index in table.indexes { statements += objects.createIndex(index, on: table) }
        for sequence in schema.sequences where sequence.ownedBy?.table == table.name {
            statements += ownedBy(sequence)
        }
        return statements
    }

    /// `RENAME TO`, and the sequences of its identity and serial columns that have the
    /// server's names, so that they keep having them.
    private func renameTable(from old: String, to new: String, before: Schema, after: Schema) -> [String] {
        var statements = [alter(old, "RENAME TO \(q(new))")]
        guard let table = before.table(named: old) else { return statements }
        for column in table.columns {
            guard let identity = column.identity, identity.sequenceName == nil else { continue }
            let target = after.table(named: new)?.column(named: column.name)?.identity
            let oldName = PostgresSequences.defaultName(table: old, column: column.name)
            guard target?.sequenceName != oldName else { continue }
            statements.append("ALTER SEQUENCE \(q(oldName)) RENAME TO \(q(PostgresSequences.defaultName(table: new, column: column.name)))")
        }
        return statements
    }

    private func alterTableOptions(table: String, from old: TableOptions, to new: TableOptions) -> [String] {
        var statements: [String] = []
        if old.isUnlogged != new.isUnlogged { statements.append(alter(table, new.isUnlogged ? "SET UNLOGGED" : "SET LOGGED")) }
        let changed = new.parameters.filter { !old.parameters.contains($0) }
        let removed = old.parameters.filter { parameter in !new.parameters.contains { $0.name == parameter.name } }
        if !removed.isEmpty { statements.append(alter(table, "RESET (\(removed.map(\.name).joined(separator: ", ")))")) }
        if !changed.isEmpty { statements.append(alter(table, "SET (\(objects.parameters(changed)))")) }
        return statements
    }

    // MARK: - Keys and constraints

    /// Drops the old key, restores the nullability its columns have without it, and adds
    /// the new one under the model's name or the server's (`<table>_pkey`).
    private func setPrimaryKey(table: String, from old: PrimaryKey?, to new: PrimaryKey?, in schema: Schema) -> [String] {
        if let old, let new, let oldName = old.name, let newName = new.name, old.columns == new.columns,
           old.deferrability == new.deferrability {
            // Only the name differs (the table was renamed): foreign keys to it stay.
            return [alter(table, "RENAME CONSTRAINT \(q(oldName)) TO \(q(newName))")]
        }
        var statements: [String] = []
        if let old {
            statements += dropConstraint(old.name ?? PostgresNames.objectName(table, nil, label: "pkey"), table: table)
            let target = schema.table(named: table)
            for name in old.columns where !(new?.columns.contains(name) ?? false) {
                if target?.column(named: name)?.isNullable == true {
                    statements.append(alter(table, "ALTER COLUMN \(q(name)) DROP NOT NULL"))
                }
            }
        }
        if let new {
            let name = new.name ?? PostgresNames.objectName(table, nil, label: "pkey")
            let columns = new.columns.map(q).joined(separator: ", ")
            statements.append(alter(table, "ADD CONSTRAINT \(q(name)) PRIMARY KEY (\(columns))" + objects.deferrable(new.deferrability)))
        }
        return statements
    }

    private func uniqueClause(_ unique: UniqueConstraint, table: String) -> String {
        let name = unique.name ?? PostgresNames.objectName(table, PostgresNames.joinedColumns(unique.columns), label: "key")
        let nulls = unique.nullsNotDistinct ? "NULLS NOT DISTINCT " : ""
        let columns = unique.columns.map(q).joined(separator: ", ")
        return "CONSTRAINT \(q(name)) UNIQUE \(nulls)(\(columns))" + objects.deferrable(unique.deferrability)
    }

    /// `DROP CONSTRAINT`, or nothing for an unnamed constraint (a normalised model names
    /// every one).
    private func dropConstraint(_ name: String?, table: String) -> [String] {
        guard let name else { return [] }
        return [alter(table, "DROP CONSTRAINT \(q(name))")]
    }

    // MARK: - Pieces

    func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    /// `ALTER TABLE "t" <action>`.
    func alter(_ table: String, _ action: String) -> String { "ALTER TABLE \(q(table)) \(action)" }

    /// A comment's literal, or `NULL` for none.
    func literal(_ comment: String?) -> String { comment.map(dialect.quoteLiteral) ?? "NULL" }

    private func constraintName(_ name: String?) -> String { name.map { "CONSTRAINT \(q($0)) " } ?? "" }

    /// `ALTER SEQUENCE … OWNED BY` of a free-standing sequence that belongs to a column.
    func ownedBy(_ sequence: SequenceDefinition) -> [String] {
        guard let owner = sequence.ownedBy else { return [] }
        return ["ALTER SEQUENCE \(q(sequence.name)) OWNED BY \(q(owner.table)).\(q(owner.column))"]
    }
}
