import Schema

extension Schema {
    /// The schema as it is after `ALTER TABLE old RENAME TO new`: the table and every
    /// foreign key pointing at it use the new name.
    func renamingTable(_ old: String, to new: String) -> Schema {
        var copy = self
        copy.tables = tables.map { table in
            var table = table
            if table.name == old { table.name = new }
            table.foreignKeys = table.foreignKeys.map { key in
                var key = key
                if key.referencedTable == old, key.referencedSchema == nil { key.referencedTable = new }
                return key
            }
            return table
        }
        copy.unmodelled = unmodelled.map { object in
            var object = object
            if object.table == old { object.table = new }
            return object
        }
        return copy
    }

    /// The schema as it is after `ALTER TABLE table RENAME COLUMN old TO new`: the column,
    /// and every key, index and foreign key naming it, use the new name.
    func renamingColumn(_ old: String, to new: String, in tableName: String) -> Schema {
        func rename(_ names: [String]) -> [String] { names.map { $0 == old ? new : $0 } }
        var copy = self
        copy.tables = tables.map { table in
            var table = table
            if table.name == tableName {
                table.columns = table.columns.map { column in
                    var column = column
                    if column.name == old { column.name = new }
                    return column
                }
                table.primaryKey = table.primaryKey.map { key in
                    var key = key
                    key.columns = rename(key.columns)
                    return key
                }
                table.uniqueConstraints = table.uniqueConstraints.map { unique in
                    var unique = unique
                    unique.columns = rename(unique.columns)
                    return unique
                }
                table.indexes = table.indexes.map { index in
                    var index = index
                    index.parts = index.parts.map { part in
                        var part = part
                        if case .column(let name) = part.target, name == old { part.target = .column(new) }
                        return part
                    }
                    index.include = rename(index.include)
                    return index
                }
            }
            table.foreignKeys = table.foreignKeys.map { key in
                var key = key
                if table.name == tableName { key.columns = rename(key.columns) }
                if key.referencedTable == tableName, key.referencedSchema == nil { key.referencedColumns = rename(key.referencedColumns) }
                return key
            }
            return table
        }
        return copy
    }
}
