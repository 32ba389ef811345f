import Migrations
import Testing

/// Which files are migrations, which are ignored, and which are errors.
@Suite struct FileNameTests {
    @Test func nonMigrationFilesAreIgnored() throws {
        let set = try load([
            "001_a.sql": "SELECT 1;",
            "README.md": "# migrations",
            ".DS_Store": "\u{0}",
            "._001_a.sql": "\u{0}",
            "schema.sql": "CREATE TABLE x (y INT);",
            "seed.sql": "INSERT INTO x VALUES (1);",
            "Views.sql": "CREATE VIEW v AS SELECT 1;",
            "001_a.sql.bak": "old",
            "notes.txt": "",
        ])
        #expect(set.migrations.map(\.file) == ["migrations/001_a.sql"])
        #expect(set.ignoredFiles.isEmpty)
    }

    @Test(arguments: [
        ("V1_name.sql", "looks like a Flyway migration but has no '__' (two underscores) after the version; rename it to V1__name.sql."),
        ("12.sql", "has a version but no name; rename it to 12_NAME.sql, where NAME says what it does."),
        ("12.up.sql", "has a version but no name; rename it to 12_NAME.up.sql, where NAME says what it does."),
        ("001-create_users.sql", "expected '_' after the version 001; rename it to 001_create_users.sql."),
        ("001create.sql", "expected '_' after the version 001; rename it to 001_create.sql."),
        ("001_.sql", "has an empty name after '001_'; rename it to 001_NAME.sql."),
        ("001_x.upp.sql", "'.upp.sql' is not a migration file ending; use VERSION_name.sql, VERSION_name.up.sql and VERSION_name.down.sql, or VERSION_name.ENGINE.up.sql."),
        ("001_x.postgres.sql", "'.postgres.sql' does not say up or down; rename it to 001_x.postgres.up.sql or .down.sql."),
        ("001_x.down.up.sql", "'.down.up.sql' is not a migration file ending; use VERSION_name.sql, VERSION_name.up.sql and VERSION_name.down.sql, or VERSION_name.ENGINE.up.sql."),
        ("001_x.pg.mysql.up.sql", "'.pg.mysql.up.sql' names two engines; a paired file is for one engine, or for all (no engine part)."),
        ("001_x.autocommit.autocommit.up.sql", "says '.autocommit.' twice; say it once."),
        ("V__x.sql", "has no version after 'V'; rename it to V1__x.sql, with the version it should have."),
        ("U__x.sql", "has no version after 'U'; rename it to U1__x.sql, with the version it should have."),
        ("R1__x.sql", "repeatable migrations have no version; rename it to R__x.sql."),
        ("V1__.sql", "has no description after '__'; rename it to V1__NAME.sql."),
        ("V1__x.up.sql", "a Flyway file name has nothing between its description and '.sql'; rename it to V1__x.sql."),
        ("V2.sql", "looks like a Flyway migration but has no '__' (two underscores) after the version; rename it to V2__NAME.sql."),
    ])
    func looksLikeAMigrationButMatchesNoFormat(name: String, message: String) throws {
        let error = try #require(loadError([name: "SELECT 1;", "999_ok.sql": "SELECT 1;"]))
        #expect(error.code == .invalidFileName)
        #expect(error.file == "migrations/\(name)")
        #expect(error.message == message)
        #expect(error.description == "migrations/\(name): \(message)")
    }

    @Test func extensionCaseDoesNotMatter() throws {
        let set = try load(["001_a.SQL": "SELECT 1;", "002_b.UP.sql": "SELECT 2;"])
        #expect(set.migrations.map(\.format) == [.plain, .paired])
    }

    @Test func duplicateVersionsWithLeadingZeros() throws {
        let error = try #require(loadError(["001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 1;"]))
        #expect(error.code == .duplicateVersion)
        #expect(error.file == "migrations/001_a.sql")
        #expect(error.otherFile == "migrations/1_b.sql")
        #expect(error.description == "migrations/001_a.sql: version 001 is also used by migrations/1_b.sql (001 and 1 are the same version: leading zeros and trailing '.0' parts do not count); give one of them another version.")
    }

