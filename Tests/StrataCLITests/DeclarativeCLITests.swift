import Foundation
import Strata
import StrataTestSupport
import Testing

/// `strata diff`, `generate` and `sync` as a user runs them with a `schema.sql`, on every
/// engine: exit statuses, the refusals, and the files written.
@Suite(.enabled(if: CLIRunner.executable != nil, "the strata executable was not built next to the tests"))
struct DeclarativeCLITests {
    static let version1 = """
        CREATE TABLE accounts (
            id BIGINT NOT NULL PRIMARY KEY,
            email VARCHAR(120) NOT NULL,
            nickname VARCHAR(40)
        );
        CREATE TABLE devices (
            id BIGINT NOT NULL PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            serial VARCHAR(64) NOT NULL
        );
        CREATE INDEX devices_account_idx ON devices (account_id);
        """

    /// Version 2: a wider column, a new column, an index, and a declared rename.
    static let version2 = """
        CREATE TABLE accounts (
            id BIGINT NOT NULL PRIMARY KEY,
            email VARCHAR(250) NOT NULL,
            display_name VARCHAR(40), -- strata:renamed from=nickname
            locale VARCHAR(10)
        );
        CREATE TABLE devices (
            id BIGINT NOT NULL PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            serial VARCHAR(64) NOT NULL
        );
        CREATE INDEX devices_account_idx ON devices (account_id);
        CREATE INDEX devices_serial_idx ON devices (serial);
        """

    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func prepare(_ db: TestDatabase) async throws {
        guard db.engine == .postgres else { return }
        let c = try await db.connect()
        try await c.execute("CREATE SCHEMA IF NOT EXISTS \"\(db.name)\"")
        try await c.close()
    }

    @Test(arguments: TestEngine.available)
    func syncThenGenerateThenUpThenDiffIsEmpty(engine: TestEngine) async throws {
        try await EngineCLITests.withDatabase(engine) { db, dir in
            try await Self.prepare(db)
            let v1 = try Self.write(Self.version1, "v1.sql", in: dir)
            let v2 = try Self.write(Self.version2, "schema.sql", in: dir)
            let sync = try await EngineCLITests.strata(["sync", "--schema", v1], db, in: dir)
            #expect(sync.status == 0, "\(sync.stderr)")
            #expect(sync.stdout.contains("synced"))
            let again = try await EngineCLITests.strata(["sync", "--schema", v1], db, in: dir)
            #expect(again.stdout.contains("in sync"), "\(again.stdout)\(again.stderr)")
            try await EngineCLITests.execute(db, "INSERT INTO accounts (id, email, nickname) VALUES (1, 'a@example.com', 'ann')")

            // The database as the first migration, then the change as the second.
            let first = try await EngineCLITests.strata(["generate", "initial", "--schema", v1, "--dir", "migrations"], db, in: dir)
            #expect(first.status == 0, "\(first.stderr)")
            let second = try await EngineCLITests.strata(["generate", "version 2", "--schema", v2, "--dir", "migrations"], db, in: dir)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("rename column accounts.nickname to display_name"), "\(second.stdout)")

            let diff = try await EngineCLITests.strata(["diff", "--from", "migrations", "--to", v2, "--exit-code"], db, in: dir)
            #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
            let pending = try await EngineCLITests.strata(["diff", "--to", v2, "--exit-code", "--json"], db, in: dir)
            #expect(pending.status == 3, "the live database is still at version 1")
            #expect(pending.stdout.contains("\"rule\" : \"rename-column\"") || pending.stdout.contains("\"rule\":\"rename-column\""))
        }
    }

    @Test(arguments: TestEngine.available)
    func destructiveChangesNeedTheFlagAndProductionRefuses(engine: TestEngine) async throws {
        try await EngineCLITests.withDatabase(engine) { db, dir in
            try await Self.prepare(db)
            let v1 = try Self.write(Self.version1, "v1.sql", in: dir)
            let smaller = try Self.write("CREATE TABLE accounts (id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(120) NOT NULL);\n", "smaller.sql", in: dir)
            #expect(try await EngineCLITests.strata(["sync", "--schema", v1], db, in: dir).status == 0)

            let refused = try await EngineCLITests.strata(["sync", "--schema", smaller], db, in: dir)
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("drop table devices"), "\(refused.stderr)")
            #expect(refused.stderr.contains("--allow-destructive"))

            #expect(try await EngineCLITests.strata(["generate", "initial", "--schema", v1, "--dir", "m"], db, in: dir).status == 0)
            let generated = try await EngineCLITests.strata(["generate", "drop devices", "--schema", smaller, "--dir", "m"], db, in: dir)
            #expect(generated.status == 3, "a destructive step makes generate exit 3")
            #expect(generated.stderr.contains("marked for review"), "\(generated.stderr)")

            for arguments in [["sync", "--schema", v1], ["sync", "--schema", v1, "--force", "--yes"], ["sync", "--schema", smaller, "--allow-destructive"]] {
                let production = try await EngineCLITests.strata(arguments + ["--env", "production"], db, in: dir)
                #expect(production.status == 1)
                #expect(production.stderr.contains("production"), "\(production.stderr)")
                #expect(production.stderr.contains("strata generate"))
            }
            let allowed = try await EngineCLITests.strata(["sync", "--schema", smaller, "--allow-destructive"], db, in: dir)
            #expect(allowed.status == 0, "\(allowed.stderr)")
        }
    }

    @Test func undeclaredRenameExitsThreeWithTheAnnotation() async throws {
        try await EngineCLITests.withDatabase(.sqlite) { db, dir in
            let v1 = try Self.write(Self.version1, "v1.sql", in: dir)
            let renamed = try Self.write(Self.version1.replacingOccurrences(of: "nickname VARCHAR(40)", with: "display_name VARCHAR(40)"), "renamed.sql", in: dir)
            #expect(try await EngineCLITests.strata(["sync", "--schema", v1], db, in: dir).status == 0)
            let diff = try await EngineCLITests.strata(["diff", "--to", renamed], db, in: dir)
            #expect(diff.status == 3)
            #expect(diff.stderr.contains("-- strata:renamed from=nickname"), "\(diff.stderr)")
            let sync = try await EngineCLITests.strata(["sync", "--schema", renamed], db, in: dir)
            #expect(sync.status == 3)
            #expect(sync.stderr.contains("--rename accounts.nickname=accounts.display_name"))
            let declared = try await EngineCLITests.strata(["sync", "--schema", renamed, "--rename", "accounts.nickname=accounts.display_name"], db, in: dir)
            #expect(declared.status == 0, "\(declared.stderr)")
        }
    }

    @Test func badSchemaFileNamesTheFileAndLine() async throws {
        try await EngineCLITests.withDatabase(.sqlite) { db, dir in
            let bad = try Self.write("CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (id INTEGER PRIMARY KEY, oops NOT A TYPE ();\n", "bad.sql", in: dir)
            let r = try await EngineCLITests.strata(["sync", "--schema", bad], db, in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains("bad.sql:3:"), "\(r.stderr)")
            let unknown = try await EngineCLITests.strata(["diff", "--to", "nothing-here"], db, in: dir)
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("not a schema source"))
            #expect(try await EngineCLITests.strata(["diff", "--to", bad, "--rename", "x"], db, in: dir).status == 2)
        }
    }
}
