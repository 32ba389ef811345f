import Schema
import SchemaDiff

/// The issues of a declaration's renames against its schema: a rename must name a
/// declared object by its new name, its old name must differ and no longer be declared,
/// and no two renames may share an old name or an object.
struct RenameValidation {
    let schema: Schema
    let renames: [Rename]

    func issues() -> [SchemaIssue] {
        renames.flatMap(issues(of:)) + duplicateIssues()
    }

    private func issues(of rename: Rename) -> [SchemaIssue] {
        switch rename {
        case .table(let from, let to): tableIssues(from: from, to: to)
        case .column(let table, let from, let to): columnIssues(table: table, from: from, to: to)
        }
    }

    private func tableIssues(from: String, to: String) -> [SchemaIssue] {
        let path = IssuePaths.table(to) + ".renamedFrom"
        let quotedFrom = IssuePaths.quoted(from)
        if from == to {
            return [SchemaIssue(code: .renameConflict, path: path, message: "table \(quotedFrom) is renamed from its own name; remove renamedFrom")]
        }
        var issues: [SchemaIssue] = []
        if schema.table(named: to) == nil {
            issues.append(SchemaIssue(
                code: .unknownRenameTarget, path: path,
                message: "no table \(IssuePaths.quoted(to)) is declared to be renamed from \(quotedFrom); name the table by its new name"
            ))
        }
        if schema.table(named: from) != nil || schema.view(named: from) != nil {
            issues.append(SchemaIssue(
                code: .renameConflict, path: path,
                message: "\(quotedFrom) is renamed to \(IssuePaths.quoted(to)) but is still declared; remove one of them or the rename"
            ))
        }
        return issues
    }

    private func columnIssues(table: String, from: String, to: String) -> [SchemaIssue] {
        let path = IssuePaths.column(to, of: table) + ".renamedFrom"
        let quotedFrom = IssuePaths.quoted(from)
        if from == to {
            return [SchemaIssue(code: .renameConflict, path: path, message: "column \(quotedFrom) is renamed from its own name; remove renamedFrom")]
        }
        guard let declared = schema.table(named: table) else {
            return [SchemaIssue(
                code: .unknownRenameTarget, path: path,
                message: "no table \(IssuePaths.quoted(table)) is declared for the renamed column \(IssuePaths.quoted(to)); name the table by its new name"
            )]
        }
        var issues: [SchemaIssue] = []
        if declared.column(named: to) == nil {
            issues.append(SchemaIssue(
                code: .unknownRenameTarget, path: path,
                message: "table \(IssuePaths.quoted(table)) has no column \(IssuePaths.quoted(to)) to be renamed from \(quotedFrom); name the column by its new name"
            ))
        }
        if declared.column(named: from) != nil {
            issues.append(SchemaIssue(
                code: .renameConflict, path: path,
                message: "column \(quotedFrom) of table \(IssuePaths.quoted(table)) is renamed to \(IssuePaths.quoted(to)) but is still declared; remove one of them or the rename"
            ))
        }
        return issues
    }

    /// Two renames from the same old name, or of the same object.
    private func duplicateIssues() -> [SchemaIssue] {
        var issues: [SchemaIssue] = []
        var oldNames: Set<[String]> = []
        var newNames: Set<[String]> = []
        for rename in renames {
            let (scope, from, to, path) = parts(of: rename)
            if !oldNames.insert(scope + [from]).inserted {
                issues.append(SchemaIssue(
                    code: .duplicateRename, path: path,
                    message: "more than one \(scope.isEmpty ? "table" : "column of table \(IssuePaths.quoted(scope[0]))") is renamed from \(IssuePaths.quoted(from)); keep one rename"
                ))
            }
            if !newNames.insert(scope + [to]).inserted {
                issues.append(SchemaIssue(
                    code: .duplicateRename, path: path,
                    message: "\(IssuePaths.quoted(to)) is renamed more than once; keep one rename"
                ))
            }
        }
        return issues
    }

    /// The rename's scope (empty for a table, else its table), old and new name, and path.
    private func parts(of rename: Rename) -> (scope: [String], from: String, to: String, path: String) {
        switch rename {
        case .table(let from, let to):
            ([], from, to, IssuePaths.table(to) + ".renamedFrom")
        case .column(let table, let from, let to):
            ([table], from, to, IssuePaths.column(to, of: table) + ".renamedFrom")
        }
    }
}
