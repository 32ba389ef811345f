import Migrations
import Testing

/// Flyway `V1__name.sql`, `U1__name.sql`, `R__name.sql`.
@Suite struct FlywayFormatTests {
    @Test func versionedUndoAndRepeatable() throws {
        let dir = CountingDirectory([
            "V1__create_users.sql": "CREATE TABLE users (id INT);",
            "U1__create_users.sql": "DROP TABLE users;",
            "V1.1__add_email.sql": "ALTER TABLE users ADD email TEXT;",
            "V2__more.sql": "SELECT 2;",
            "R__views.sql": "CREATE VIEW v AS SELECT 1;",
            "R__a_functions.sql": "SELECT 'f';",
        ])
        let set = try MigrationSet.load(from: dir, engine: .postgres)
        #expect(set.migrations.map(\.version.text) == ["1", "1.1", "2"])
        #expect(set.migrations.map(\.name) == ["create_users", "add_email", "more"])
        #expect(set.migrations.allSatisfy { $0.format == .flyway })
        let first = set.migrations[0]
        #expect(first.downFile == "migrations/U1__create_users.sql")
        #expect(!dir.readFiles.contains("U1__create_users.sql"))
        #expect(try first.down()?.sql == "DROP TABLE users;")
        #expect(!set.migrations[1].hasDown)
        #expect(set.repeatables.map(\.name) == ["a_functions", "views"])
        #expect(set.repeatables[1].file == "migrations/R__views.sql")
        #expect(set.repeatables[1].up.sql == "CREATE VIEW v AS SELECT 1;")
        #expect(set.repeatables[1].checksum.count == 64)
    }

    @Test func underscoreSeparatedVersionParts() throws {
        let set = try load(["V1_2__x.sql": "SELECT 1;", "V1_10__y.sql": "SELECT 1;", "V1_9__z.sql": ""])
        #expect(set.migrations.map(\.version.text) == ["1_2", "1_9", "1_10"])
        #expect(set[v("1.2")]?.name == "x")
    }

    @Test func onlyRepeatablesIsNotEmpty() throws {
        let set = try load(["R__views.sql": "SELECT 1;"])
        #expect(set.migrations.isEmpty)
        #expect(set.repeatables.count == 1)
    }

    @Test func undoWithoutVersioned() throws {
        let error = try #require(loadError(["V1__a.sql": "", "U2__b.sql": ""]))
        #expect(error.code == .missingUp)
        #expect(error.description == "migrations/U2__b.sql: undo file without a versioned migration; add V2__b.sql or delete the undo file.")
    }

    @Test func sameVersionWrittenTwoWays() throws {
        let error = try #require(loadError(["V1.2__a.sql": "", "V1_2__b.sql": ""]))
        #expect(error.code == .duplicateVersion)
        #expect(error.description == "migrations/V1.2__a.sql: version 1.2 is also used by migrations/V1_2__b.sql (1.2 and 1_2 are the same version: leading zeros and trailing '.0' parts do not count); give one of them another version.")
    }

    @Test func trailingZeroPartIsTheSameVersion() throws {
        let error = try #require(loadError(["V1__a.sql": "", "V1.0__b.sql": ""]))
        #expect(error.code == .duplicateVersion)
    }
}
