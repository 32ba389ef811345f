import ArgumentParser
import Strata

struct BaselineCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Take over a database that has no Strata history: write its schema as the first migration and record it.",
        discussion: """
            Writes the dump of --database-url into --dir as VERSION_NAME.sql, with a down \
            section that drops everything, and records it as `baseline` without running \
            anything. It declares `-- strata:replaces` for the files the database already \
            reflects (all files present, or up to --through), so that `strata up` runs none \
            of them here and an empty database is built from the baseline alone. Refuses \
            when the database has history.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("version"), help: ArgumentHelp("The baseline's version.", valueName: "version"))
    var version = "000"

    @Option(name: .customLong("name"), help: ArgumentHelp("The baseline's name.", valueName: "name"))
    var name = "initial_schema"

    @Option(name: .customLong("through"), help: ArgumentHelp("Replace only the files up to this version (the ones that ran here); the rest stay pending.", valueName: "version"))
    var through: String?

    @Flag(name: .customLong("allow-existing-history"), help: "Write and record a baseline although the database has Strata history.")
    var allowExistingHistory = false

    @Flag(name: .customLong("dry-run"), help: "Print the file; write and record nothing.")
    var dryRun = false

    func validate() throws {
        if Version(version) == nil || !version.allSatisfy(\.isNumber) {
            throw ValidationError("--version '\(version)' is not a version; give digits, e.g. --version 000")
        }
        if let through, Version(through) == nil {
            throw ValidationError("--through '\(through)' is not a version; give the leading number of a migration file, e.g. --through 017")
        }
    }

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let report = try await migrator.baseline(BaselineRequest(
                version: version, name: name, through: through.flatMap(Version.init),
                allowExistingHistory: allowExistingHistory, dryRun: dryRun))
            if global.json {
                output.printJSON(report)
                return
            }
            for warning in report.warnings { output.warning(warning) }
            if let contents = report.contents {
                print(output.mask(contents), terminator: "")
                return
            }
            output.line("wrote \(report.file): \(output.plural(report.tables, "table")), \(output.plural(report.views, "view"))")
            let replaced = report.replaces.first.map { first in
                "; it replaces \(output.plural(report.replaces.count, "migration")) (\(first)…\(report.replaces.last ?? first)), recorded as covered"
            } ?? ""
            output.line("recorded \(report.version) as baseline without running it\(replaced)")
            if !report.pending.isEmpty {
                output.line("still pending: \(report.pending.joined(separator: ", ")); `strata up` applies them")
            }
        }
    }
}
