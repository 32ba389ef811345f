import ArgumentParser
import Strata

struct GenerateCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a migration from the schema the files produce to the desired schema.",
        discussion: """
            The migration files of --dir are replayed on a scratch database of --database-url's \
            engine; the changes to --schema are written as a new migration with up and down \
            sections, named and numbered like `strata new`, after both directions are proven on \
            a scratch database. Destructive and data-dependent steps are written under a REVIEW \
            comment and make the command exit 3 unless --allow-destructive. A drop and an add \
            that look like an undeclared rename stop before anything is written.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("What the migration does, in words (its file name).", valueName: "name"))
    var name: String

    @Option(name: .customLong("schema"), help: ArgumentHelp("The desired schema: a .sql or .json file, a database URL or a directory; required unless the app embedding Strata declares one.", valueName: "source"))
    var schema: String?

    @Flag(name: .customLong("allow-destructive"), help: "Destructive and data-dependent steps are meant: exit 0.")
    var allowDestructive = false

    @Option(name: .customLong("rename"), help: ArgumentHelp("A declared rename: table.old=table.new, or old=new for a table (repeatable).", valueName: "rename"))
    var renames: [String] = []

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch databases here instead of on --database-url's server.", valueName: "url"))
    var scratchURL: String?

    @Flag(name: .customLong("dry-run"), help: "Print the file; write nothing.")
    var dryRun = false

    func run() async throws {
        try await running(global) { output in
            let source = try global.desiredSchema(schema)
            let url = try global.comparisonURL([source])
            let migrator = global.migrator(url: url, output: output)
            let report = try await migrator.generate(GenerateRequest(
                name: name, schema: source, renames: try parseRenames(renames), allowDestructive: allowDestructive,
                scratchURL: try scratchURL.map { try DatabaseURL($0) }, dryRun: dryRun,
                confirmRename: terminalRenameConfirmation(global)))
            if global.json {
                output.printJSON(report)
                return
            }
            guard let file = report.file else {
                output.line("nothing to generate: the migrations already give \(source)")
                for note in report.notes { output.warning(note) }
                return
            }
            if let contents = report.contents {
                Swift.print(output.mask(contents), terminator: "")
            } else {
                output.line("wrote \(file): \(output.plural(report.changes.count, "change"))")
                output.changes(report.changes)
            }
            output.suggestedRenames(report.suggestedRenames)
            for note in report.notes { output.warning(note) }
            if dryRun, !allowDestructive, !report.needingPermission.isEmpty { throw CommandExit(status: 3) }
        }
    }
}
