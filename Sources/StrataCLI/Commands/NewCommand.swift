import ArgumentParser
import Foundation
import Strata

struct NewCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new migration file with up and down sections.",
        discussion: """
            The version is the UTC time (YYYYMMDDHHMMSS), or the next number when the \
            directory already numbers its migrations sequentially (001_, 002_…).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("What the migration does, e.g. create_users.", valueName: "name"))
    var name: String

    func validate() throws {
        if MigrationWriter.slug(name).isEmpty {
            throw ValidationError("name '\(name)' has no letters or digits; describe the change, e.g. create_users")
        }
    }

    func run() async throws {
        try await running(global) { output in
            let dir = LocalDirectory(global.directoryPath)
            let now = Int64(Date().timeIntervalSince1970.rounded(.down))
            let file = try MigrationWriter.create(named: name, in: dir, now: now)
            if global.json {
                output.printJSON(["file": dir.displayPath(of: file.fileName), "version": file.version])
            } else {
                output.line("created \(dir.displayPath(of: file.fileName))")
            }
        }
    }
}
