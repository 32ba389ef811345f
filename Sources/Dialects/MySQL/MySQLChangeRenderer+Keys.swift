import Schema
import SchemaDiff

/// Where a table's primary key change is written.
enum MySQLKeyChange: Equatable {
    /// In its own `ALTER TABLE`.
    case alone
    /// In the `ADD`/`MODIFY COLUMN` of the named column, which becomes `AUTO_INCREMENT`
    /// and must be keyed at once: the clauses dropping the old key before it and adding
    /// the new one after it.
    case withIdentity(String, drop: [String], add: [String])
    /// In the `MODIFY COLUMN` of the named key column, which becomes nullable: the clause
    /// dropping the old key before it (the new one is added on its own).
    case withNullable(String, drop: [String])
}

extension MySQLChangeRenderer {
    // MARK: - Primary keys

    /// Where the primary key change of `table`, if any, is written.
    func keyChange(table: String, from: Schema, to: Schema) -> MySQLKeyChange {
        guard let old = from.table(named: table), let new = to.table(named: table), old.primaryKey != new.primaryKey else {
            return .alone
        }
        let drop = old.primaryKey == nil ? [] : ["DROP PRIMARY KEY"]
        if let key = new.primaryKey, let name = key.columns.first(where: { becomesIdentity($0, old, new) }) {
            return .withIdentity(name, drop: drop, add: [addPrimaryKeyClause(key)])
        }
        if let key = old.primaryKey, let name = key.columns.first(where: { becomesNullable($0, old, new) }) {
            return .withNullable(name, drop: drop)
        }
        return .alone
    }

    private func becomesIdentity(_ name: String, _ old: Table, _ new: Table) -> Bool {
        guard new.column(named: name)?.identity != nil else { return false }
        return old.column(named: name)?.identity == nil
    }

    private func becomesNullable(_ name: String, _ old: Table, _ new: Table) -> Bool {
        guard let before = old.column(named: name), let after = new.column(named: name) else { return false }
        return !before.isNullable && after.isNullable
    }

    /// `ADD PRIMARY KEY`, `DROP PRIMARY KEY`, or both in one statement (so that an
    /// `AUTO_INCREMENT` column is never left without a key); what a column change already
    /// did is left out, and so is dropping a key whose columns were all dropped with it.
    func setPrimaryKey(table: String, _ old: PrimaryKey?, _ new: PrimaryKey?, from: Schema, to: Schema) -> [String] {
        let change = keyChange(table: table, from: from, to: to)
        if case .withIdentity = change { return [] }
        var clauses: [String] = []
        if let old, change == .alone, old.columns.contains(where: { to.table(named: table)?.column(named: $0) != nil }) {
            clauses.append("DROP PRIMARY KEY")
        }
        if let new { clauses.append(addPrimaryKeyClause(new)) }
        return clauses.isEmpty ? [] : [alter(table, clauses)]
    }

    func addPrimaryKeyClause(_ key: PrimaryKey) -> String {
        "ADD PRIMARY KEY (" + key.columns.map(q).joined(separator: ", ") + ")"
    }

    // MARK: - Unique constraints and indexes

    /// `ADD CONSTRAINT … UNIQUE (…)` (the normaliser makes these unique indexes, so the
    /// differ seldom plans one).
    func addUnique(_ unique: UniqueConstraint, table: String) -> String {
        var clause = "ADD "
        if let name = unique.name { clause += "CONSTRAINT \(q(name)) " }
        clause += "UNIQUE (" + unique.columns.map(q).joined(separator: ", ") + ")"
        return alter(table, [clause])
    }

    /// `CREATE INDEX`, or nothing when the index was added with the drop of the one it
    /// replaces for a foreign key.
    func addIndex(_ index: Index, table: String, from: Schema, to: Schema) -> [String] {
        guard let old = from.table(named: table), let new = to.table(named: table) else {
            return renderer.createIndex(index, on: stub(table))
        }
        let dropped = old.indexes.filter { new.index(named: $0.name) != $0 }
        if dropped.contains(where: { replacements(forDropping: $0, old: old, new: new).contains(index) }) { return [] }
        return renderer.createIndex(index, on: new)
    }

    /// `DROP INDEX`, with the new indexes that a foreign key which stays needs in its place
    /// added in the same statement (MySQL refuses to drop an index a key depends on).
    func dropIndex(_ index: Index, table: String, from: Schema, to: Schema) -> String {
        var clauses = ["DROP INDEX " + q(index.name)]
        if let old = from.table(named: table), let new = to.table(named: table) {
            clauses += replacements(forDropping: index, old: old, new: new).map(addIndexClause)
        }
        return alter(table, clauses)
    }

    /// `ADD [UNIQUE|FULLTEXT|SPATIAL] INDEX` as a clause of `ALTER TABLE`.
    private func addIndexClause(_ index: Index) -> String {
        let body = renderer.indexBody(index)
        return "ADD \(body.kind)INDEX \(q(index.name)) \(body.parts)\(body.options)"
    }

    /// The new indexes of `new` added with the drop of `index`: for each foreign key that
    /// stays and that `index` serves, when no index dropped later, no index that stays and
    /// not the primary key serves it, the first new index that does.
    func replacements(forDropping index: Index, old: Table, new: Table) -> [Index] {
        let staying = old.indexes.filter { new.index(named: $0.name) == $0 }
        let created = new.indexes.filter { old.index(named: $0.name) != $0 }
        let position = old.indexes.firstIndex(of: index) ?? old.indexes.endIndex
        let later = old.indexes[position...].dropFirst().filter { new.index(named: $0.name) != $0 }
        let key = old.primaryKey == new.primaryKey ? new.primaryKey : nil
        var out: [Index] = []
        for foreignKey in new.foreignKeys where old.foreignKeys.contains(foreignKey) {
            let columns = foreignKey.columns
            guard MySQLNormalizer.isServed(columns, by: [index], primaryKey: nil),
                  !MySQLNormalizer.isServed(columns, by: staying + later, primaryKey: key),
                  let replacement = created.first(where: { MySQLNormalizer.isServed(columns, by: [$0], primaryKey: nil) }),
                  !out.contains(replacement) else { continue }
            out.append(replacement)
        }
        return out
    }
}
