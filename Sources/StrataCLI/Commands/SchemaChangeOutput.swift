import Foundation
import Strata

/// How `diff`, `generate` and `sync` print changes.
extension Output {
    /// One line per change, with its classes and, for those that are not safe, the
    /// finding's rule, message and remedy indented below.
    func changes(_ changes: [ChangeReport]) {
        for change in changes {
            let classes = change.classes.filter { $0 != .safe }
            let label = classes.isEmpty ? "safe" : classes.map(\.rawValue).joined(separator: ", ")
            line("\(symbol(for: change)) \(change.summary)  [\(label)]")
            for finding in change.findings where finding.changeClass != .safe {
                detail("    \(finding.rule): \(finding.message)\(finding.remedy.isEmpty ? "" : "; \(finding.remedy)")")
            }
        }
    }

    /// Prints the suggested renames with the declarations that make them renames.
    func suggestedRenames(_ suggestions: [SuggestedRename]) {
        for suggestion in suggestions {
            warning("\(suggestion.rename.argument.replacingOccurrences(of: "=", with: " → ")) looks like a rename; it is planned as a drop and an add. To rename, declare it: `\(suggestion.sqlAnnotation)` on its line in schema.sql, `\(suggestion.dslAnnotation)` in the DSL, or --rename \(suggestion.argument)")
        }
    }

    private func symbol(for change: ChangeReport) -> String {
        if change.classes.contains(.destructive) { return paint("-", .red) }
        if change.rule.hasPrefix("add") || change.rule.hasPrefix("create") { return paint("+", .green) }
        return paint("~", .yellow)
    }
}

extension GlobalOptions {
    /// The database URL the schemas are read with: --database-url or DATABASE_URL, else
    /// the first of `sources` that is a database, else an in-memory SQLite database.
    func comparisonURL(_ sources: [SchemaSource?]) throws -> DatabaseURL {
        if hasDatabaseURL { return try url() }
        if let url = sources.compactMap({ $0?.databaseURL }).first { return url }
        return try DatabaseURL("sqlite::memory:")
    }

    /// Whether a database is named (--database-url or DATABASE_URL).
    var hasDatabaseURL: Bool { databaseURL != nil || environmentValue("DATABASE_URL") != nil }

    /// The database whose server holds the scratch copies of `check` and `lint`:
    /// --database-url, else `scratch` (--scratch-url), else what `sources` name, else
    /// SQLite in memory.
    func scratchHostURL(scratch: DatabaseURL?, sources: [SchemaSource?] = []) throws -> DatabaseURL {
        if hasDatabaseURL { return try url() }
        return try scratch ?? comparisonURL(sources)
    }

    /// A migrator on `url` with this command's options.
    func migrator(url: DatabaseURL, output: Output) -> Migrator {
        output.secret = url.password
        return Migrator(url: url, migrations: migrationSource, options: migratorOptions(output: output))
    }
}

/// Reads `--rename` arguments.
func parseRenames(_ arguments: [String]) throws -> [Rename] {
    do {
        return try arguments.map { try Rename(argument: $0) }
    } catch let error as RenameSyntaxError {
        throw UsageError(error.description)
    }
}

/// Reads a `--schema`/`--from`/`--to` argument.
func parseSource(_ argument: String, flag: String) throws -> SchemaSource {
    do {
        return try SchemaSource(argument: argument)
    } catch let error as MigratorError {
        throw UsageError("\(flag): \(error.message)")
    }
}

/// On a terminal, a question per suggested rename ("is it a rename?"); nil without one
/// (then a suggestion stops the command, exit 3, with the declaration to add).
func terminalRenameConfirmation(_ global: GlobalOptions) -> RenameConfirmation? {
    guard isatty(0) == 1, isatty(2) == 1, !global.json else { return nil }
    return { suggestion in
        let text = suggestion.rename.argument.replacingOccurrences(of: "=", with: " to ")
        FileHandle.standardError.write(Data("rename \(text)? It would otherwise be dropped and added, losing its values [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }
}
