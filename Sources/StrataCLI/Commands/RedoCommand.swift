import ArgumentParser
import Strata

struct RedoCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "redo",
        abstract: "Revert the latest applied migration and apply it again."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("allow-destructive"), help: "Allow it in production.")
    var allowDestructive = false

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let (reverted, applied) = try await migrator.redo(allowDestructive: allowDestructive)
            if global.json {
                struct Redo: Encodable { var reverted: DownReport; var applied: UpReport }
                output.printJSON(Redo(reverted: reverted, applied: applied))
                return
            }
            if reverted.reverted.isEmpty { output.line("nothing to redo: no migration is applied") }
        }
    }
}
