import ArgumentParser
import Foundation
import Strata

struct SyncCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Make a development database match the desired schema directly.",
        discussion: """
            Creates what is missing and applies safe alterations, as an ORM's sync does, under \
            the migration lock, and logs the sync in strata_migrations_log. Destructive and \
            data-dependent changes only with --allow-destructive; --force drops everything and \
            creates the schema afresh after a confirmation (or --yes). The plan is proven on a \
            scratch database first. Refused in production (--env, STRATA_ENV, APP_ENV): \
            generate a migration there instead.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("schema"), help: ArgumentHelp("The desired schema: a .sql or .json file, a database URL or a directory; required unless the app embedding Strata declares one.", valueName: "source"))
    var schema: String?

    @Flag(name: .customLong("allow-destructive"), help: "Apply destructive and data-dependent changes too.")
    var allowDestructive = false

    @Flag(name: .customLong("force"), help: "Drop everything and create the schema afresh (asks first).")
    var force = false

    @Flag(name: .customLong("yes"), help: "Do not ask before --force.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Print what would run; change nothing.")
    var dryRun = false

    @Option(name: .customLong("rename"), help: ArgumentHelp("A declared rename: table.old=table.new, or old=new for a table (repeatable).", valueName: "rename"))
    var renames: [String] = []

    @Option(name: .customLong("scratch-url"), help: ArgumentHelp("Build the scratch databases here instead of on --database-url's server.", valueName: "url"))
    var scratchURL: String?

    func run() async throws {
        try await running(global) { output in
            let source = try global.desiredSchema(schema)
            let migrator = try global.migrator(output: output)
            if force, !yes, !dryRun {
                // The library refuses production before anything is asked.
                try migrator.options.check(.force, allowed: false)
                guard isatty(0) == 1 else {
                    throw UsageError("--force drops every table of \(migrator.url) and its data; confirm with --yes (no terminal to ask on)")
                }
                FileHandle.standardError.write(Data("sync --force drops every table of \(migrator.url) and its data, then creates \(source). Type yes to go on: ".utf8))
                guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                    output.line("nothing changed")
                    throw CommandExit(status: 1)
                }
            }
            let report = try await migrator.sync(SyncRequest(
                schema: source, renames: try parseRenames(renames), allowDestructive: allowDestructive, force: force,
                dryRun: dryRun, scratchURL: try scratchURL.map { try DatabaseURL($0) },
                confirmRename: terminalRenameConfirmation(global)))
            if global.json {
                output.printJSON(report)
                return
            }
            if report.changes.isEmpty, !report.recreated {
                output.line("in sync: \(migrator.url) matches \(source)")
            } else if dryRun {
                output.line("would apply \(output.plural(report.changes.count, "change")):")
                output.changes(report.changes)
                Swift.print(output.mask(report.statements.map { $0 + ";" }.joined(separator: "\n")))
            } else {
                output.line("synced \(migrator.url) to \(source): \(output.plural(report.changes.count, "change"))\(report.recreated ? " after dropping everything" : "") in \(report.durationMs) ms")
                output.changes(report.changes)
            }
            for note in report.notes { output.warning(note) }
        }
    }
}
