import Foundation
import Testing

/// The help text is part of the CLI contract: it is locked by golden files.
/// `STRATA_UPDATE_GOLDEN=1 swift test --filter HelpGoldenTests` rewrites them after an intended change.
@Suite(.enabled(if: CLIRunner.executable != nil, "the strata executable was not built next to the tests"))
struct HelpGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: ["", "init", "new", "status", "up", "down", "redo", "history", "validate", "repair", "diff", "generate", "sync", "check", "lint", "adopt"])
    func helpMatchesGolden(command: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = command.isEmpty ? ["--help"] : [command, "--help"]
        let r = try CLIRunner.run(args, in: dir, environment: ["COLUMNS": "100"])
        #expect(r.status == 0)
        let file = Self.golden.appendingPathComponent("help-\(command.isEmpty ? "strata" : command).txt")
        if ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1" {
            try r.stdout.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(r.stdout == expected, "help of '\(command)' changed; if intended, run with STRATA_UPDATE_GOLDEN=1")
    }
}
