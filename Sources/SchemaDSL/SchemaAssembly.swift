import Schema
import SchemaDiff

/// Turns a schema's declared elements into the model, its renames and the declaration's
/// own issues: tables first without their foreign keys, then the keys, resolved against
/// every table's primary key.
struct SchemaAssembly {
    private(set) var schema = Schema()
    private(set) var renames: [Rename] = []
    private(set) var issues: [SchemaIssue] = []

    init(elements: [SchemaElement]) {
        var declaredTables: [TableAssembly] = []
        var modelTables: [Table] = []
        var views: [View] = []
        var enumTypes: [EnumType] = []
        var sequences: [SequenceDefinition] = []
        var freeRenames: [Rename] = []
        for element in elements {
            switch element.kind {
            case .table(let table): declaredTables.append(TableAssembly(table))
            case .modelTable(let table): modelTables.append(table)
            case .view(let view): views.append(view)
            case .enumType(let type): enumTypes.append(type)
            case .sequence(let sequence): sequences.append(sequence)
            case .rename(let rename): freeRenames.append(rename)
            }
        }
        let keys = Self.primaryKeys(of: declaredTables.map(\.table) + modelTables)
        let tables = declaredTables.map { $0.resolved(primaryKeys: keys) } + modelTables
        schema = Schema(tables: tables, views: views, enumTypes: enumTypes, sequences: sequences)
        renames = Self.sorted(declaredTables.flatMap(\.renames) + freeRenames)
        issues = declaredTables.flatMap(\.issues)
    }

    /// Each table's primary key columns, by table name (the first table of a name wins;
    /// validation reports the duplicate).
    static func primaryKeys(of tables: [Table]) -> [String: [String]] {
        var keys: [String: [String]] = [:]
        for table in tables where keys[table.name] == nil {
            keys[table.name] = table.primaryKey?.columns ?? []
        }
        return keys
    }

    /// Table renames first, then column renames, each in order of their `--rename` text.
    static func sorted(_ renames: [Rename]) -> [Rename] {
        renames.sorted { left, right in
            let leftIsTable = left.isTableRename
            let rightIsTable = right.isTableRename
            if leftIsTable != rightIsTable { return leftIsTable }
            return left.argument < right.argument
        }
    }
}

extension Rename {
    var isTableRename: Bool {
        if case .table = self { return true }
        return false
    }
}

/// One declared table: its model without foreign keys, the keys to resolve, its renames
/// and what its declaration got wrong.
struct TableAssembly {
    private(set) var table: Table
    private(set) var foreignKeys: [DeclaredForeignKey] = []
    private(set) var renames: [Rename] = []
    private(set) var issues: [SchemaIssue] = []

    init(_ declared: DeclaredTable) {
        table = Table(name: declared.name, columns: [], comment: declared.comment, options: declared.options)
        if let oldName = declared.renamedFrom {
            renames.append(.table(from: oldName, to: declared.name))
        }
        for element in declared.elements {
            add(element)
        }
        settlePrimaryKey()
    }

    /// The table with its foreign keys, their referenced columns filled in.
    func resolved(primaryKeys: [String: [String]]) -> Table {
        var resolved = table
        resolved.foreignKeys = foreignKeys.map { Self.resolve($0, primaryKeys: primaryKeys) }
        return resolved
    }

    /// The key's referenced columns: as given, else the target's primary key when it has
    /// as many columns, else `id`.
    static func resolve(_ key: DeclaredForeignKey, primaryKeys: [String: [String]]) -> ForeignKey {
        var model = key.foreignKey
        if let given = key.referencedColumns {
            model.referencedColumns = given
        } else if model.referencedSchema == nil,
                  let target = primaryKeys[model.referencedTable], !target.isEmpty,
                  target.count == model.columns.count {
            model.referencedColumns = target
        } else {
            model.referencedColumns = ["id"]
        }
        return model
    }

    private mutating func add(_ element: TableElement) {
        switch element.kind {
        case .column(let column): add(column)
        case .primaryKey(let key): declaredKeys.append(key)
        case .unique(let constraint): table.uniqueConstraints.append(constraint)
        case .index(let index): table.indexes.append(index.model(inTable: table.name))
        case .foreignKey(let key): foreignKeys.append(key)
        case .check(let check): table.checks.append(check)
        }
    }

    private mutating func add(_ column: DeclaredColumn) {
        table.columns.append(column.column)
        if column.isPrimaryKey { columnKeys.append(column.name) }
        if column.isExplicitlyNullable { nullableColumns.insert(column.name) }
        if let constraint = column.uniqueConstraint { table.uniqueConstraints.append(constraint) }
        table.checks += column.checks
        if let reference = column.reference {
            foreignKeys.append(DeclaredForeignKey(
                [column.name], references: reference.table, columns: reference.column.map { [$0] },
                onDelete: reference.onDelete, onUpdate: reference.onUpdate, name: reference.name
            ))
        }
        if let oldName = column.renamedFrom {
            renames.append(.column(table: table.name, from: oldName, to: column.name))
        }
    }

    private var declaredKeys: [PrimaryKey] = []
    private var columnKeys: [String] = []
    private var nullableColumns: Set<String> = []

    /// Picks the primary key (a declared key, else the `primaryKey()` columns), reports
    /// conflicts, and makes the key's columns `NOT NULL`.
    private mutating func settlePrimaryKey() {
        let columnKey = columnKeys.isEmpty ? nil : PrimaryKey(columns: columnKeys)
        let candidates = declaredKeys + [columnKey].compactMap { $0 }
        if candidates.count > 1 || columnKeys.count > 1 {
            issues.append(DeclarationIssues.conflictingPrimaryKeys(table: table.name, columnKeys: columnKeys, declared: declaredKeys.count))
        }
        table.primaryKey = candidates.first
        guard let key = table.primaryKey else { return }
        for index in table.columns.indices where key.columns.contains(table.columns[index].name) {
            if nullableColumns.contains(table.columns[index].name) {
                issues.append(DeclarationIssues.nullablePrimaryKey(table: table.name, column: table.columns[index].name))
            }
            table.columns[index].isNullable = false
        }
    }
}
