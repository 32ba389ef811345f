import ArgumentParser
import Strata

struct SquashCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "squash",
        abstract: "Write one migration that replaces a range of them, proven on a scratch database.",
        discussion: """
            The new file declares `-- strata:replaces FROM..TO`: where the whole range ran it \
            is recorded without running, on a fresh database it runs instead of the range. \
            From the first migration, and when the range changes no data, it is the schema the \
            range builds; otherwise the range's statements in order. Before it is written, a \
            scratch database of --database-url's engine proves that it builds the same schema \
            and that its down section returns to the schema before the range. The original \
            files may stay.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("to"), help: ArgumentHelp("The last version to squash.", valueName: "version"))
    var to: String

    @Option(name: .customLong("from"), help: ArgumentHelp("The first version to squash; default: the first migration.", valueName: "version"))
    var from: String?

    @Option(name: .customLong("version"), help: ArgumentHelp("The squash's own version; default: a free one right after --to (or before --from).", valueName: "version"))
    var version: String?

    @Option(name: .customLong("name"), help: ArgumentHelp("The squash's name.", valueName: "name"))
    var name: String?

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch databases here instead of on --database-url's server.", valueName: "url"))
    var scratchURL: String?

    @Flag(name: .customLong("dry-run"), help: "Print the file; write nothing.")
    var dryRun = false

    func validate() throws {
        for (flag, value) in [("--to", Optional(to)), ("--from", from), ("--version", version)] {
            if let value, Version(value) == nil {
                throw ValidationError("\(flag) '\(value)' is not a version; give the leading number of a migration file")
            }
        }
    }

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let fromVersion = from.flatMap(Version.init)
            guard let toVersion = Version(to) else { throw UsageError("--to '\(to)' is not a version") }
            let report = try await migrator.squash(SquashRequest(
                from: fromVersion, to: toVersion, version: version,
                name: name ?? "squash_\(from ?? "first")_\(to)",
                scratchURL: try scratchURL.map { try DatabaseURL($0) }, dryRun: dryRun))
            if global.json {
                output.printJSON(report)
                return
            }
            if let contents = report.contents {
                print(output.mask(contents), terminator: "")
                return
            }
            output.line("wrote \(report.file): replaces \(report.replaces.first ?? "")..\(report.replaces.last ?? "") (\(output.plural(report.replaces.count, "migration"))), \(report.method == "schema" ? "as the schema they build" : "as their statements in order")\(report.hasDown ? "" : ", without a down section")")
            for note in report.notes { output.detail("note: \(note)") }
        }
    }
}
