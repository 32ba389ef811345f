import Migrations
import Testing

/// `-- strata:replaces` headers.
@Suite struct ReplacesTests {
    @Test func rangeInASectionedFile() throws {
        let set = try load(["018_squash.sql": "-- Squash of 001..017.\n-- strata:replaces 001..017\n-- migrate:up\nCREATE TABLE a (x INT);\n"])
        let migration = try #require(set.migrations.first)
        #expect(migration.replaces == [VersionRange(v("001"), through: v("017"))])
        #expect(migration.covers(v("1")))
        #expect(migration.covers(v("017")))
        #expect(!migration.covers(v("018")))
    }

    @Test func listAfterTheUpMarker() throws {
        let set = try load(["018_squash.sql": "-- migrate:up\n-- strata:replaces 001, 002, 005\nSELECT 1;\n"])
        #expect(set.migrations[0].replaces.map(\.description) == ["001", "002", "005"])
        #expect(set.migrations[0].covers(v("2")))
        #expect(!set.migrations[0].covers(v("3")))
    }

    @Test func mixedListAndRangesInOtherFormats() throws {
        let set = try load([
            "000_baseline.up.sql": "-- strata:replaces 001..003, 007\nCREATE TABLE a (x INT);\n",
            "V100__squash.sql": "-- strata:replaces 1.1..1.9\nSELECT 1;",
            "200_plain.sql": "-- strata:replaces 150\nSELECT 1;",
        ])
        #expect(set.migrations.map { $0.replaces.map(\.description) } == [["001..003", "007"], ["1.1..1.9"], ["150"]])
    }

    @Test func directiveAfterSQLIsAComment() throws {
        let set = try load(["018_x.sql": "-- migrate:up\nSELECT 1;\n-- strata:replaces 001\n"])
        #expect(set.migrations[0].replaces.isEmpty)
    }

    @Test func emptyReplaces() throws {
        let error = try #require(loadError(["018_x.sql": "-- strata:replaces\n-- migrate:up\nSELECT 1;\n"]))
        #expect(error.code == .invalidReplaces)
        #expect(error.description == "migrations/018_x.sql:1: '-- strata:replaces' needs the versions it replaces, e.g. '-- strata:replaces 001..017' or '-- strata:replaces 001, 002, 005'.")
    }

    @Test func notAVersion() throws {
        let error = try #require(loadError(["018_x.sql": "-- strata:replaces 001..abc\nSELECT 1;\n"]))
        #expect(error.code == .invalidReplaces)
        #expect(error.description == "migrations/018_x.sql:1: '001..abc' is not a version or a range of versions; e.g. '-- strata:replaces 001..017' or '-- strata:replaces 001, 002, 005'.")
    }

    @Test func backwardsRange() throws {
        let error = try #require(loadError(["018_x.sql": "-- strata:replaces 017..001\nSELECT 1;\n"]))
        #expect(error.description == "migrations/018_x.sql:1: range '017..001' runs backwards; write 001..017.")
    }

    @Test func replacingItself() throws {
        let error = try #require(loadError(["018_x.sql": "-- strata:replaces 001..018\nSELECT 1;\n"]))
        #expect(error.description == "migrations/018_x.sql:1: '001..018' includes this migration's own version 018; a migration replaces other versions only.")
    }

    @Test func unknownDirective() throws {
        let error = try #require(loadError(["018_x.sql": "-- strata:replace 001\n-- migrate:up\nSELECT 1;\n"]))
        #expect(error.code == .unknownDirective)
        #expect(error.description == "migrations/018_x.sql:1: unknown directive '-- strata:replace'; the directives are '-- strata:replaces VERSIONS' (e.g. '-- strata:replaces 001..017' or '-- strata:replaces 001, 002, 005'), '-- strata:foreign-keys off' and '-- strata:lint-ignore RULE'.")
    }

    @Test func lintIgnoreIsADirectiveWithRules() throws {
        #expect(try load(["018_x.sql": "-- migrate:up\n-- strata:lint-ignore drop-table\nDROP TABLE t;\n"]).migrations.count == 1)
        let error = try #require(loadError(["018_x.sql": "-- migrate:up\n-- strata:lint-ignore\nDROP TABLE t;\n"]))
        #expect(error.description == "migrations/018_x.sql:2: '-- strata:lint-ignore' needs the rules it silences: write e.g. '-- strata:lint-ignore drop-column'.")
    }

    @Test func foreignKeysOffDirective() throws {
        let set = try MigrationSet.load(from: MemoryDirectory(["018_x.sql": "-- strata:foreign-keys off\n-- migrate:up\nSELECT 1;\n", "019_y.sql": "SELECT 2;\n"]), engine: .sqlite)
        #expect(set.migrations.map(\.foreignKeysOff) == [true, false])
        let error = try #require(loadError(["018_x.sql": "-- strata:foreign-keys on\n-- migrate:up\nSELECT 1;\n"]))
        #expect(error.description == "migrations/018_x.sql:1: '-- strata:foreign-keys' takes only 'off': write '-- strata:foreign-keys off'.")
    }

    @Test func strataInProseIsNotADirective() throws {
        let set = try load(["018_x.sql": "-- strata: this file was generated\nSELECT 1;\n"])
        #expect(set.migrations[0].replaces.isEmpty)
    }
}
