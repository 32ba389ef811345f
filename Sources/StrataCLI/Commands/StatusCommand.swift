import ArgumentParser
import Strata

struct StatusCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show which migrations are applied, pending, changed, missing or out of order.",
        discussion: "Exits with 3 when a problem would stop `strata up` (changed or missing applied migration, out-of-order file, failed migration)."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await running(global) { output in
            let report = try await global.migrator(output: output).status()
            if global.json {
                output.printJSON(report)
            } else {
                StatusCommand.printTable(report, output: output)
            }
            if !report.problems.isEmpty { throw CommandExit(status: 3) }
        }
    }

    static func printTable(_ report: StatusReport, output: Output) {
        output.line("\(report.engine) \(report.database), \(report.directory)/")
        if report.migrations.isEmpty {
            output.line("no migrations yet; create one with `strata new NAME`")
        }
        let width = max(7, report.migrations.map(\.version.count).max() ?? 7)
        for m in report.migrations {
            let state: String
            let text = m.state.rawValue.padding(15)
            switch m.state {
            case .applied, .baseline, .covered, .adopted: state = output.paint(text, .green)
            case .pending, .cosmeticChange, .replaced, .repeatableChanged: state = output.paint(text, .yellow)
            default: state = output.paint(text, .red)
            }
            var line = "  \(m.version.padding(width))  \(state) \(m.name)"
            if let at = m.appliedAt, m.state != .pending { line += output.paint("  \(at)", .dim) }
            output.line(line)
            if let detail = m.detail { output.line("  \(String(repeating: " ", count: width))  \(output.paint("↳ " + detail, .dim))") }
        }
        output.line("\(report.applied) applied, \(report.pending) pending" + (report.skipped.isEmpty ? "" : ", \(report.skipped.count) skipped for other engines"))
        for s in report.skipped {
            output.detail("  \(s.version.padding(width))  skipped: \(s.reason) (\(s.files.joined(separator: ", ")))")
        }
        if let reason = report.drift?.notChecked { output.detail("drift not checked: \(reason)") }
        for p in report.problems { output.error(p) }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
