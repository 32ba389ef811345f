// The `strata` commands inside the app's own executable: `myapp migrate status`,
// `myapp migrate up`, … on the app's built-in migrations and its database URL.
import ArgumentParser
import Strata
import StrataCLI

struct MyApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "myapp",
        subcommands: [Serve.self, StrataMigrateCommand.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    func run() async throws { /* start the server */ }
}

// snippet.hide
func start() async {
    // snippet.show
    StrataEmbedding(migrations: .directory("migrations"), databaseURL: "sqlite:app.db").install()
    await MyApp.main()
    // snippet.hide
}
await start()
