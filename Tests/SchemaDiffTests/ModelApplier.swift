import Schema
import SchemaDiff

/// Applies changes to a model, as an engine would to its catalog: the oracle of the
/// property tests (`apply(diff(a, b), a) == b`).
enum ModelApplier {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func apply(_ changes: [SchemaChange], to schema: Schema) throws -> Schema {
        var schema = schema
        for change in changes { try apply(change.kind, to: &schema) }
        return schema
    }

    private static func table(_ name: String, in schema: Schema) throws -> Int {
        guard let index = schema.tables.firstIndex(where: { $0.name == name }) else { throw Failure(description: "no table \(name)") }
        return index
    }

    static func apply(_ kind: SchemaChange.Kind, to schema: inout Schema) throws {
        switch kind {
        case .createEnumType(let type): schema.enumTypes.append(type)
        case .dropEnumType(let type): schema.enumTypes.removeAll { $0.name == type.name }
        case .addEnumValues(_, let to): schema.enumTypes = schema.enumTypes.map { $0.name == to.name ? to : $0 }
        case .createSequence(let sequence): schema.sequences.append(sequence)
        case .dropSequence(let sequence): schema.sequences.removeAll { $0.name == sequence.name }
        case .alterSequence(_, let to): schema.sequences = schema.sequences.map { $0.name == to.name ? to : $0 }
        case .createTable(let table, let inline):
            guard schema.table(named: table.name) == nil else { throw Failure(description: "table \(table.name) exists") }
            var created = table
            created.foreignKeys = inline
            schema.tables.append(created)
        case .dropTable(let table):
            let index = try self.table(table.name, in: schema)
            for other in schema.tables where other.name != table.name {
                if other.foreignKeys.contains(where: { $0.referencedTable == table.name }) {
                    throw Failure(description: "drop \(table.name) while \(other.name) refers to it")
                }
            }
            schema.tables.remove(at: index)
        case .renameTable(let from, let to):
            let index = try table(from, in: schema)
            schema.tables[index].name = to
            schema.tables = schema.tables.map { t in
                var t = t
                t.foreignKeys = t.foreignKeys.map { k in var k = k; if k.referencedTable == from { k.referencedTable = to }; return k }
                return t
            }
        case .rebuildTable(_, let to, _):
            let index = try table(to.name, in: schema)
            schema.tables[index] = to
        case .addColumn(let name, let column):
            let index = try table(name, in: schema)
            schema.tables[index].columns.append(column)
        case .dropColumn(let name, let column):
            let index = try table(name, in: schema)
            schema.tables[index].columns.removeAll { $0.name == column.name }
            schema.tables[index].indexes.removeAll { $0.columnNames.contains(column.name) }
        case .renameColumn(let name, let from, let to):
            let index = try table(name, in: schema)
            guard let c = schema.tables[index].columns.firstIndex(where: { $0.name == from }) else { throw Failure(description: "no column \(from)") }
            schema.tables[index].columns[c].name = to
        case .alterColumn(let name, _, let to):
            let index = try table(name, in: schema)
            guard let c = schema.tables[index].columns.firstIndex(where: { $0.name == to.name }) else { throw Failure(description: "no column \(to.name)") }
            schema.tables[index].columns[c] = to
        case .setPrimaryKey(let name, _, let to):
            schema.tables[try table(name, in: schema)].primaryKey = to
        case .addUnique(let name, let unique): schema.tables[try table(name, in: schema)].uniqueConstraints.append(unique)
        case .dropUnique(let name, let unique): schema.tables[try table(name, in: schema)].uniqueConstraints.removeAll { $0 == unique }
        case .addIndex(let name, let index):
            let t = try table(name, in: schema)
            guard schema.tables[t].index(named: index.name) == nil else { throw Failure(description: "index \(index.name) exists") }
            schema.tables[t].indexes.append(index)
        case .dropIndex(let name, let index): schema.tables[try table(name, in: schema)].indexes.removeAll { $0.name == index.name }
        case .addForeignKey(let name, let key):
            guard schema.table(named: key.referencedTable) != nil else { throw Failure(description: "key to missing \(key.referencedTable)") }
            schema.tables[try table(name, in: schema)].foreignKeys.append(key)
        case .dropForeignKey(let name, let key): schema.tables[try table(name, in: schema)].foreignKeys.removeAll { $0 == key }
        case .addCheck(let name, let check): schema.tables[try table(name, in: schema)].checks.append(check)
        case .dropCheck(let name, let check): schema.tables[try table(name, in: schema)].checks.removeAll { $0 == check }
        case .alterTableOptions(let name, _, let to): schema.tables[try table(name, in: schema)].options = to
        case .setTableComment(let name, _, let to): schema.tables[try table(name, in: schema)].comment = to
        case .createView(let view): schema.views.append(view)
        case .dropView(let view): schema.views.removeAll { $0.name == view.name }
        case .createUnmodelled(let object): schema.unmodelled.append(object)
        case .dropUnmodelled(let object): schema.unmodelled.removeAll { $0 == object }
        }
    }
}
