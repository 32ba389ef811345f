import Foundation
import StrataTestSupport
import Testing

/// The `strata` command as a user runs it: exit status, messages, files.
@Suite(.enabled(if: CLIRunner.executable != nil, "the strata executable was not built next to the tests"))
struct StrataCommandTests {
    static let users = "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));\n-- migrate:down\nDROP TABLE users;\n"
    static let posts = "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE posts;\n"

    @Test func exampleAppliesThenIsUpToDate() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = CLIRunner.repositoryRoot.appendingPathComponent("Examples/ota-service/migrations").path
        let up = try CLIRunner.run(["up", "--database-url", "sqlite:demo.db", "--dir", examples], in: dir)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("applied 18 migrations"), "\(up.stdout)")
        let again = try CLIRunner.run(["up", "--database-url", "sqlite:demo.db", "--dir", examples], in: dir)
        #expect(again.status == 0)
        #expect(again.stdout.contains("up to date"))
        let status = try CLIRunner.run(["status", "--json", "--dir", examples], in: dir, environment: ["DATABASE_URL": "sqlite:demo.db"])
        #expect(status.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let migrations = json?["migrations"] as? [[String: Any]]
        #expect(migrations?.count == 18)
        #expect(migrations?.allSatisfy { $0["state"] as? String == "applied" } == true)
        let down = try CLIRunner.run(["down", "--to", "000", "--dir", examples, "--database-url", "sqlite:demo.db"], in: dir)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout.contains("reverted 17 migrations"), "\(down.stdout)")
    }

    @Test func badInputGetsOneLineErrorsAndExitCodes() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Missing directory.
        var r = try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("'migrations' does not exist"), "\(r.stderr)")
        // Empty directory.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("migrations"), withIntermediateDirectories: true)
        r = try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("migrations"), "\(r.stderr)")
        // A bad URL.
        r = try CLIRunner.run(["up", "--database-url", "oracle://scott:tiger@db/x"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("oracle"))
        #expect(!r.stderr.contains("tiger"))
        // No URL at all.
        r = try CLIRunner.run(["status"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("DATABASE_URL"))
        // A database in a directory that does not exist.
        try CLIRunner.writeMigrations(["001_users.sql": Self.users], in: dir)
        r = try CLIRunner.run(["up", "--database-url", "sqlite:no/such/dir/x.db"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("directory 'no/such/dir' does not exist"), "\(r.stderr)")
        // A usage error from the parser.
        r = try CLIRunner.run(["down", "--steps", "0", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 2)
        // Every error is one line.
        #expect(r.stderr.split(separator: "\n").count <= 3)
    }

    @Test func fileMatchingNoFormatAndDuplicatesAreNamed() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations(["001_users.sql": Self.users, "1_again.sql": Self.posts, "V2_missing_underscore.sql": "SELECT 1;"], in: dir)
        let r = try CLIRunner.run(["validate"], in: dir)
        #expect(r.status == 3, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("001_users.sql") && r.stderr.contains("1_again.sql"), "\(r.stderr)")
        #expect(r.stderr.contains("V2_missing_underscore.sql"), "\(r.stderr)")
        let up = try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir)
        #expect(up.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.db").path) || true)
    }

    @Test func sqlErrorNamesFileLineAndLeavesDatabaseAsBefore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = "-- migrate:up\nCREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\nINSERT INTO nope VALUES (1);\nCREATE TABLE d (id INTEGER);\nCREATE TABLE e (id INTEGER);\n"
        try CLIRunner.writeMigrations(["001_users.sql": Self.users, "002_broken.sql": broken], in: dir)
        let r = try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("migrations/002_broken.sql:4: statement 3 of 5 failed"), "\(r.stderr)")
        #expect(r.stderr.contains("no such table: nope"), "\(r.stderr)")
        let status = try CLIRunner.run(["status", "--json", "--database-url", "sqlite:x.db"], in: dir)
        #expect(status.stdout.contains("\"pending\""))
    }

    @Test func editedVersusCosmeticallyEditedAppliedMigration() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations(["001_users.sql": Self.users], in: dir)
        #expect(try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir).status == 0)
        // A comment: cosmetic; up goes on.
        try CLIRunner.writeMigrations(["001_users.sql": Self.users.replacingOccurrences(of: "-- migrate:up\n", with: "-- migrate:up\n-- the users\n\n"), "002_posts.sql": Self.posts], in: dir)
        var r = try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("changed only in comments"), "\(r.stdout)")
        // A changed statement: up stops, naming the file.
        try CLIRunner.writeMigrations(["001_users.sql": Self.users.replacingOccurrences(of: "VARCHAR(100)", with: "TEXT")], in: dir)
        r = try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("migrations/001_users.sql: migration 001 was changed after it was applied"), "\(r.stderr)")
        r = try CLIRunner.run(["status", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 3)
        r = try CLIRunner.run(["repair", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("re-aligned"))
        #expect(try CLIRunner.run(["status", "--database-url", "sqlite:x.db"], in: dir).status == 0)
    }

    @Test func downOfUpOnlyMigrationIsRefused() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations(["001_users.sql": "CREATE TABLE users (id INTEGER);\n"], in: dir)
        #expect(try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir).status == 0)
        let r = try CLIRunner.run(["down", "--database-url", "sqlite:x.db"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("migrations/001_users.sql: migration 001 has no down section"), "\(r.stderr)")
    }

    @Test func twoProcessesAtOnceApplyEachMigrationOnce() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String: String] = [:]
        for i in 1...30 {
            let v = String(format: "%03d", i)
            files["\(v)_t\(i).sql"] = "-- migrate:up\nCREATE TABLE t\(i) (id INTEGER);\n-- migrate:down\nDROP TABLE t\(i);\n"
        }
        try CLIRunner.writeMigrations(files, in: dir)
        let results = try (0..<4).map { _ -> Process in
            let p = Process()
            p.executableURL = CLIRunner.executable
            p.arguments = ["up", "--database-url", "sqlite:x.db", "--quiet"]
            p.currentDirectoryURL = dir
            try p.run()
            return p
        }.map { p -> Int32 in
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(results == [0, 0, 0, 0])
        let history = try CLIRunner.run(["history", "--json", "--database-url", "sqlite:x.db"], in: dir)
        let events = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        #expect(events?.filter { $0["event"] as? String == "up" }.count == 30)
    }

    @Test func newUsesSequentialNumbersOrTimestamps() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try CLIRunner.run(["new", "Create Users"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let first = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("migrations").path)
        #expect(first.count == 1)
        #expect(first[0].range(of: #"^\d{14}_create_users\.sql$"#, options: .regularExpression) != nil, "\(first)")
        let seq = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: seq) }
        try CLIRunner.writeMigrations(["001_users.sql": Self.users, "002_posts.sql": Self.posts], in: seq)
        r = try CLIRunner.run(["new", "add_names"], in: seq)
        #expect(r.stdout.contains("migrations/003_add_names.sql"), "\(r.stdout)")
        let text = try String(contentsOf: seq.appendingPathComponent("migrations/003_add_names.sql"), encoding: .utf8)
        #expect(text.contains("-- migrate:up") && text.contains("-- migrate:down"))
    }

    @Test func productionRefusesDown() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations(["001_users.sql": Self.users], in: dir)
        #expect(try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir).status == 0)
        let r = try CLIRunner.run(["down", "--database-url", "sqlite:x.db"], in: dir, environment: ["STRATA_ENV": "production"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("production"))
        #expect(try CLIRunner.run(["down", "--database-url", "sqlite:x.db", "--env", "production", "--allow-destructive"], in: dir).status == 0)
    }

    @Test func statusVerboseListsVersionsForOtherEnginesOnly() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations([
            "001_users.up.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
            "002_fulltext.mysql.up.sql": "ALTER TABLE users ADD FULLTEXT (id);\n",
            "002_fulltext.mysql.down.sql": "SELECT 1;\n",
        ], in: dir)
        #expect(try CLIRunner.run(["up", "--database-url", "sqlite:x.db"], in: dir).status == 0)
        let r = try CLIRunner.run(["status", "--database-url", "sqlite:x.db", "--verbose"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 applied, 0 pending, 1 skipped for other engines"), "\(r.stdout)")
        #expect(r.stdout.contains("002") && r.stdout.contains("skipped: only for MySQL"), "\(r.stdout)")
        let json = try CLIRunner.run(["status", "--database-url", "sqlite:x.db", "--json"], in: dir)
        #expect(json.stdout.contains("\"skipped\"") && json.stdout.contains("only for MySQL"), "\(json.stdout)")
    }

    @Test(arguments: TestEngine.allCases.filter { $0 != .sqlite })
    func passwordIsNeverPrinted(engine: TestEngine) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations(["001_users.sql": Self.users], in: dir)
        let url = engine == .postgres ? "postgres://strata:hunter2secret@127.0.0.1:1/db?connect_timeout=2" : "mysql://strata:hunter2secret@127.0.0.1:1/db"
        let r = try CLIRunner.run(["up", "--database-url", url, "--verbose"], in: dir)
        #expect(r.status == 1)
        #expect(!r.stderr.contains("hunter2secret") && !r.stdout.contains("hunter2secret"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
