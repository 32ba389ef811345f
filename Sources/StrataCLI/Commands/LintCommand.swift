import ArgumentParser
import Strata

struct LintCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Classify what the pending migrations would do: drops, renames, rewrites, locks, scans.",
        discussion: """
            The pending migrations of --dir run on a scratch copy of --database-url's schema \
            (an empty one without it), one statement at a time; what each changes is classified \
            with the diff engine's rules and read from the statements themselves, each finding \
            with its rule id, file and line, and a remedy. With --database-url, findings carry \
            its numbers (rows, non-null values). `-- strata:lint-ignore RULE` on or above a \
            statement silences that rule there; --allow RULE reports it without failing. \
            Nothing runs on the database. Exit 3 when a finding is not allowed.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("allow"), help: ArgumentHelp("A rule that is reported but does not fail (repeatable).", valueName: "rule"))
    var allow: [String] = []

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch database here instead of on --database-url's server.", valueName: "url"))
    var scratchURL: String?

    func run() async throws {
        try await running(global) { output in
            // Without a database, the pending migrations are all of them, on the engine of
            // --scratch-url (else SQLite in memory).
            let scratch = try scratchURL.map { try DatabaseURL($0) }
            let migrator = global.migrator(url: try global.scratchHostURL(scratch: scratch), output: output)
            let report = try await migrator.lint(LintRequest(useDatabase: global.hasDatabaseURL, allow: Set(allow), scratchURL: scratch))
            if global.json {
                output.printJSON(report)
            } else {
                print(report, to: output)
            }
            if !report.passed { throw CommandExit(status: 3) }
        }
    }

    private func print(_ report: LintReport, to output: Output) {
        for finding in report.findings {
            let text = "\(finding.file):\(finding.line): \(finding.changeClass) [\(finding.rule)] \(finding.message)\(finding.remedy.isEmpty ? "" : "; \(finding.remedy)")"
            if finding.allowed { output.warning(text + " (allowed)") } else { output.error(text) }
        }
        for finding in report.ignored {
            output.detail("\(finding.file):\(finding.line): [\(finding.rule)] silenced by -- strata:lint-ignore")
        }
        for note in report.notes { output.warning(note) }
        let target = report.database.map { "on a copy of \($0)" } ?? "on an empty \(report.engine) schema"
        let summary = "\(output.plural(report.linted.count, "pending migration")) \(target): \(output.plural(report.failing.count, "finding")) that fail\(report.failing.count == 1 ? "s" : ""), \(report.findings.count - report.failing.count) allowed, \(report.ignored.count) silenced (\(report.ms) ms)"
        output.line((report.passed ? "lint passed: " : "lint FAILED: ") + summary)
        if !report.passed {
            output.line("where a finding is meant, silence it with `-- strata:lint-ignore RULE` above its statement, or pass --allow RULE")
        }
    }
}
