import Schema

/// The statements that rebuild one SQLite table, for what `ALTER TABLE` cannot change.
///
/// 1. `CREATE TABLE "strata_new_<t>"` as the table should be (`STRICT`, `WITHOUT ROWID`,
///    `AUTOINCREMENT` and every foreign key included);
/// 2. `INSERT INTO` it `SELECT` the columns that keep their values from the old table,
///    and the `rowid` where neither table aliases it to a column, so that rowids survive;
/// 3. for an `AUTOINCREMENT` table, the old table's `sqlite_sequence` high-water mark
///    (above the largest id once the last rows were deleted) carried to the new table;
/// 4. `DROP TABLE "t"`;
/// 5. `ALTER TABLE "strata_new_<t>" RENAME TO "t"`, under `PRAGMA legacy_alter_table`;
/// 6. the table's indexes and triggers, which the drop took with it.
///
/// The old table is never renamed: a rename would rewrite the `REFERENCES` of the tables
/// pointing at it, which instead keep naming `t` and so name the new table. Enforcement
/// must be off (``SQLiteForeignKeySuspension``): `DROP TABLE` would otherwise delete the
/// old rows first and fire `ON DELETE CASCADE` and `SET NULL` on the children.
///
/// The rename runs with `legacy_alter_table` on because, since SQLite 3.26, a rename
/// re-reads every trigger and view of the schema and fails when one names a table that
/// does not exist, as `t` does not between the drop and the rename: a trigger on another
/// table that writes to `t` would stop it. The differ drops the views naming `t` before
/// the rebuild and re-creates them after it; the triggers of other tables stay, unharmed,
/// since they name `t` by name. The pragma is set back off, SQLite's default, which is
/// what Strata's connections run with.
struct SQLiteRebuild {
    /// The dialect it writes for.
    let dialect: SQLiteDialect
    /// The table as it is.
    let from: Table
    /// The table as it should be.
    let to: Table
    /// Each column of ``to`` that takes the values of a column of ``from``, to that column.
    let columnSources: [String: String]
    /// The schema after the plan, for the table's triggers.
    let schema: Schema

    /// Every statement, in order.
    var statements: [String] {
        [createCopy] + copyRows + keepSequence + ["DROP TABLE \(q(from.name))"] + rename + indexes + triggers
    }

    /// The new table's name while both exist.
    var temporaryName: String { "strata_new_" + to.name }

    private var renderer: SQLiteRenderer { SQLiteRenderer(dialect: dialect) }

    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    private func literal(_ text: String) -> String { dialect.quoteLiteral(text) }

    private var createCopy: String {
        var copy = to
        copy.name = temporaryName
        return renderer.createTable(copy, foreignKeys: to.foreignKeys, in: Schema()).joined(separator: ";\n")
    }

    private var copyRows: [String] {
        let pairs = to.columns.compactMap { column in columnSources[column.name].map { (column.name, $0) } }
        guard !pairs.isEmpty else { return [] }
        var targets = pairs.map { q($0.0) }
        var sources = pairs.map { q($0.1) }
        if let rowID = keptRowIDName {
            targets.insert(rowID, at: 0)
            sources.insert(rowID, at: 0)
        }
        return ["INSERT INTO \(q(temporaryName)) (\(targets.joined(separator: ", "))) SELECT \(sources.joined(separator: ", ")) FROM \(q(from.name))"]
    }

    /// The name the rowid goes by in both tables, when it is worth copying: both are rowid
    /// tables and the new one has no column that is the rowid.
    private var keptRowIDName: String? {
        guard !from.options.isWithoutRowID, !to.options.isWithoutRowID,
              !to.columns.contains(where: { renderer.isRowIDAlias($0, in: to) })
        else { return nil }
        let names = Set((from.columns + to.columns).map { $0.name.lowercased() })
        return ["rowid", "_rowid_", "oid"].first { !names.contains($0) }
    }

    /// `sqlite_sequence` exists once an `AUTOINCREMENT` table does, so after `CREATE TABLE`
    /// of the new one. The copy gave the new table an entry of its largest id, if it copied
    /// rows; the old entry exists if the old table ever numbered a row itself.
    private var keepSequence: [String] {
        guard to.columns.contains(where: { $0.identity?.kind == .autoIncrement }) else { return [] }
        let old = literal(from.name), new = literal(temporaryName)
        let oldSeq = "SELECT seq FROM sqlite_sequence WHERE name = \(old)"
        return [
            "UPDATE sqlite_sequence SET seq = max(seq, (\(oldSeq))) WHERE name = \(new) AND EXISTS (\(oldSeq))",
            "INSERT INTO sqlite_sequence (name, seq) SELECT \(new), seq FROM sqlite_sequence WHERE name = \(old) AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = \(new))",
        ]
    }

    private var rename: [String] {
        [
            "PRAGMA legacy_alter_table = ON",
            "ALTER TABLE \(q(temporaryName)) RENAME TO \(q(to.name))",
            "PRAGMA legacy_alter_table = OFF",
        ]
    }

    private var indexes: [String] {
        to.indexes.flatMap { renderer.createIndex($0, on: to) }
    }

    private var triggers: [String] {
        schema.unmodelledObjects(onTable: to.name).filter { $0.kind == .trigger && !$0.definition.isEmpty }.map(\.definition)
    }
}
