import ArgumentParser
import Strata

struct InitCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the migrations directory, and the history tables when a database is given."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await running(global) { output in
            let dir = LocalDirectory(global.directoryPath)
            let existed = (try? dir.fileNames()) != nil
            if !existed { try dir.create() }
            output.line(existed ? "\(global.directoryPath)/ already exists" : "created \(global.directoryPath)/")
            if global.databaseURL != nil || environmentValue("DATABASE_URL") != nil {
                let migrator = try global.migrator(output: output)
                try await migrator.createHistoryTables()
                output.line("history tables ready in \(migrator.url)")
            }
            output.line("next: strata new create_users")
        }
    }
}