    @Test func duplicateVersionsSameText() throws {
        let error = try #require(loadError(["002_a.sql": "", "002_b.sql": ""]))
        #expect(error.description == "migrations/002_a.sql: version 002 is also used by migrations/002_b.sql; give one of them another version.")
    }

    @Test func singleAndPairedForOneVersion() throws {
        let error = try #require(loadError(["001_a.sql": "", "001_a.up.sql": ""]))
        #expect(error.code == .conflictingFormats)
        #expect(error.file == "migrations/001_a.sql")
        #expect(error.otherFile == "migrations/001_a.up.sql")
        #expect(error.description == "migrations/001_a.sql: version 001 is also migrations/001_a.up.sql, paired files (VERSION_name.up.sql); keep one format per version: delete or rename one of them.")
    }

    @Test func singleAndFlywayForOneVersion() throws {
        let error = try #require(loadError(["001_a.sql": "", "V1__b.sql": ""]))
        #expect(error.code == .conflictingFormats)
        #expect(error.description == "migrations/001_a.sql: version 001 is also migrations/V1__b.sql, a Flyway migration (V1__name.sql); keep one format per version: delete or rename one of them.")
    }

    @Test func singleFileBesideAnUnknownEngineFileIsFine() throws {
        let set = try load(["001_a.sql": "SELECT 1;", "001_a.cockroach.up.sql": "SELECT 1;"])
        #expect(set.migrations.count == 1)
    }

    @Test func allErrorsOfTheDirectoryAreCollectedInFileOrder() {
        let errors = loadErrors([
            "001_a.sql": "-- migrate:down\n",
            "002_b.sql": "SELECT 1;",
            "2_c.sql": "SELECT 1;",
            "V3_x.sql": "",
            "004_d.down.sql": "",
            "005_ok.sql": "SELECT 1;",
        ])
        #expect(errors.map(\.file) == [
            "migrations/001_a.sql", "migrations/002_b.sql", "migrations/004_d.down.sql", "migrations/V3_x.sql",
        ])
        #expect(errors.map(\.code) == [.missingUpSection, .duplicateVersion, .missingUp, .invalidFileName])
    }

    @Test func errorDescriptionListsEveryError() {
        do {
            _ = try MigrationSet.load(from: MemoryDirectory(["1_a.sql": "", "01_b.sql": "", "x_1.sql": "", "V1.sql": ""]), engine: .sqlite)
            Issue.record("expected an error")
        } catch {
            #expect(error.directory == "migrations")
            #expect(error.description.split(separator: "\n").count == 2)
            #expect(error.contains(.duplicateVersion))
            #expect(error.contains(.invalidFileName))
            #expect(!error.contains(.emptyDirectory))
        }
    }

    @Test func migrationsAreSortedByVersionAndFoundByAnyWriting() throws {
        let set = try load([
            "10_j.sql": "", "9_i.sql": "", "002_b.sql": "", "20250101120000_z.sql": "",
            "20250101120000000001_big.sql": "",
        ])
        #expect(set.migrations.map(\.version.text) == ["002", "9", "10", "20250101120000", "20250101120000000001"])
        #expect(set[v("2")]?.name == "b")
        #expect(set.migration(v("0009"))?.name == "i")
        #expect(set.migration(v("11")) == nil)
        #expect(set.migration(v("20250101120000000001"))?.name == "big")
    }

    @Test func emptyDirectory() throws {
        let error = try #require(loadError([:]))
        #expect(error.code == .emptyDirectory)
        #expect(error.file == nil)
        #expect(error.description == "migrations directory 'migrations' contains no migrations; create one with `strata new NAME`.")
        let onlyReadme = try #require(loadError(["README.md": "hi", "schema.sql": ""]))
        #expect(onlyReadme.code == .emptyDirectory)
    }

    @Test func emptyDirectoryAllowed() throws {
        let set = try load([:], allowEmpty: true)
        #expect(set.migrations.isEmpty)
        #expect(set.repeatables.isEmpty)
        #expect(set.engine == .sqlite)
        #expect(set.directory == "migrations")
    }
}
