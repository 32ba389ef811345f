import ArgumentParser
import Strata

struct DiffCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the classified changes from one schema to another, proven on a scratch database.",
        discussion: """
            A schema source is a database URL, a .sql file of desired DDL, a .json file from \
            `strata dump --format json`, or a migration directory. Every source is read by the \
            engine of --database-url (or of the first URL given): DDL and models are created on \
            a scratch database and read back, directories replayed there. Each change has its \
            classes (safe, destructive, data-dependent, locking) and a rule id. Renames are \
            never guessed: declare them with --rename t.old=t.new or `-- strata:renamed \
            from=old` in schema.sql. Exit 0 with nothing to do; with --exit-code, 3 when there \
            are changes.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("The schema as it is; default: --database-url.", valueName: "source"))
    var from: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("The schema as it should be.", valueName: "source"))
    var to: String

    @Flag(name: .customLong("sql"), help: "Print the DDL, forward and reverse.")
    var sql = false

    @Flag(name: .customLong("exit-code"), help: "Exit 3 when there are changes (for CI).")
    var exitCode = false

    @Option(name: .customLong("rename"), help: ArgumentHelp("A declared rename: table.old=table.new, or old=new for a table (repeatable).", valueName: "rename"))
    var renames: [String] = []

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch databases here instead of on the target's server.", valueName: "url"))
    var scratchURL: String?

    func run() async throws {
        try await running(global) { output in
            let fromSource = try from.map { try parseSource($0, flag: "--from") }
            let toSource = try parseSource(to, flag: "--to")
            let url = try global.comparisonURL([fromSource, toSource])
            let migrator = global.migrator(url: url, output: output)
            let report = try await migrator.diff(DiffRequest(
                from: fromSource ?? .database(url), to: toSource, renames: try parseRenames(renames),
                scratchURL: try scratchURL.map { try DatabaseURL($0) }, confirmRename: terminalRenameConfirmation(global)))
            if global.json {
                output.printJSON(report)
            } else {
                print(report, to: output)
            }
            // An undeclared rename needs a decision: exit 3 with the declaration to add.
            if (exitCode && !report.isEmpty) || !report.suggestedRenames.isEmpty { throw CommandExit(status: 3) }
        }
    }

    private func print(_ report: DiffReport, to output: Output) {
        if report.isEmpty {
            output.line("no changes: \(report.to) matches \(report.from)")
        } else {
            output.line("\(output.plural(report.changes.count, "change")) from \(report.from) to \(report.to):")
            output.changes(report.changes)
        }
        output.suggestedRenames(report.suggestedRenames)
        for note in report.notes { output.warning(note) }
        let t = report.timing
        output.detail("read the sources in \(Int(t.loadFromMs)) + \(Int(t.loadToMs)) ms, planned in \(String(format: "%.1f", t.planMs)) ms, settled in \(Int(t.settleMs)) ms, proved in \(Int(t.proofMs)) ms")
        if sql, !report.isEmpty {
            output.line("\n-- forward")
            Swift.print(output.mask(report.forward.map { $0 + ";" }.joined(separator: "\n")))
            output.line("\n-- reverse")
            Swift.print(output.mask(report.reverse.map { $0 + ";" }.joined(separator: "\n")))
        }
    }
}
