import Foundation
import StrataTestSupport
import Testing

/// `strata check`, `lint` and `adopt` as CI and a user run them, on every engine: exit
/// statuses, messages that name the file and line, and JSON.
@Suite(.enabled(if: CLIRunner.executable != nil, "the strata executable was not built next to the tests"))
struct CheckLintAdoptCLITests {
    static let accounts = """
        -- migrate:up
        CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL, age INTEGER);
        -- migrate:down
        DROP TABLE accounts;
        """
    static let devices = """
        -- migrate:up
        CREATE TABLE devices (id INTEGER PRIMARY KEY, serial VARCHAR(64) NOT NULL);
        ALTER TABLE accounts ADD COLUMN nickname VARCHAR(40);
        -- migrate:down
        DROP TABLE devices;
        """

    static func write(_ files: [String: String], in dir: URL) throws {
        let migrations = dir.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: migrations.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    @Test(arguments: TestEngine.available)
    func checkExitsThreeNamingTheBrokenDownAndZeroWhenFixed(engine: TestEngine) async throws {
        try await EngineCLITests.withDatabase(engine) { db, dir in
            try await DeclarativeCLITests.prepare(db)
            try Self.write(["001_accounts.sql": Self.accounts, "002_devices.sql": Self.devices], in: dir)
            var r = try await EngineCLITests.strata(["check"], db, in: dir)
            #expect(r.status == 3, "\(r.stderr)")
            #expect(r.stderr.contains("[down-not-inverse]") && r.stderr.contains("002_devices.sql"), "\(r.stderr)")
            #expect(r.stdout.contains("accounts.nickname"), "\(r.stdout)")
            try Self.write(["002_devices.sql": Self.devices.replacingOccurrences(
                of: "DROP TABLE devices;", with: "DROP TABLE devices;\nALTER TABLE accounts DROP COLUMN nickname;")], in: dir)
            r = try await EngineCLITests.strata(["check", "--json"], db, in: dir)
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(json?["downsProven"] as? [String] == ["001", "002"])
            #expect((json?["problems"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func lintNamesFileAndLineAndExitsThree(engine: TestEngine) async throws {
        try await EngineCLITests.withDatabase(engine) { db, dir in
            try await DeclarativeCLITests.prepare(db)
            try Self.write(["001_accounts.sql": Self.accounts], in: dir)
            #expect(try await EngineCLITests.strata(["up"], db, in: dir).status == 0)
            try await EngineCLITests.execute(db, "INSERT INTO accounts (id, email, age) VALUES (1, 'a@example.com', 41)")
            try Self.write(["002_drop_age.sql": "-- migrate:up\n-- tidy up\nALTER TABLE accounts DROP COLUMN age;\n"], in: dir)
            var r = try await EngineCLITests.strata(["lint"], db, in: dir)
            #expect(r.status == 3)
            #expect(r.stderr.contains("002_drop_age.sql:3: destructive [drop-column]"), "\(r.stderr)")
            #expect(r.stderr.contains("holds 1 non-null value"), "\(r.stderr)")
            r = try await EngineCLITests.strata(["lint", "--allow", "drop-column", "--json"], db, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let findings = json?["findings"] as? [[String: Any]]
            #expect(findings?.first?["rule"] as? String == "drop-column")
            #expect(findings?.first?["line"] as? Int == 3)
            // lint changed nothing.
            #expect(try await db.query("SELECT age FROM accounts").count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func adoptRecordsWhatRanAndRefusesDrift(engine: TestEngine) async throws {
        try await EngineCLITests.withDatabase(engine) { db, dir in
            try await DeclarativeCLITests.prepare(db)
            try Self.write(["001_accounts.sql": Self.accounts, "002_devices.sql": Self.devices], in: dir)
            try await EngineCLITests.execute(db, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL, age INTEGER)")
            var r = try await EngineCLITests.strata(["adopt", "--dry-run"], db, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("would record 1 migration as adopted (001)"), "\(r.stdout)")
            r = try await EngineCLITests.strata(["adopt"], db, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("still pending: 002"), "\(r.stdout)")
            r = try await EngineCLITests.strata(["status"], db, in: dir)
            #expect(r.stdout.contains("adopted"), "\(r.stdout)")
            #expect(try await EngineCLITests.strata(["up"], db, in: dir).status == 0)
            // Drift: a column no file has; nothing is recorded, and the column is named.
            try await EngineCLITests.execute(db, "ALTER TABLE devices ADD COLUMN hand_made INTEGER")
            try Self.write(["003_tags.sql": "-- migrate:up\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n"], in: dir)
            try await EngineCLITests.execute(db, "CREATE TABLE tags (id INTEGER PRIMARY KEY)")
            r = try await EngineCLITests.strata(["adopt"], db, in: dir)
            #expect(r.status == 3, "\(r.stdout)")
            #expect(r.stdout.contains("devices.hand_made"), "\(r.stdout)")
            #expect(r.stderr.contains("nothing was recorded"), "\(r.stderr)")
        }
    }
}
