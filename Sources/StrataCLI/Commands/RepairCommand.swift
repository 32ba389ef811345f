import ArgumentParser
import Strata

struct RepairCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Accept the files as they are: re-align checksums, forget vanished files, resolve failed migrations.",
        discussion: "Every change is written to the audit log (`strata history`)."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await running(global) { output in
            let report = try await global.migrator(output: output).repair()
            if global.json { output.printJSON(report); return }
            if report.actions.isEmpty { output.line("nothing to repair") }
            for a in report.actions { output.line("repaired " + a) }
        }
    }
}
