import Foundation

// MARK: - Validation

extension Schema {
    /// The issues of this schema, in a fixed order (by object, then by check); empty when
    /// it is consistent.
    ///
    /// Checked: unique names (tables and views together, enumeration types, sequences; in a
    /// table its columns, indexes and named constraints); that every key, index, `INCLUDE`
    /// and sequence owner names columns its table has; that foreign keys name tables and
    /// columns of this schema (keys to another schema are not checked) with as many
    /// columns on both sides; that named enumeration types exist; that a column with an
    /// identity has no default and, when its type is portable, an integer type. What only
    /// an engine can judge (expressions, type texts, limits) is left to the engine.
    public func validationIssues() -> [SchemaIssue] {
        var issues: [SchemaIssue] = []
        let relationNames = tables.map(\.name) + views.map(\.name)
        issues += Self.duplicates(relationNames, path: "tables", what: "table or view")
        issues += Self.duplicates(enumTypes.map(\.name), path: "enumTypes", what: "enum type")
        issues += Self.duplicates(sequences.map(\.name), path: "sequences", what: "sequence")
        for table in tables {
            issues += validationIssues(of: table)
        }
        for sequence in sequences {
            guard let owner = sequence.ownedBy else { continue }
            let path = "sequences[\(Self.quoted(sequence.name))].ownedBy"
            if let table = table(named: owner.table) {
                if table.column(named: owner.column) == nil {
                    issues.append(SchemaIssue(
                        code: .unknownColumn, path: path,
                        message: "table \(Self.quoted(owner.table)) has no column \(Self.quoted(owner.column)); name one of its columns or drop OWNED BY"
                    ))
                }
            } else {
                issues.append(SchemaIssue(
                    code: .unknownTable, path: path,
                    message: "no table \(Self.quoted(owner.table)) in this schema; name one of its tables or drop OWNED BY"
                ))
            }
        }
        for object in unmodelled {
            guard let owner = object.table, table(named: owner) == nil, view(named: owner) == nil else { continue }
            issues.append(SchemaIssue(
                code: .unknownTable,
                path: "unmodelled[\(Self.quoted(object.kind.rawValue)), \(Self.quoted(object.name))].table",
                message: "no table or view \(Self.quoted(owner)) in this schema; name the one the object belongs to"
            ))
        }
        return issues
    }

    private func validationIssues(of table: Table) -> [SchemaIssue] {
        var issues: [SchemaIssue] = []
        let tablePath = "tables[\(Self.quoted(table.name))]"
        let columnNames = Set(table.columns.map(\.name))
        func unknownColumns(_ names: [String], path: String) {
            for name in names where !columnNames.contains(name) {
                issues.append(SchemaIssue(
                    code: .unknownColumn, path: path,
                    message: "table \(Self.quoted(table.name)) has no column \(Self.quoted(name)); add the column or fix the name"
                ))
            }
        }
        func emptyKey<T>(_ items: [T], path: String, what: String) {
            if items.isEmpty {
                issues.append(SchemaIssue(code: .emptyKey, path: path, message: "\(what) has no columns; give it at least one"))
            }
        }

        issues += Self.duplicates(table.columns.map(\.name), path: tablePath + ".columns", what: "column")
        issues += Self.duplicates(table.indexes.map(\.name), path: tablePath + ".indexes", what: "index")
        let constraintNames = [table.primaryKey?.name].compactMap { $0 }
            + table.uniqueConstraints.compactMap(\.name)
            + table.foreignKeys.compactMap(\.name)
            + table.checks.compactMap(\.name)
        issues += Self.duplicates(constraintNames, path: tablePath + ".constraints", what: "constraint")

        for column in table.columns {
            let path = "\(tablePath).columns[\(Self.quoted(column.name))]"
            if case .enumType(let typeName) = column.type, enumType(named: typeName) == nil {
                issues.append(SchemaIssue(
                    code: .unknownType, path: path + ".type",
                    message: "no enum type \(Self.quoted(typeName)) in this schema; add it to enumTypes or fix the name"
                ))
            }
            if let identity = column.identity {
                if column.defaultValue != nil {
                    issues.append(SchemaIssue(
                        code: .identityWithDefault, path: path,
                        message: "a column with an identity (\(identity.kind.rawValue)) has no default of its own; remove the default"
                    ))
                }
                if !column.type.isInteger, !Self.isCustom(column.type) {
                    issues.append(SchemaIssue(
                        code: .identityOnNonInteger, path: path + ".type",
                        message: "an identity needs an integer type, not \(column.type.kindName); use smallint, int or bigint"
                    ))
                }
            }
        }
        if let key = table.primaryKey {
            emptyKey(key.columns, path: tablePath + ".primaryKey", what: "the primary key")
            unknownColumns(key.columns, path: tablePath + ".primaryKey")
        }
        for (position, constraint) in table.uniqueConstraints.enumerated() {
            let path = "\(tablePath).uniqueConstraints[\(constraint.name.map(Self.quoted) ?? String(position))]"
            emptyKey(constraint.columns, path: path, what: "a unique constraint")
            unknownColumns(constraint.columns, path: path)
        }
        for index in table.indexes {
            let path = "\(tablePath).indexes[\(Self.quoted(index.name))]"
            emptyKey(index.parts, path: path, what: "an index")
            unknownColumns(index.columnNames + index.include, path: path)
        }
        for (position, key) in table.foreignKeys.enumerated() {
            let path = "\(tablePath).foreignKeys[\(key.name.map(Self.quoted) ?? String(position))]"
            emptyKey(key.columns, path: path, what: "a foreign key")
            unknownColumns(key.columns, path: path)
            if key.columns.count != key.referencedColumns.count {
                issues.append(SchemaIssue(
                    code: .columnCountMismatch, path: path,
                    message: "\(key.columns.count) columns refer to \(key.referencedColumns.count) columns of \(Self.quoted(key.referencedTable)); give as many on both sides"
                ))
            }
            if let other = key.referencedSchema, other != name { continue }
            guard let target = self.table(named: key.referencedTable) else {
                issues.append(SchemaIssue(
                    code: .unknownTable, path: path,
                    message: "no table \(Self.quoted(key.referencedTable)) in this schema; add it, fix the name, or set referencedSchema"
                ))
                continue
            }
            for column in key.referencedColumns where target.column(named: column) == nil {
                issues.append(SchemaIssue(
                    code: .unknownColumn, path: path,
                    message: "table \(Self.quoted(target.name)) has no column \(Self.quoted(column)) to refer to; fix the name"
                ))
            }
        }
        return issues
    }

    private static func isCustom(_ type: ColumnType) -> Bool {
        if case .custom = type { return true }
        return false
    }

    private static func duplicates(_ names: [String], path: String, what: String) -> [SchemaIssue] {
        var seen: Set<String> = []
        var reported: Set<String> = []
        var issues: [SchemaIssue] = []
        for name in names where !seen.insert(name).inserted && reported.insert(name).inserted {
            issues.append(SchemaIssue(
                code: .duplicateName, path: "\(path)[\(Self.quoted(name))]",
                message: "more than one \(what) is named \(Self.quoted(name)); rename or remove one"
            ))
        }
        return issues
    }

    /// `name` in double quotes, with `\` and `"` escaped.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
