import Schema

extension SchemaChange.Kind {
    /// The rule id of the change itself, before any engine adds its own findings.
    public var rule: String {
        switch self {
        case .createEnumType: "add-enum-type"
        case .dropEnumType: "drop-enum-type"
        case .addEnumValues: "add-enum-value"
        case .createSequence: "add-sequence"
        case .dropSequence: "drop-sequence"
        case .alterSequence: "alter-sequence"
        case .createTable: "add-table"
        case .dropTable: "drop-table"
        case .renameTable: "rename-table"
        case .rebuildTable: "rebuild-table"
        case .addColumn: "add-column"
        case .dropColumn: "drop-column"
        case .renameColumn: "rename-column"
        case .alterColumn: "alter-column"
        case .setPrimaryKey: "set-primary-key"
        case .addUnique: "add-unique"
        case .dropUnique: "drop-unique"
        case .addIndex: "add-index"
        case .dropIndex: "drop-index"
        case .addForeignKey: "add-foreign-key"
        case .dropForeignKey: "drop-foreign-key"
        case .addCheck: "add-check"
        case .dropCheck: "drop-check"
        case .alterTableOptions: "alter-table-options"
        case .setTableComment: "set-comment"
        case .createView: "add-view"
        case .dropView: "drop-view"
        case .createUnmodelled: "add-object"
        case .dropUnmodelled: "drop-object"
        }
    }

    /// The table the change is on, or nil for a schema-level object.
    public var tableName: String? {
        switch self {
        case .createTable(let table, _), .dropTable(let table): table.name
        case .renameTable(_, let to): to
        case .rebuildTable(_, let to, _): to.name
        case .addColumn(let table, _), .dropColumn(let table, _), .renameColumn(let table, _, _),
             .alterColumn(let table, _, _), .setPrimaryKey(let table, _, _), .addUnique(let table, _),
             .dropUnique(let table, _), .addIndex(let table, _), .dropIndex(let table, _),
             .addForeignKey(let table, _), .dropForeignKey(let table, _), .addCheck(let table, _),
             .dropCheck(let table, _), .alterTableOptions(let table, _, _), .setTableComment(let table, _, _):
            table
        case .createUnmodelled(let object), .dropUnmodelled(let object): object.table
        case .createEnumType, .dropEnumType, .addEnumValues, .createSequence, .dropSequence, .alterSequence,
             .createView, .dropView:
            nil
        }
    }

    /// The kind of object, as ``/Schema/SchemaDifference/kind`` spells it.
    public var objectKind: String {
        switch self {
        case .createEnumType, .dropEnumType, .addEnumValues: "enumType"
        case .createSequence, .dropSequence, .alterSequence: "sequence"
        case .createTable, .dropTable, .renameTable, .rebuildTable, .alterTableOptions: "table"
        case .addColumn, .dropColumn, .renameColumn, .alterColumn: "column"
        case .setPrimaryKey: "primaryKey"
        case .addUnique, .dropUnique: "uniqueConstraint"
        case .addIndex, .dropIndex: "index"
        case .addForeignKey, .dropForeignKey: "foreignKey"
        case .addCheck, .dropCheck: "check"
        case .setTableComment: "comment"
        case .createView, .dropView: "view"
        case .createUnmodelled(let object), .dropUnmodelled(let object): object.kind.rawValue
        }
    }

    /// What it touches, qualified by table where it has one: `users.email`.
    public var objectName: String {
        func on(_ table: String, _ name: String?) -> String { name.map { "\(table).\($0)" } ?? table }
        switch self {
        case .createEnumType(let type), .dropEnumType(let type): return type.name
        case .addEnumValues(_, let to): return to.name
        case .createSequence(let sequence), .dropSequence(let sequence): return sequence.name
        case .alterSequence(_, let to): return to.name
        case .createTable(let table, _), .dropTable(let table): return table.name
        case .renameTable(_, let to): return to
        case .rebuildTable(_, let to, _): return to.name
        case .addColumn(let table, let column), .dropColumn(let table, let column): return on(table, column.name)
        case .renameColumn(let table, _, let to): return on(table, to)
        case .alterColumn(let table, _, let to): return on(table, to.name)
        case .setPrimaryKey(let table, let from, let to): return on(table, to?.name ?? from?.name)
        case .addUnique(let table, let unique), .dropUnique(let table, let unique):
            return on(table, unique.name ?? "(" + unique.columns.joined(separator: ", ") + ")")
        case .addIndex(let table, let index), .dropIndex(let table, let index): return on(table, index.name)
        case .addForeignKey(let table, let key), .dropForeignKey(let table, let key):
            return on(table, key.name ?? "(" + key.columns.joined(separator: ", ") + ") → " + key.referencedTable)
        case .addCheck(let table, let check), .dropCheck(let table, let check): return on(table, check.name ?? check.expression)
        case .alterTableOptions(let table, _, _), .setTableComment(let table, _, _): return table
        case .createView(let view), .dropView(let view): return view.name
        case .createUnmodelled(let object), .dropUnmodelled(let object): return on(object.table ?? "", object.name).trimmingPrefixDot
        }
    }

