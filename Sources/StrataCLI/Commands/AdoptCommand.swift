import ArgumentParser
import Strata

struct AdoptCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Record the files of --dir that a hand-migrated database already reflects, without running anything.",
        discussion: """
            The files are replayed on a scratch database of --database-url's engine, and the \
            schema after each is compared with the live one: the files up to the last one that \
            matches are recorded as `adopted`, with the evidence in the log, and the rest stay \
            pending for `strata up`. Nothing is executed on the database. A live schema that \
            matches no prefix is drift: the closest prefix and the objects that differ are \
            shown, nothing is recorded (exit 3), unless --through names the last file that ran. \
            Tables that no file creates (an ORM's sync) are named, with the `strata baseline` \
            that takes them over.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("through"), help: ArgumentHelp("Record the files up to this version whatever the schema says (they ran).", valueName: "version"))
    var through: String?

    @Flag(name: .customLong("dry-run"), help: "Show what would be recorded; record nothing.")
    var dryRun = false

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch database here instead of on --database-url's server.", valueName: "url"))
    var scratchURL: String?

    func validate() throws {
        if let through, Version(through) == nil {
            throw ValidationError("--through '\(through)' is not a version; give the leading number of a migration file, e.g. --through 017")
        }
    }

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let report = try await migrator.adopt(AdoptRequest(
                through: through.flatMap(Version.init), dryRun: dryRun, scratchURL: try scratchURL.map { try DatabaseURL($0) }))
            if global.json {
                output.printJSON(report)
            } else {
                print(report, to: output)
            }
            if report.suggestion != nil { throw CommandExit(status: 3) }
        }
    }

    private func print(_ report: AdoptReport, to output: Output) {
        if let suggestion = report.suggestion {
            output.error(suggestion)
            for difference in report.differences.prefix(20) { output.line("    \(difference)") }
            if report.differences.count > 20 { output.line("    … and \(report.differences.count - 20) more") }
            return
        }
        if !report.matched, !report.differences.isEmpty {
            output.warning("the live schema matches no prefix of the files; the closest is \(report.closestThrough.map { "the files through \($0)" } ?? "an empty schema"), which differs in:")
            for difference in report.differences.prefix(20) { output.line("    \(difference)") }
        }
        let verb = report.recorded ? "recorded" : (dryRun ? "would record" : "nothing to record:")
        if report.adopted.isEmpty && report.covered.isEmpty {
            output.line("nothing to record: the history already has every file the database reflects\(report.through.map { " (through \($0))" } ?? "")")
        } else {
            let covered = report.covered.isEmpty ? "" : ", and \(output.plural(report.covered.count, "replaced migration")) as covered"
            output.line("\(verb) \(output.plural(report.adopted.count, "migration")) as adopted (\(report.adopted.joined(separator: ", ")))\(covered), without running them")
        }
        output.detail(report.evidence)
        if !report.undecided.isEmpty {
            output.warning("\(report.undecided.joined(separator: ", ")) leave the schema as it is, so the database cannot tell whether they ran; they stay pending (if they ran, pass --through \(report.undecided.last ?? ""))")
        }
        if !report.pending.isEmpty {
            output.line("still pending: \(report.pending.joined(separator: ", ")); `strata up` applies them")
        }
    }
}
