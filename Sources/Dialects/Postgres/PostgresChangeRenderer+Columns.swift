import Schema
import SchemaDiff

extension PostgresChangeRenderer {
    // MARK: - Added, renamed

    /// `ADD COLUMN` as `CREATE TABLE` writes the column (a serial as `serial`, with its own
    /// sequence created first), its comment, and `OWNED BY` for the free-standing sequences
    /// that belong to it.
    func addColumn(_ column: Column, table: String, in schema: Schema) -> [String] {
        var before: [String] = []
        var after: [String] = []
        let owner = schema.table(named: table) ?? Table(name: table, columns: [column])
        let definition = objects.columnDefinition(column, table: owner, before: &before, after: &after)
        var statements = before + [alter(table, "ADD COLUMN " + definition)] + after
        if let comment = column.comment {
            statements.append("COMMENT ON COLUMN \(q(table)).\(q(column.name)) IS \(dialect.quoteLiteral(comment))")
        }
        for sequence in schema.sequences where sequence.ownedBy == ColumnReference(table: table, column: column.name) {
            statements += ownedBy(sequence)
        }
        return statements
    }

    /// `RENAME COLUMN`, and the column's identity or serial sequence when it has the
    /// server's name, so that it keeps having it.
    func renameColumn(table: String, from old: String, to new: String, before: Schema, after: Schema) -> [String] {
        var statements = [alter(table, "RENAME COLUMN \(q(old)) TO \(q(new))")]
        guard let identity = before.table(named: table)?.column(named: old)?.identity, identity.sequenceName == nil else {
            return statements
        }
        let oldName = PostgresSequences.defaultName(table: table, column: old)
        if after.table(named: table)?.column(named: new)?.identity?.sequenceName != oldName {
            statements.append("ALTER SEQUENCE \(q(oldName)) RENAME TO \(q(PostgresSequences.defaultName(table: table, column: new)))")
        }
        return statements
    }

    // MARK: - Altered

    /// One column's changes, in an order the server accepts: the old identity goes, the old
    /// default goes before a type change, the type and collation change, the default is set,
    /// `NOT NULL` is set or dropped, the new identity comes (it needs `NOT NULL`), and the
    /// comment.
    func alterColumn(table: String, from old: Column, to new: Column, before: Schema, after: Schema) -> [String] {
        let column = "ALTER COLUMN \(q(new.name)) "
        var statements: [String] = []
        let identityChanges = old.identity != new.identity
        if identityChanges { statements += removeIdentity(table: table, old, new) }
        let typeChanges = old.type != new.type || old.collation != new.collation
        if typeChanges, old.defaultValue != nil {
            statements.append(alter(table, column + "DROP DEFAULT"))
        }
        if typeChanges { statements.append(alter(table, column + typeClause(old, new))) }
        if !identityChanges, new.identity?.kind == .serial, old.type != new.type, new.type.isInteger {
            statements.append("ALTER SEQUENCE \(q(sequenceName(of: new, table: table))) AS \(PostgresTypes.sql(for: new.type, quote: q))")
        }
        if typeChanges || old.defaultValue != new.defaultValue {
            if let value = new.defaultValue {
                statements.append(alter(table, column + "SET DEFAULT " + PostgresDefaults.sql(value, dialect: dialect)))
            } else if old.defaultValue != nil, !typeChanges {
                statements.append(alter(table, column + "DROP DEFAULT"))
            }
        }
        if old.isNullable, !new.isNullable {
            statements.append(alter(table, column + "SET NOT NULL"))
        } else if !old.isNullable, new.isNullable, !keepsNotNullForKey(new.name, table: table, before: before, after: after) {
            statements.append(alter(table, column + "DROP NOT NULL"))
        }
        if identityChanges { statements += addIdentity(table: table, old, new) }
        if old.comment != new.comment {
            statements.append("COMMENT ON COLUMN \(q(table)).\(q(new.name)) IS \(literal(new.comment))")
        }
        return statements
    }

    /// `TYPE … [COLLATE …] [USING …]`: `USING col::type` unless the values' bytes stay.
    private func typeClause(_ old: Column, _ new: Column) -> String {
        let type = PostgresTypes.sql(for: new.type, quote: q)
        var text = "TYPE " + type
        if old.collation != new.collation { text += " COLLATE " + q(new.collation ?? "default") }
        if !PostgresDiffAdvisor.isBinaryCoercible(from: old.type, to: new.type) {
            text += " USING \(q(new.name))::\(type)"
        }
        return text
    }

