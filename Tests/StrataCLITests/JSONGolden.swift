import Foundation
import Strata
import Testing

/// Compares a command's `--json` output with `Golden/json-<command>-<case>.json`, after
/// replacing what differs from run to run (and only that) with placeholders.
///
/// `STRATA_UPDATE_GOLDEN=1 swift test --filter JSONGoldenTests` rewrites the files after
/// an intended change; review the diff before committing it.
struct JSONGolden {
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1" }

    /// Exact strings that vary per run, and their placeholders, replaced in this order.
    var literals: [(text: String, placeholder: String)]

    /// - Parameters:
    ///   - directory: the run's temporary working directory (`<tmp>`).
    ///   - database: the database URL as the report prints it, password masked (`<database>`).
    ///   - databaseName: the PostgreSQL schema or MySQL database made for the test (`<database-name>`).
    init(directory: URL, database: String, databaseName: String?) {
        var literals: [(String, String)] = [
            (database, "<database>"),
            (directory.resolvingSymlinksInPath().path, "<tmp>"),
            (directory.path, "<tmp>"),
        ]
        if let databaseName { literals.append((databaseName, "<database-name>")) }
        // The actor a run records without --actor: user@host of whoever runs the tests
        // (the child process inherits the test's environment).
        literals.append((MigratorOptions.defaultActor(), "<actor>"))
        self.literals = literals
    }

    /// The output with its volatile parts replaced:
    /// - the exact strings of ``literals`` (database URL, temporary directory, schema or
    ///   database name, the default actor);
    /// - UTC timestamps as the history writes them (`2026-11-25T08:44:07.123Z`) → `<timestamp>`;
    /// - the number of `"executionMs"` and `"durationMs"` → `"<ms>"` (only a number is
    ///   replaced: another type, or a missing key, still shows as a difference).
    func normalize(_ text: String) -> String {
        var out = text
        for (literal, placeholder) in literals where !literal.isEmpty {
            out = out.replacingOccurrences(of: literal, with: placeholder)
        }
        out = out.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/, with: "<timestamp>")
        out = out.replacing(/"(executionMs|durationMs)" : \d+/) { match in "\"\(match.output.1)\" : \"<ms>\"" }
        return out
    }

    /// Checks that `result` exited with `status`, printed valid JSON on stdout, and that the
    /// normalised JSON equals the golden file `json-<name>.json` (with `adjust` applied to
    /// the golden text first, e.g. to put another engine's name in).
    ///
    /// With `STRATA_UPDATE_GOLDEN=1` and `write` set, the golden file is rewritten first.
    func expect(
        _ result: CLIRunner.Result, matches name: String, status: Int32, write: Bool = true,
        adjust: (String) -> String = { $0 }, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == status, "json-\(name): exit \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil,
            "json-\(name): stdout is not JSON: \(result.stdout)", sourceLocation: sourceLocation
        )
        let actual = normalize(result.stdout)
        let file = Self.folder.appendingPathComponent("json-\(name).json")
        if Self.updating && write {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = adjust(try String(contentsOf: file, encoding: .utf8))
        #expect(
            actual == expected,
            "--json output of json-\(name) changed; if intended, run with STRATA_UPDATE_GOLDEN=1",
            sourceLocation: sourceLocation
        )
    }
}
