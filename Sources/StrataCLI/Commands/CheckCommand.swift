import ArgumentParser
import Strata

struct CheckCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Prove in CI that the migrations, their downs, the desired schema and the database agree.",
        discussion: """
            Every migration of --dir is replayed on a scratch database of --database-url's \
            engine (SQLite in memory without one) as `up` runs it on a fresh database. Right \
            after each up its down runs and must give back the schema before, and the up runs \
            again and must give the schema after. The result is compared with --schema when \
            given, and --database-url with what the files give up to the version its history \
            records. Nothing is changed but the scratch database. Exit 0 when everything \
            holds, 3 naming every difference.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("schema"), help: ArgumentHelp("The desired schema the files must give: a .sql or .json file, a database URL or a directory; default: the schema the app embedding Strata declares, if any.", valueName: "source"))
    var schema: String?

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch databases here instead of on --database-url's server.", valueName: "url"))
    var scratchURL: String?

    func run() async throws {
        try await running(global) { output in
            let source = try schema.map { try parseSource($0, flag: "--schema") }
                ?? StrataEmbedding.current?.schema.map { .declared($0, name: "the app's declared schema") }
            let scratch = try scratchURL.map { try DatabaseURL($0) }
            let migrator = global.migrator(url: try global.scratchHostURL(scratch: scratch, sources: [source]), output: output)
            let report = try await migrator.check(CheckRequest(
                schema: source, compareDatabase: global.hasDatabaseURL, scratchURL: scratch))
            if global.json {
                output.printJSON(report)
            } else {
                print(report, to: output)
            }
            if !report.passed { throw CommandExit(status: 3) }
        }
    }

    private func print(_ report: CheckReport, to output: Output) {
        for problem in report.problems {
            output.error("[\(problem.rule)] \(problem)")
            for difference in problem.differences.prefix(20) { output.line("    \(difference)") }
            if problem.differences.count > 20 { output.line("    … and \(problem.differences.count - 20) more") }
        }
        var summary = "replayed \(output.plural(report.replayed, "migration")) on a scratch \(report.engine) database: \(report.downsProven.count) down\(report.downsProven.count == 1 ? "" : "s") proven"
        if !report.withoutDown.isEmpty { summary += ", \(report.withoutDown.count) without a down" }
        if let schema = report.schema { summary += "; compared with \(schema)" }
        if let database = report.database { summary += "; compared with \(database)\(report.databaseAt.map { " at \($0)" } ?? "")" }
        summary += " (\(report.ms) ms)"
        if report.passed {
            output.line("check passed: " + summary)
        } else {
            output.line("check FAILED, \(output.plural(report.problems.count, "problem")): " + summary)
        }
        for note in report.notes { output.warning(note) }
        if !report.withoutDown.isEmpty {
            output.detail("without a down section (not proven reversible): \(report.withoutDown.joined(separator: ", "))")
        }
    }
}