    /// Whether `NOT NULL` on a column of the primary key being dropped waits for the key's
    /// own change, which drops it once the key has gone.
    private func keepsNotNullForKey(_ name: String, table: String, before: Schema, after: Schema) -> Bool {
        guard let key = before.table(named: table)?.primaryKey, key.columns.contains(name) else { return false }
        return after.table(named: table)?.primaryKey != key
    }

    // MARK: - Identity and serial

    /// The name of the sequence behind a column's identity or serial.
    func sequenceName(of column: Column, table: String) -> String {
        column.identity?.sequenceName ?? PostgresSequences.defaultName(table: table, column: column.name)
    }

    /// What takes the old identity away or changes it in place: `SET GENERATED`, the
    /// sequence's options and name for the same mechanism; `DROP IDENTITY`, or a serial's
    /// default and sequence, for another one or none.
    private func removeIdentity(table: String, _ old: Column, _ new: Column) -> [String] {
        guard let current = old.identity else { return [] }
        let column = "ALTER COLUMN \(q(new.name)) "
        let oldSequence = sequenceName(of: old, table: table)
        if let target = new.identity, Self.sameMechanism(current.kind, target.kind) {
            var statements: [String] = []
            if current.kind != target.kind {
                statements.append(alter(table, column + (target.kind == .always ? "SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT")))
            }
            let clauses = Self.sequenceClauses(from: current.sequenceOptions, to: target.sequenceOptions)
            if !clauses.isEmpty {
                statements.append(target.kind == .serial
                    ? "ALTER SEQUENCE \(q(oldSequence)) " + clauses.joined(separator: " ")
                    : alter(table, column + clauses.map { "SET " + $0 }.joined(separator: " ")))
            }
            let newSequence = sequenceName(of: new, table: table)
            if newSequence != oldSequence { statements.append("ALTER SEQUENCE \(q(oldSequence)) RENAME TO \(q(newSequence))") }
            return statements
        }
        if current.kind == .serial {
            return [alter(table, column + "DROP DEFAULT"), "DROP SEQUENCE \(q(oldSequence))"]
        }
        return [alter(table, column + "DROP IDENTITY")]
    }

    /// A new identity or serial where the column had another mechanism or none, with its
    /// sequence moved past the values the column already holds.
    private func addIdentity(table: String, _ old: Column, _ new: Column) -> [String] {
        guard let target = new.identity else { return [] }
        if let current = old.identity, Self.sameMechanism(current.kind, target.kind) { return [] }
        let column = "ALTER COLUMN \(q(new.name)) "
        let sequence = sequenceName(of: new, table: table)
        var statements: [String]
        if target.kind == .serial {
            let type = new.type == .bigint ? "" : " AS " + PostgresTypes.sql(for: new.type, quote: q)
            let clauses = PostgresSequences.clauses(target.sequenceOptions)
            statements = [
                "CREATE SEQUENCE \(q(sequence))" + type + clauses.map { " " + $0 }.joined(),
                "ALTER SEQUENCE \(q(sequence)) OWNED BY \(q(table)).\(q(new.name))",
                alter(table, column + "SET DEFAULT " + PostgresDefaults.sql(.nextValue(sequence: sequence), dialect: dialect)),
            ]
        } else {
            var options: [String] = []
            if let name = target.sequenceName { options.append("SEQUENCE NAME \(q(name))") }
            options += PostgresSequences.clauses(target.sequenceOptions)
            var text = target.kind == .always ? "ADD GENERATED ALWAYS AS IDENTITY" : "ADD GENERATED BY DEFAULT AS IDENTITY"
            if !options.isEmpty { text += " (" + options.joined(separator: " ") + ")" }
            statements = [alter(table, column + text)]
        }
        statements += catchUp(sequence: sequence, column: new.name, table: table, options: target.sequenceOptions)
        return statements
    }

    /// `setval` of the sequence to the column's largest value, when that is past where an
    /// ascending sequence starts, so that the next row does not collide with the old ones.
    private func catchUp(sequence: String, column: String, table: String, options: SequenceOptions) -> [String] {
        guard (options.increment ?? 1) > 0 else { return [] }
        let start = options.start ?? options.minValue ?? 1
        let name = dialect.quoteLiteral(q(sequence))
        return ["SELECT setval(\(name), max(\(q(column)))) FROM \(q(table)) HAVING max(\(q(column))) >= \(start)"]
    }

    /// Whether two kinds are both identities (`ALWAYS`, `BY DEFAULT`), or both serials.
    static func sameMechanism(_ a: Identity.Kind, _ b: Identity.Kind) -> Bool {
        (a == .serial) == (b == .serial)
    }
}