    /// One line: `add column users.email (string(200), nullable)`.
    public var summary: String {
        switch self {
        case .createEnumType(let type): "create enum type \(type.name) (\(type.values.joined(separator: ", ")))"
        case .dropEnumType(let type): "drop enum type \(type.name)"
        case .addEnumValues(let from, let to):
            "add \(to.values.filter { !from.values.contains($0) }.joined(separator: ", ")) to enum type \(to.name)"
        case .createSequence(let sequence): "create sequence \(sequence.name)"
        case .dropSequence(let sequence): "drop sequence \(sequence.name)"
        case .alterSequence(_, let to): "alter sequence \(to.name)"
        case .createTable(let table, _): "create table \(table.name) (\(table.columns.count) column\(table.columns.count == 1 ? "" : "s"))"
        case .dropTable(let table): "drop table \(table.name)"
        case .renameTable(let from, let to): "rename table \(from) to \(to)"
        case .rebuildTable(let from, let to, _):
            "rebuild table \(to.name): " + from.differences(to: to).map(\.description).joined(separator: "; ")
        case .addColumn(let table, let column): "add column \(table).\(column.name) (\(Self.describe(column)))"
        case .dropColumn(let table, let column): "drop column \(table).\(column.name)"
        case .renameColumn(let table, let from, let to): "rename column \(table).\(from) to \(to)"
        case .alterColumn(let table, let from, let to): "alter column \(table).\(to.name): \(from.changes(to: to))"
        case .setPrimaryKey(let table, let from, let to):
            switch (from, to) {
            case (nil, let to?): "add primary key on \(table) (\(to.columns.joined(separator: ", ")))"
            case (_?, nil): "drop primary key of \(table)"
            default: "change primary key of \(table) to (\((to?.columns ?? []).joined(separator: ", ")))"
            }
        case .addUnique(let table, let unique): "add unique constraint on \(table) (\(unique.columns.joined(separator: ", ")))"
        case .dropUnique(let table, let unique): "drop unique constraint \(unique.name ?? "(" + unique.columns.joined(separator: ", ") + ")") of \(table)"
        case .addIndex(let table, let index): "create \(index.isUnique ? "unique " : "")index \(index.name) on \(table)"
        case .dropIndex(let table, let index): "drop index \(index.name) on \(table)"
        case .addForeignKey(let table, let key):
            "add foreign key on \(table) (\(key.columns.joined(separator: ", "))) → \(key.referencedTable)"
        case .dropForeignKey(let table, let key):
            "drop foreign key \(key.name ?? "(" + key.columns.joined(separator: ", ") + ")") on \(table)"
        case .addCheck(let table, let check): "add check on \(table): \(check.expression)"
        case .dropCheck(let table, let check): "drop check \(check.name ?? check.expression) on \(table)"
        case .alterTableOptions(let table, _, _): "alter options of table \(table)"
        case .setTableComment(let table, _, let to): to == nil ? "remove comment of \(table)" : "set comment of \(table)"
        case .createView(let view): "create view \(view.name)"
        case .dropView(let view): "drop view \(view.name)"
        case .createUnmodelled(let object): "create \(object.kind.rawValue) \(objectName)"
        case .dropUnmodelled(let object): "drop \(object.kind.rawValue) \(objectName)"
        }
    }

    private static func describe(_ column: Column) -> String {
        var parts = [column.type.displayName, column.isNullable ? "nullable" : "not null"]
        if column.defaultValue != nil { parts.append("with default") }
        if column.identity != nil { parts.append("identity") }
        return parts.joined(separator: ", ")
    }
}

extension String {
    fileprivate var trimmingPrefixDot: String { hasPrefix(".") ? String(dropFirst()) : self }
}
