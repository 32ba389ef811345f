import AppCore
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StrataCLI

/// `app serve` (the default) runs the server; `app migrate …` is Strata's commands on the
/// app's embedded migrations.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app", abstract: "The Strata example app.",
        subcommands: [Serve.self, StrataMigrateCommand.self], defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database, then serve HTTP.")

    @Option(help: "The port to listen on.") var port = 8080

    func run() async throws {
        var logger = Logger(label: "app")
        logger.logLevel = .info
        let app = try await NotesApp.build(environment: ProcessInfo.processInfo.environment, port: port, logger: logger)
        try await app.runService()
    }
}

/// Installs what `app migrate` uses, then runs the command line.
@main enum Entry {
    static func main() async {
        NotesApp.installMigrateCommand(environment: ProcessInfo.processInfo.environment)
        await AppCommand.main(nil)
    }
}
