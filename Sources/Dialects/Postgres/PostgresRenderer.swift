import Schema

extension PostgresDialect {
    /// A ``PostgresRenderer``.
    public var renderer: any SchemaRenderer { PostgresRenderer(dialect: self) }
}

/// Writes the model as PostgreSQL DDL.
///
/// Every identifier is quoted, every name unqualified (a foreign key to another schema's
/// table names that schema). Every constraint is written with its name, so that what the
/// server stores is what the model says; a normalised model has them all named.
///
/// - A table is one `CREATE [UNLOGGED] TABLE` with one column or constraint per line,
///   `WITH (…)` storage parameters, then `COMMENT ON TABLE`/`COLUMN`.
/// - An identity is `GENERATED ALWAYS|BY DEFAULT AS IDENTITY (SEQUENCE NAME … START WITH …)`
///   with the options that are not defaults.
/// - A serial whose sequence has the server's name is `serial`/`bigserial`/`smallserial`,
///   followed by `ALTER SEQUENCE … RESTART` when its options are not the defaults; one with
///   a sequence of its own name is `CREATE SEQUENCE`, the column with
///   `DEFAULT nextval(…)`, and `ALTER SEQUENCE … OWNED BY`.
/// - An index is `CREATE [UNIQUE] INDEX … ON … USING … (…) INCLUDE (…) NULLS NOT DISTINCT
///   WITH (…) WHERE …`, each clause only when set, then `COMMENT ON INDEX`.
public struct PostgresRenderer: SchemaRenderer {
    /// The dialect whose quoting the renderer uses.
    public let dialect: PostgresDialect

    /// Creates a renderer for `dialect`.
    public init(dialect: PostgresDialect) {
        self.dialect = dialect
    }

    // MARK: - Types and sequences

    /// `CREATE TYPE … AS ENUM (…)`, then `COMMENT ON TYPE` when it has a comment.
    public func createEnumType(_ type: EnumType) -> [String] {
        var statements = ["CREATE TYPE \(q(type.name)) AS ENUM (\(type.values.map(dialect.quoteLiteral).joined(separator: ", ")))"]
        if let comment = type.comment { statements.append("COMMENT ON TYPE \(q(type.name)) IS \(dialect.quoteLiteral(comment))") }
        return statements
    }

    /// `CREATE SEQUENCE` with `AS type` unless `bigint` and the options that are set, then its
    /// comment; `OWNED BY` comes from ``statementsAfterTables(_:)``.
    public func createSequence(_ sequence: SequenceDefinition) -> [String] {
        var text = "CREATE SEQUENCE \(q(sequence.name))"
        if let type = sequence.type, type != .bigint { text += " AS " + PostgresTypes.sql(for: type, quote: q) }
        for clause in PostgresSequences.clauses(sequence.options) { text += " " + clause }
        var statements = [text]
        if let comment = sequence.comment { statements.append("COMMENT ON SEQUENCE \(q(sequence.name)) IS \(dialect.quoteLiteral(comment))") }
        return statements
    }

    /// `ALTER SEQUENCE … OWNED BY table.column` for each sequence owned by a column.
    public func statementsAfterTables(_ schema: Schema) -> [String] {
        schema.sequences.compactMap { sequence in
            sequence.ownedBy.map { "ALTER SEQUENCE \(q(sequence.name)) OWNED BY \(q($0.table)).\(q($0.column))" }
        }
    }

    // MARK: - Tables

