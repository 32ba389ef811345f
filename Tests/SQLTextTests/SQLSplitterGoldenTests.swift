import Foundation
import Testing
import SQLText

/// Golden files: `Golden/<name>.<dialect>.sql` is split and normalized, and the result
/// must equal `Golden/<name>.<dialect>.sql.golden`. Run with `SQLTEXT_UPDATE_GOLDEN=1` to
/// rewrite the golden files after a deliberate change, then review the diff.
@Suite struct SQLSplitterGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The `.sql` files of the golden directory.
    static func cases() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.sorted()
    }

    @Test func thereAreGoldenFiles() {
        #expect(Self.cases().count >= 4, "no golden files found in \(Self.directory.path)")
    }

    @Test(arguments: cases())
    func golden(name: String) throws {
        let parts = name.split(separator: ".")
        let dialect = try #require(parts.count >= 3 ? SQLDialect(rawValue: String(parts[parts.count - 2])) : nil,
                                   "name golden files <name>.<dialect>.sql")
        let source = Self.directory.appendingPathComponent(name)
        let script = String(decoding: try Data(contentsOf: source), as: UTF8.self)
        let actual = try Self.render(script, dialect: dialect)
        let goldenURL = source.appendingPathExtension("golden")
        if ProcessInfo.processInfo.environment["SQLTEXT_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: goldenURL)
        }
        let expected = try #require(
            (try? Data(contentsOf: goldenURL)).map { String(decoding: $0, as: UTF8.self) },
            "missing \(goldenURL.lastPathComponent); run with SQLTEXT_UPDATE_GOLDEN=1 and review it"
        )
        #expect(actual == expected, "\(name) differs from its golden file")
    }

    /// Each statement with its position, then the normalized form.
    static func render(_ script: String, dialect: SQLDialect) throws -> String {
        let splitter = SQLSplitter(dialect: dialect)
        var output = ""
        for (index, statement) in try splitter.split(script).enumerated() {
            output += "=== \(index + 1) (line \(statement.line), column \(statement.column))\n\(statement.text)\n"
        }
        output += "=== normalized\n\(try splitter.normalized(script))\n"
        return output
    }
}
