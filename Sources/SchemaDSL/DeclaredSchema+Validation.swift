import Foundation
import Schema
import SchemaDiff

extension DeclaredSchema {
    /// Every issue of the declaration, one per mistake, each naming its table and column:
    /// what building found (conflicting primary keys, a nullable key column), the
    /// renames' issues, then the model's ``/Schema/Schema/validationIssues()``. Empty when the
    /// declaration is consistent.
    ///
    /// The model's issues about an unnamed foreign key or unique constraint name it by
    /// its columns (`tables["devices"].columns["account_id"].references`) rather than by
    /// its position.
    public var issues: [SchemaIssue] {
        declarationIssues + RenameValidation(schema: schema, renames: renames).issues() + modelIssues()
    }

    /// Checks the declaration; see ``issues``.
    ///
    /// ```swift
    /// do {
    ///     try declared.validate()
    /// } catch {
    ///     print(error)   // the declared schema has 1 issue:
    ///                    //   tables["devices"].columns["account_id"].references: no table "acounts" in this schema; …
    /// }
    /// ```
    ///
    /// - Throws: ``DeclaredSchemaError`` listing every issue.
    public func validate() throws(DeclaredSchemaError) {
        let found = issues
        if !found.isEmpty {
            throw DeclaredSchemaError(issues: found)
        }
    }

    /// The model's issues, with positional paths of unnamed keys replaced by their columns.
    private func modelIssues() -> [SchemaIssue] {
        let aliases = IssuePaths.aliases(in: schema)
        return schema.validationIssues().map { issue in
            var described = issue
            if let alias = aliases[issue.path] { described.path = alias }
            return described
        }
    }
}

/// A declared schema that is not consistent: every issue, one per line.
public struct DeclaredSchemaError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The issues, in the order of ``DeclaredSchema/issues``.
    public var issues: [SchemaIssue]

    /// Creates an error listing `issues`.
    public init(issues: [SchemaIssue]) {
        self.issues = issues
    }

    /// `the declared schema has N issues:` then each issue on a line of its own.
    public var description: String {
        let count = issues.count == 1 ? "1 issue" : "\(issues.count) issues"
        return (["the declared schema has \(count):"] + issues.map { "  \($0)" }).joined(separator: "\n")
    }

    /// The same as ``description``.
    public var errorDescription: String? {
        description
    }
}

// MARK: - Codes

extension SchemaIssue.Code {
    /// A declared table has more than one primary key (two `primaryKey()` columns, or a
    /// `primaryKey()` column and a ``DeclaredPrimaryKey``).
    public static let conflictingPrimaryKeys = SchemaIssue.Code(rawValue: "conflictingPrimaryKeys")
    /// A column declared `nullable()` is in its table's primary key.
    public static let nullablePrimaryKey = SchemaIssue.Code(rawValue: "nullablePrimaryKey")
    /// A rename names a table or column (by its new name) that the schema does not declare.
    public static let unknownRenameTarget = SchemaIssue.Code(rawValue: "unknownRenameTarget")
    /// A rename's old name is its new name, or is still declared.
    public static let renameConflict = SchemaIssue.Code(rawValue: "renameConflict")
    /// Two renames have the same old name, or rename the same object.
    public static let duplicateRename = SchemaIssue.Code(rawValue: "duplicateRename")
}

// MARK: - Paths

/// Paths in the style of ``Schema/validationIssues()``.
enum IssuePaths {
    /// `name` in double quotes, with `\` and `"` escaped, as the model's paths write it.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `tables["name"]`.
    static func table(_ name: String) -> String {
        "tables[\(quoted(name))]"
    }

    /// `tables["table"].columns["column"]`.
    static func column(_ column: String, of table: String) -> String {
        "\(Self.table(table)).columns[\(quoted(column))]"
    }

    /// The model's positional paths of unnamed foreign keys and unique constraints, each
    /// mapped to a path naming their columns.
    static func aliases(in schema: Schema) -> [String: String] {
        var aliases: [String: String] = [:]
        for table in schema.tables {
            for (position, key) in table.foreignKeys.enumerated() where key.name == nil && !key.columns.isEmpty {
                let positional = "\(Self.table(table.name)).foreignKeys[\(position)]"
                aliases[positional] = alias(table: table.name, columns: key.columns, collection: "foreignKeys", single: "references")
            }
            for (position, constraint) in table.uniqueConstraints.enumerated() where constraint.name == nil && !constraint.columns.isEmpty {
                let positional = "\(Self.table(table.name)).uniqueConstraints[\(position)]"
                aliases[positional] = alias(table: table.name, columns: constraint.columns, collection: "uniqueConstraints", single: "unique")
            }
        }
        return aliases
    }

    /// `tables["t"].columns["c"].single` for one column, `tables["t"].collection[("a", "b")]` for more.
    private static func alias(table: String, columns: [String], collection: String, single: String) -> String {
        if columns.count == 1, let only = columns.first {
            return "\(column(only, of: table)).\(single)"
        }
        return "\(Self.table(table)).\(collection)[(\(columns.map(quoted).joined(separator: ", ")))]"
    }
}

// MARK: - Declaration issues

/// The issues found while building a declared table.
enum DeclarationIssues {
    static func conflictingPrimaryKeys(table: String, columnKeys: [String], declared: Int) -> SchemaIssue {
        let what = [
            columnKeys.isEmpty ? nil : "primaryKey() on \(columnKeys.map(IssuePaths.quoted).joined(separator: ", "))",
            declared == 0 ? nil : declared == 1 ? "a DeclaredPrimaryKey" : "\(declared) DeclaredPrimaryKeys",
        ].compactMap { $0 }.joined(separator: " and ")
        return SchemaIssue(
            code: .conflictingPrimaryKeys, path: IssuePaths.table(table) + ".primaryKey",
            message: "table \(IssuePaths.quoted(table)) declares more than one primary key (\(what)); declare one DeclaredPrimaryKey(…) for a key over several columns"
        )
    }

    static func nullablePrimaryKey(table: String, column: String) -> SchemaIssue {
        SchemaIssue(
            code: .nullablePrimaryKey, path: IssuePaths.column(column, of: table),
            message: "column \(IssuePaths.quoted(column)) of table \(IssuePaths.quoted(table)) is in the primary key, which is never NULL; remove nullable()"
        )
    }
}
