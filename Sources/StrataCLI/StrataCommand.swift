import ArgumentParser
import Foundation
import Strata

/// The `strata` command. An app can embed it in its own executable:
/// `exit(await StrataCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))`.
public struct StrataCommand: AsyncParsableCommand {
    /// `strata` and its subcommands, with the exit statuses in its discussion.
    public static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Manage the schema of a SQL database with versioned migrations.",
        discussion: """
            Strata applies SQL migration files in order, records each in the history table \
            strata_migrations with checksums, and keeps an append-only audit log. \
            Engines: SQLite, PostgreSQL, MySQL/MariaDB.

            Exit status: 0 done, 1 failed, 2 usage error, 3 a check found a problem.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, NewCommand.self, StatusCommand.self, UpCommand.self, DownCommand.self,
            RedoCommand.self, HistoryCommand.self, ValidateCommand.self, RepairCommand.self,
            DumpCommand.self, BaselineCommand.self, SquashCommand.self, DiffCommand.self, GenerateCommand.self, SyncCommand.self,
            CheckCommand.self, LintCommand.self, AdoptCommand.self,
        ]
    )

    /// The root command (it only dispatches to a subcommand).
    public init() {}

    /// Parses `arguments`, runs the command, prints errors, and returns the exit status
    /// of DESIGN.md: 0 done, 1 failed, 2 usage error, 3 a check found a problem.
    public static func main(arguments: [String]) async -> Int32 {
        // Most commands open a session, on NIO's event loops: their threads start while
        // the arguments are parsed.
        startEventLoopsInBackground()
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            return 2
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return 0
        } catch let exit as CommandExit {
            return exit.status
        } catch where isParserOutcome(error) {
            // --help, --version and parse errors found while running (help is a command).
            let message = fullMessage(for: error)
            if exitCode(for: error) == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            return 2
        } catch {
            let output = Output(json: false, quiet: false, verbose: false)
            output.secret = (command as? any HasGlobalOptions)?.global.secretForMasking
            return report(error, output: output)
        }
    }

    /// Whether an error comes from the argument parser (help, version, usage) rather than
    /// from Strata.
    static func isParserOutcome(_ error: any Error) -> Bool {
        switch error {
        case is UsageError, is MigrationDirectoryError, is MigratorError, is DatabaseError, is MigrationFileError, is CommandExit:
            return false
        case is ValidationError, is CleanExit:
            return true
        default:
            return String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
        }
    }

    /// Prints an error the way the CLI does and returns its exit status.
    static func report(_ error: any Error, output: Output) -> Int32 {
        switch error {
        case let e as UsageError:
            output.error(e.description)
            return 2
        case let e as ValidationError:
            output.error(e.message)
            return 2
        case let e as MigrationDirectoryError:
            for fileError in e.errors { output.error(fileError.description) }
            return 1
        case let e as MigratorError:
            output.error(e.description)
            return e.code == .unknownVersion ? 2 : [.drift, .needsPermission].contains(e.code) ? 3 : 1
        case let e as DatabaseError:
            output.error(e.description)
            return e.code == .configuration ? 2 : 1
        case let e as MigrationFileError:
            output.error(e.description)
            return 1
        default:
            output.error(String(describing: error))
            return 1
        }
    }
}

/// A command with the common options.
protocol HasGlobalOptions {
    var global: GlobalOptions { get }
}

extension GlobalOptions {
    /// The password of the URL, if any, so that error output can mask it.
    var secretForMasking: String? {
        guard let raw = databaseURL ?? environmentValue("DATABASE_URL") else { return nil }
        return (try? DatabaseURL(raw))?.password
    }
}

/// Runs a command body with its output, turning errors into the right exit status.
func running(_ global: GlobalOptions, _ body: (Output) async throws -> Void) async throws {
    let output = Output(global)
    output.secret = global.secretForMasking
    do {
        try await body(output)
    } catch let exit as CommandExit {
        throw exit
    } catch {
        if global.json {
            struct Failure: Encodable { var error: String; var code: String? }
            var code: String?
            if let e = error as? MigratorError { code = e.code.description }
            if let e = error as? DatabaseError { code = e.code.description }
            let text: String
            if let e = error as? MigrationDirectoryError {
                text = e.errors.map(\.description).joined(separator: "\n")
            } else {
                text = String(describing: error)
            }
            output.printJSON(Failure(error: output.mask(text), code: code))
        }
        throw CommandExit(status: StrataCommand.report(error, output: output))
    }
}
