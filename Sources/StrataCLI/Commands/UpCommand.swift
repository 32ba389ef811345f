import ArgumentParser
import Strata

struct UpCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Apply pending migrations.",
        discussion: """
            Each migration runs in its own transaction together with its history row (on \
            MySQL, where DDL commits implicitly, progress is recorded per statement). An \
            applied migration whose statements changed, or whose file is gone, stops the \
            run before anything runs.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("to"), help: ArgumentHelp("Apply up to and including this version.", valueName: "version"))
    var target: String?

    @Flag(name: .customLong("dry-run"), help: "Print the SQL that would run; change nothing.")
    var dryRun = false

    @Flag(name: .customLong("single-transaction"), help: "Apply all pending migrations in one transaction (SQLite, PostgreSQL).")
    var singleTransaction = false

    @Flag(name: .customLong("allow-out-of-order"), help: "Also run pending migrations below the highest applied version.")
    var allowOutOfOrder = false

    @Flag(name: .customLong("allow-drift"), help: "Go on although the live schema changed outside Strata since the last migration (logged).")
    var allowDrift = false

    func validate() throws {
        if let target, Version(target) == nil {
            throw ValidationError("--to '\(target)' is not a version; give the leading number of a migration file, e.g. --to 003")
        }
    }

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let report = try await migrator.up(UpRequest(
                target: target.flatMap(Version.init), dryRun: dryRun,
                singleTransaction: singleTransaction, allowOutOfOrder: allowOutOfOrder, allowDrift: allowDrift
            ))
            if global.json {
                output.printJSON(report)
                return
            }
            if let sql = report.dryRunSQL {
                print(output.mask(sql), terminator: "")
                return
            }
            for v in report.outOfOrder { output.warning("applied \(v) out of order (below the highest applied version)") }
            if report.applied.isEmpty && report.recorded.isEmpty {
                output.line("nothing to apply: \(migrator.url) is up to date")
            } else {
                let ms = report.applied.reduce(Int64(0)) { $0 + $1.durationMs }
                output.line("applied \(report.applied.count) migration\(report.applied.count == 1 ? "" : "s") in \(ms) ms")
            }
        }
    }
}
