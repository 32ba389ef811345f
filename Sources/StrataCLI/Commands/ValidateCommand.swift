import ArgumentParser
import Strata

struct ValidateCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the migration files, and that applied migrations still match them.",
        discussion: "Without a database URL only the files are checked. Exits with 3 when a problem is found."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await running(global) { output in
            let hasDatabase = global.databaseURL != nil || environmentValue("DATABASE_URL") != nil
            let migrator: Migrator
            if hasDatabase {
                migrator = try global.migrator(output: output)
            } else {
                // Files only: read them as SQLite's, the most permissive dialect.
                migrator = Migrator(url: try DatabaseURL("sqlite::memory:"), migrations: global.migrationSource, options: global.migratorOptions(output: output))
            }
            let problems = try await migrator.validate(checkDatabase: hasDatabase)
            if global.json {
                struct Validation: Encodable { var valid: Bool; var problems: [String] }
                output.printJSON(Validation(valid: problems.isEmpty, problems: problems))
            } else if problems.isEmpty {
                output.line("\(global.directoryPath)/ is valid" + (hasDatabase ? " and matches \(migrator.url)" : ""))
            } else {
                for p in problems { output.error(p) }
            }
            if !problems.isEmpty { throw CommandExit(status: 3) }
        }
    }
}
