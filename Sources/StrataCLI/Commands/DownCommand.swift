import ArgumentParser
import Strata

struct DownCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Revert the latest applied migration, or more with --steps or --to.",
        discussion: "Refused in production unless --allow-destructive is given: a down section usually drops data."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("steps"), help: ArgumentHelp("How many of the latest migrations to revert.", valueName: "n"))
    var steps: Int?

    @Option(name: .customLong("to"), help: ArgumentHelp("Revert every migration above this version.", valueName: "version"))
    var target: String?

    @Flag(name: .customLong("dry-run"), help: "Print the SQL that would run; change nothing.")
    var dryRun = false

    @Flag(name: .customLong("allow-destructive"), help: "Allow reverting in production.")
    var allowDestructive = false

    func validate() throws {
        if steps != nil && target != nil { throw ValidationError("--steps and --to both choose what to revert; pass one") }
        if let steps, steps < 1 { throw ValidationError("--steps must be 1 or more") }
        if let target, Version(target) == nil {
            throw ValidationError("--to '\(target)' is not a version; give the leading number of a migration file, e.g. --to 003")
        }
    }

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let report = try await migrator.down(DownRequest(steps: steps, target: target.flatMap(Version.init), dryRun: dryRun, allowDestructive: allowDestructive))
            if global.json { output.printJSON(report); return }
            if let sql = report.dryRunSQL { print(output.mask(sql), terminator: ""); return }
            output.line(report.reverted.isEmpty ? "nothing to revert" : "reverted \(report.reverted.count) migration\(report.reverted.count == 1 ? "" : "s")")
        }
    }
}
