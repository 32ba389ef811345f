import Foundation
import Migrations
import Testing

/// Naming and writing new migration files (`strata new`).
@Suite struct MigrationWriterTests {
    /// 2025-01-02 03:04:05 UTC.
    static let now: Int64 = 1_735_787_045

    @Test(arguments: [
        ("Create Users", "create_users"),
        ("create_users", "create_users"),
        ("  --Add   e-mail!! ", "add_e_mail"),
        ("Ünïcode Straße", "ünïcode_straße"),
        ("v2 index", "v2_index"),
        ("!!!", ""),
        ("", ""),
    ])
    func slug(name: String, slug: String) {
        #expect(MigrationWriter.slug(name) == slug)
    }

    @Test(arguments: [
        (["001_a.sql", "002_b.up.sql", "002_b.down.sql"], "003"),
        (["1_a.sql", "0010_b.sql"], "0011"),
        (["9_a.sql"], "10"),
        (["099_a.sql", "README.md", "schema.sql"], "100"),
        (["0000000000001_a.sql"], "0000000000002"),
    ])
    func sequentialDirectoriesGetTheNextNumber(names: [String], next: String) {
        #expect(MigrationWriter(existingFileNames: names).nextVersion(now: Self.now) == next)
    }

    @Test(arguments: [
        [String](),
        ["README.md", "V1__flyway.sql", "R__views.sql"],
        ["001_a.sql", "20240101000000_b.sql"],
        ["20250101000000123456_long.sql"],
    ])
    func otherDirectoriesGetTheTime(names: [String]) {
        #expect(MigrationWriter(existingFileNames: names).nextVersion(now: Self.now) == "20250102030405")
    }

    @Test func aTimestampNeverGoesBackwards() {
        let writer = MigrationWriter(existingFileNames: ["20250102030405_a.sql", "20250102030406_b.sql"])
        #expect(writer.nextVersion(now: Self.now) == "20250102030407")
        #expect(writer.nextVersion(now: Self.now + 3600) == "20250102040405")
    }

    /// The clock is formatted as Foundation formats it in UTC, fractions of a second dropped.
    @Test func timestampsMatchFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        var generator = SystemRandomNumberGenerator()
        // Leap days, ends of months and years, centuries, and random times up to 2400.
        var seconds: [Int64] = [
            0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 951_868_800, 1_709_164_800,
            4_107_542_399, 4_107_542_400, 4_102_444_799, 13_569_465_599, 13_569_465_600,
        ]
        for _ in 0..<2000 { seconds.append(Int64.random(in: 0...13_569_465_600, using: &generator)) }
        let writer = MigrationWriter(existingFileNames: [])
        for second in seconds {
            let date = Date(timeIntervalSince1970: Double(second) + 0.75)
            #expect(writer.nextVersion(now: second) == formatter.string(from: date), "\(second)")
        }
    }

    @Test func newFileNamesAndTemplate() throws {
        let file = try MigrationWriter(existingFileNames: ["001_users.sql"]).newFile(named: "Add Names", now: Self.now)
        #expect(file == MigrationWriter.NewFile(
            version: "002", fileName: "002_add_names.sql", contents: "-- migrate:up\n\n\n-- migrate:down\n\n"))
        let generated = try MigrationWriter(existingFileNames: []).newFile(
            named: "sync", contents: "-- migrate:up\nSELECT 1;\n", now: Self.now)
        #expect(generated.fileName == "20250102030405_sync.sql")
        #expect(generated.contents == "-- migrate:up\nSELECT 1;\n")
    }

    @Test func aNameWithoutLettersIsRefused() {
        #expect {
            try MigrationWriter(existingFileNames: []).newFile(named: "--", now: Self.now)
        } throws: { error in
            (error as? MigrationFileError)?.description
                == "name '--' has no letters or digits; describe the change, e.g. create_users."
                && (error as? MigrationFileError)?.code == .invalidName
        }
    }

    @Test func aSetGivesTheNamesOfItsFiles() throws {
        let set = try load([
            "001_a.up.sql": "SELECT 1;",
            "001_a.down.sql": "SELECT 1;",
            "002_b.mysql.up.sql": "SELECT 2;",
            "003_c.cockroach.up.sql": "SELECT 3;",
        ])
        let writer = MigrationWriter(set)
        #expect(writer.existingFileNames.sorted() == [
            "001_a.down.sql", "001_a.up.sql", "002_b.mysql.up.sql", "003_c.cockroach.up.sql",
        ])
        // The skipped and ignored versions count: the next number is 004.
        #expect(writer.nextVersion(now: Self.now) == "004")
    }

    @Test func createWritesAndCreatesTheDirectory() throws {
        try LocalDirectoryTests.withTemporaryDirectory { root in
            let dir = LocalDirectory("\(root)/db/migrations", displayPath: "db/migrations")
            let first = try MigrationWriter.create(named: "Create Users", in: dir, now: Self.now)
            #expect(first.fileName == "20250102030405_create_users.sql")
            // The same second again: one second later, never the same name.
            let second = try MigrationWriter.create(named: "Create Users", in: dir, now: Self.now)
            #expect(second.fileName == "20250102030406_create_users.sql")
            #expect(try dir.fileNames().sorted() == [first.fileName, second.fileName])
            #expect(try dir.read(first.fileName) == Array(MigrationWriter.template.utf8))
            let set = try MigrationSet.load(from: dir, engine: .sqlite)
            #expect(set.migrations.map(\.name) == ["create_users", "create_users"])
        }
    }

    @Test func createFollowsSequentialDirectories() throws {
        try LocalDirectoryTests.withTemporaryDirectory { root in
            try LocalDirectoryTests.write("\(root)/001_users.sql", "-- migrate:up\nSELECT 1;\n")
            let dir = LocalDirectory(root, displayPath: "migrations")
            let file = try MigrationWriter.create(named: "add_names", in: dir, now: Self.now)
            #expect(file.version == "002")
            #expect(file.fileName == "002_add_names.sql")
        }
    }

    @Test func createWithAnEmptyNameTouchesNothing() throws {
        try LocalDirectoryTests.withTemporaryDirectory { root in
            let dir = LocalDirectory("\(root)/missing", displayPath: "migrations")
            #expect(throws: MigrationFileError.self) {
                try MigrationWriter.create(named: "  ", in: dir, now: Self.now)
            }
            #expect(throws: MigrationFileError.self) { try dir.fileNames() }
        }
    }
}