    /// `CREATE [UNLOGGED] TABLE` with its columns, named constraints and the `foreignKeys`
    /// given, its storage parameters, and the statements a serial or identity needs around it,
    /// then `COMMENT ON TABLE` and `COMMENT ON COLUMN`.
    public func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String] {
        var before: [String] = []
        var after: [String] = []
        var lines: [String] = []
        lines.reserveCapacity(table.columns.count + 4)
        for column in table.columns {
            lines.append("  " + columnDefinition(column, table: table, before: &before, after: &after))
        }
        if let key = table.primaryKey {
            lines.append("  " + constraintName(key.name) + "PRIMARY KEY (\(list(key.columns)))" + deferrable(key.deferrability))
        }
        for unique in table.uniqueConstraints {
            let nulls = unique.nullsNotDistinct ? "NULLS NOT DISTINCT " : ""
            lines.append("  " + constraintName(unique.name) + "UNIQUE \(nulls)(\(list(unique.columns)))" + deferrable(unique.deferrability))
        }
        for check in table.checks {
            lines.append("  " + constraintName(check.name) + "CHECK (\(check.expression))")
        }
        for key in foreignKeys {
            lines.append("  " + foreignKeyClause(key))
        }
        var create = table.options.isUnlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE "
        create += q(table.name) + " (\n" + lines.joined(separator: ",\n") + "\n)"
        if !table.options.parameters.isEmpty { create += " WITH (\(parameters(table.options.parameters)))" }
        var statements = before
        statements.append(create)
        statements += after
        if let comment = table.comment {
            statements.append("COMMENT ON TABLE \(q(table.name)) IS \(dialect.quoteLiteral(comment))")
        }
        for column in table.columns {
            guard let comment = column.comment else { continue }
            statements.append("COMMENT ON COLUMN \(q(table.name)).\(q(column.name)) IS \(dialect.quoteLiteral(comment))")
        }
        return statements
    }

    /// One column's line: name, type, collation, identity, default, `NOT NULL`.
    func columnDefinition(_ column: Column, table: Table, before: inout [String], after: inout [String]) -> String {
        var text = q(column.name) + " "
        var defaultValue = column.defaultValue
        var identityClause = ""
        if let identity = column.identity {
            switch identity.kind {
            case .serial:
                let sequence = identity.sequenceName ?? PostgresSequences.defaultName(table: table.name, column: column.name)
                let clauses = PostgresSequences.clauses(identity.sequenceOptions)
                if identity.sequenceName == nil {
                    text += serialName(column.type)
                    if !clauses.isEmpty {
                        after.append("ALTER SEQUENCE \(q(sequence)) " + clauses.joined(separator: " ") + " RESTART")
                    }
                } else {
                    let type = column.type == .bigint ? "" : " AS " + PostgresTypes.sql(for: column.type, quote: q)
                    before.append("CREATE SEQUENCE \(q(sequence))" + type + clauses.map { " " + $0 }.joined())
                    after.append("ALTER SEQUENCE \(q(sequence)) OWNED BY \(q(table.name)).\(q(column.name))")
                    text += PostgresTypes.sql(for: column.type, quote: q)
                    defaultValue = .nextValue(sequence: sequence)
                }
            case .always, .byDefault, .autoIncrement:
                text += PostgresTypes.sql(for: column.type, quote: q)
                identityClause = identity.kind == .always ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY"
                var options: [String] = []
                if let name = identity.sequenceName { options.append("SEQUENCE NAME \(q(name))") }
                options += PostgresSequences.clauses(identity.sequenceOptions)
                if !options.isEmpty { identityClause += " (" + options.joined(separator: " ") + ")" }
                defaultValue = nil
            }
        } else {
            text += PostgresTypes.sql(for: column.type, quote: q)
        }
        if let collation = column.collation { text += " COLLATE " + q(collation) }
        text += identityClause
        if let value = defaultValue { text += " DEFAULT " + PostgresDefaults.sql(value, dialect: dialect) }
        if !column.isNullable { text += " NOT NULL" }
        return text
    }

    private func serialName(_ type: ColumnType) -> String {
        switch type {
        case .smallint: "smallserial"
        case .bigint: "bigserial"
        default: "serial"
        }
    }

    // MARK: - Indexes

    /// `CREATE [UNIQUE] INDEX` with `USING` (unless btree), `INCLUDE`, `NULLS NOT DISTINCT`,
    /// `WITH` and `WHERE` where set, then `COMMENT ON INDEX`.
    public func createIndex(_ index: Index, on table: Table) -> [String] {
        var text = index.isUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX "
        text += q(index.name) + " ON " + q(table.name)
        if let method = index.method, method != .btree { text += " USING " + method.rawValue }
        text += " (" + index.parts.map(part).joined(separator: ", ") + ")"
        if !index.include.isEmpty { text += " INCLUDE (\(list(index.include)))" }
        if index.nullsNotDistinct { text += " NULLS NOT DISTINCT" }
        if !index.parameters.isEmpty { text += " WITH (\(parameters(index.parameters)))" }
        if let predicate = index.predicate { text += " WHERE " + predicate }
        var statements = [text]
        if let comment = index.comment { statements.append("COMMENT ON INDEX \(q(index.name)) IS \(dialect.quoteLiteral(comment))") }
        return statements
    }

    private func part(_ part: IndexPart) -> String {
        var text: String
        switch part.target {
        case .column(let name): text = q(name)
        case .expression(let sql): text = "(" + sql + ")"
        }
        if let collation = part.collation { text += " COLLATE " + q(collation) }
        if let operatorClass = part.operatorClass { text += " " + operatorClass }
        if part.direction == .descending { text += " DESC" }
        switch part.nulls {
        case .first?: text += " NULLS FIRST"
        case .last?: text += " NULLS LAST"
        case nil: break
        }
        return text
    }

    // MARK: - Foreign keys

    /// `ALTER TABLE … ADD [CONSTRAINT name] FOREIGN KEY … REFERENCES …` with its match type,
    /// actions other than `NO ACTION`, and deferrability.
    public func addForeignKey(_ foreignKey: ForeignKey, to table: Table) -> [String] {
        ["ALTER TABLE \(q(table.name)) ADD " + foreignKeyClause(foreignKey)]
    }

    /// `ALTER TABLE … DROP CONSTRAINT name`; nothing for a key without a name (a normalised
    /// model names them all).
    public func dropForeignKey(_ foreignKey: ForeignKey, from table: Table) -> [String] {
        guard let name = foreignKey.name else { return [] }
        return ["ALTER TABLE \(q(table.name)) DROP CONSTRAINT \(q(name))"]
    }

    private func foreignKeyClause(_ key: ForeignKey) -> String {
        var text = constraintName(key.name) + "FOREIGN KEY (\(list(key.columns))) REFERENCES "
        text += dialect.qualifiedName(key.referencedTable, schema: key.referencedSchema)
        text += " (\(list(key.referencedColumns)))"
        switch key.match {
        case .full: text += " MATCH FULL"
        case .partial: text += " MATCH PARTIAL"
        case .simple: break
        }
        if key.onDelete != .noAction { text += " ON DELETE " + key.onDelete.sql }
        if key.onUpdate != .noAction { text += " ON UPDATE " + key.onUpdate.sql }
        return text + deferrable(key.deferrability)
    }

    // MARK: - Views

    /// `CREATE VIEW` with its column list, query and check option, then `COMMENT ON VIEW`.
    public func createView(_ view: View) -> [String] {
        var text = "CREATE VIEW " + q(view.name)
        if !view.columns.isEmpty { text += " (\(list(view.columns)))" }
        text += " AS\n" + view.definition
        switch view.checkOption {
        case .local?: text += "\n  WITH LOCAL CHECK OPTION"
        case .cascaded?: text += "\n  WITH CASCADED CHECK OPTION"
        case nil: break
        }
        var statements = [text]
        if let comment = view.comment { statements.append("COMMENT ON VIEW \(q(view.name)) IS \(dialect.quoteLiteral(comment))") }
        return statements
    }

    // MARK: - Drops

    /// `DROP TABLE`.
    public func dropTable(_ table: Table) -> [String] { ["DROP TABLE \(q(table.name))"] }
    /// `DROP VIEW`.
    public func dropView(_ view: View) -> [String] { ["DROP VIEW \(q(view.name))"] }
    /// `DROP TYPE`.
    public func dropEnumType(_ type: EnumType) -> [String] { ["DROP TYPE \(q(type.name))"] }
    /// `DROP SEQUENCE`.
    public func dropSequence(_ sequence: SequenceDefinition) -> [String] { ["DROP SEQUENCE \(q(sequence.name))"] }

    /// Drops what a table does not take with it: extensions, materialized views,
    /// partitioned tables (with their partitions); triggers, policies, rules, generated
    /// columns and constraints go with their table, and functions and types are left to
    /// the extension or script that owns them.
    public func dropUnmodelled(_ object: UnmodelledObject) -> [String] {
        switch object.kind {
        case .extension: ["DROP EXTENSION IF EXISTS \(q(object.name))"]
        case .materializedView: ["DROP MATERIALIZED VIEW IF EXISTS \(q(object.name))"]
        case .partition: ["DROP TABLE IF EXISTS \(q(object.name)) CASCADE"]
        default: []
        }
    }

    // MARK: - Pieces

    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    private func list(_ names: [String]) -> String { names.map(q).joined(separator: ", ") }

    private func constraintName(_ name: String?) -> String {
        name.map { "CONSTRAINT \(q($0)) " } ?? ""
    }

    func deferrable(_ deferrability: Deferrability) -> String {
        switch deferrability {
        case .notDeferrable: ""
        case .initiallyImmediate: " DEFERRABLE"
        case .initiallyDeferred: " DEFERRABLE INITIALLY DEFERRED"
        }
    }

    func parameters(_ parameters: [StorageParameter]) -> String {
        parameters.map { $0.name + "=" + $0.value }.joined(separator: ", ")
    }
}
