import ArgumentParser
import Strata

struct HistoryCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the audit log: every up, down, repair and checksum change, oldest first."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("limit"), help: ArgumentHelp("Show only the newest N events.", valueName: "n"))
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() async throws {
        try await running(global) { output in
            let entries = try await global.migrator(output: output).history(limit: limit)
            if global.json { output.printJSON(entries); return }
            if entries.isEmpty { output.line("no events yet") }
            for e in entries {
                var line = "\(e.occurredAt)  \(e.event.rawValue.padding(8)) \((e.version ?? "-").padding(6)) \(e.name ?? "")  \(output.paint("by \(e.actor)", .dim))"
                if let ms = e.executionMs { line += output.paint(" \(ms) ms", .dim) }
                output.line(line)
                if let d = e.detail { output.line("    " + output.paint(d, .dim)) }
            }
        }
    }
}
