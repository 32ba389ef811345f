import Migrations
import SQLText
import Testing

/// `VERSION_name.sql` with `-- migrate:up` / `-- migrate:down` sections, and plain up-only files.
@Suite struct SectionedFormatTests {
    static let users = """
        -- Users of the app.
        -- migrate:up
        CREATE TABLE users (id INTEGER PRIMARY KEY);
        CREATE INDEX users_id ON users (id);

        -- migrate:down
        DROP TABLE users;

        """

    @Test func readsUpAndDownSections() throws {
        let set = try load(["003_users.sql": Self.users])
        let migration = try #require(set.migrations.first)
        #expect(set.migrations.count == 1)
        #expect(migration.version.text == "003")
        #expect(migration.name == "users")
        #expect(migration.format == .sectioned)
        #expect(migration.file == "migrations/003_users.sql")
        #expect(migration.transactional)
        #expect(migration.up.firstLine == 3)
        #expect(migration.up.sql == "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE INDEX users_id ON users (id);\n\n")
        #expect(migration.hasDown)
        #expect(migration.downFile == "migrations/003_users.sql")
        let down = try #require(try migration.down())
        #expect(down.sql == "DROP TABLE users;\n")
        #expect(down.firstLine == 7)
        #expect(migration.replaces.isEmpty)
    }

    @Test func statementLinesAreFileLines() throws {
        let set = try load(["003_users.sql": Self.users])
        let migration = try #require(set.migrations.first)
        let statements = try migration.up.statements()
        #expect(statements.map(\.line) == [3, 4])
        #expect(statements.first?.text == "CREATE TABLE users (id INTEGER PRIMARY KEY)")
        #expect(try migration.down()?.statements().map(\.line) == [7])
    }

    @Test func downSectionIsAWholeScriptWhenAskedFor() throws {
        // CRLF file, autocommit down: the down script is built on demand, with the same
        // file, dialect, options and line-ending-normalised checksum as an eager one.
        let text = "-- migrate:up\r\nCREATE TABLE a (x INT);\r\n-- migrate:down transaction:false\r\nDROP TABLE a;\r\n"
        let set = try load(["1_a.sql": text])
        let migration = try #require(set.migrations.first)
        let down = try #require(try migration.down())
        #expect(down.file == "migrations/1_a.sql")
        #expect(down.firstLine == 4)
        #expect(down.sql == "DROP TABLE a;\r\n")
        #expect(down.dialect == migration.up.dialect)
        #expect(!down.transactional)
        #expect(migration.transactional)
        #expect(down.checksum == MigrationScript(file: "x", sql: "DROP TABLE a;\n", dialect: .postgres).checksum)
        #expect(down == (try migration.down()))
    }

    @Test func upOnlyWithMarker() throws {
        let set = try load(["1_a.sql": "-- migrate:up\nCREATE TABLE a (x INT);\n"])
        let migration = try #require(set.migrations.first)
        #expect(migration.format == .sectioned)
        #expect(!migration.hasDown)
        #expect(try migration.down() == nil)
    }

    @Test func emptyDownSection() throws {
        let set = try load(["1_a.sql": "-- migrate:up\nCREATE TABLE a (x INT);\n-- migrate:down\n"])
        let migration = try #require(set.migrations.first)
        #expect(migration.hasDown)
        #expect(try migration.down()?.sql == "")
        #expect(try migration.down()?.statements() == [])
    }

    @Test func transactionFalseOption() throws {
        let set = try load([
            "1_a.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (x);\n-- migrate:down transaction:false\nDROP INDEX i;\n",
            "2_b.sql": "-- migrate:up transaction:true\nSELECT 1;\n-- migrate:down\nSELECT 2;\n",
        ])
        #expect(set.migrations[0].transactional == false)
        #expect(try set.migrations[0].down()?.transactional == false)
        #expect(set.migrations[1].transactional == true)
        #expect(try set.migrations[1].down()?.transactional == true)
    }

    @Test func plainFileWithoutMarkersIsAllUp() throws {
        let set = try load(["20250101120000_seed_roles.sql": "-- roles\nINSERT INTO roles VALUES (1);\n"])
        let migration = try #require(set.migrations.first)
        #expect(migration.format == .plain)
        #expect(migration.version.text == "20250101120000")
        #expect(migration.name == "seed_roles")
        #expect(migration.up.sql == "-- roles\nINSERT INTO roles VALUES (1);\n")
        #expect(migration.up.firstLine == 1)
        #expect(try migration.up.statements().map(\.line) == [2])
        #expect(!migration.hasDown)
        #expect(migration.downFile == nil)
    }

    @Test func emptyPlainFileIsANoOp() throws {
        let set = try load(["1_nothing.sql": ""])
        #expect(try set.migrations[0].up.statements().isEmpty)
    }

    @Test func commentsAndBlockCommentsMayPrecedeTheUpMarker() throws {
        let set = try load(["1_a.sql": "/* header\n   still header */\n\n-- note\n-- migrate:up\nSELECT 1;\n"])
        #expect(set.migrations[0].up.firstLine == 6)
    }

    @Test func markerLikeCommentsWithoutAWordAreComments() throws {
        let set = try load(["1_a.sql": "-- migrate: we moved to Strata\nSELECT 1;\n"])
        #expect(set.migrations[0].format == .plain)
    }

    @Test func crlfFilesSplitOnMarkers() throws {
        let set = try load(["1_a.sql": "-- migrate:up\r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n"])
        let migration = try #require(set.migrations.first)
        #expect(migration.up.sql == "SELECT 1;\r\n")
        #expect(try migration.down()?.sql == "SELECT 2;\r\n")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("-- migrate:up\nSELECT 1;\n".utf8)
        let set = try MigrationSet.load(from: MemoryDirectory(bytes: ["1_a.sql": bytes]), engine: .sqlite)
        #expect(set.migrations[0].format == .sectioned)
        #expect(set.migrations[0].up.sql == "SELECT 1;\n")
    }

    // MARK: - Errors

    @Test func downBeforeUp() throws {
        let error = try #require(loadError([
            "003_users.sql": "-- x\n-- migrate:down\nDROP TABLE users;\n-- migrate:up\nCREATE TABLE users (id INT);\n",
        ]))
        #expect(error.code == .downBeforeUp)
        #expect(error.line == 2)
        #expect(error.description == "migrations/003_users.sql:2: '-- migrate:down' before '-- migrate:up'; put the up section first.")
    }

    @Test func twoUpMarkers() throws {
        let error = try #require(loadError(["1_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n"]))
        #expect(error.code == .duplicateMarker)
        #expect(error.description == "migrations/1_a.sql:3: second '-- migrate:up' (the first is on line 1); a file has one up section: merge them.")
    }

    @Test func twoDownMarkers() throws {
        let error = try #require(loadError(["1_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\n-- migrate:down\n"]))
        #expect(error.code == .duplicateMarker)
        #expect(error.line == 4)
    }

    @Test func downWithoutUp() throws {
        let error = try #require(loadError(["1_a.sql": "-- migrate:down\nDROP TABLE a;\n"]))
        #expect(error.code == .missingUpSection)
        #expect(error.description == "migrations/1_a.sql:1: has '-- migrate:down' but no '-- migrate:up'; add '-- migrate:up' above the up SQL.")
    }

    @Test func unknownMarker() throws {
        let error = try #require(loadError(["1_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:sideways\n"]))
        #expect(error.code == .unknownMarker)
        #expect(error.description == "migrations/1_a.sql:3: unknown marker '-- migrate:sideways'; use '-- migrate:up' or '-- migrate:down'.")
    }

    @Test func unknownOption() throws {
        let error = try #require(loadError(["1_a.sql": "\n-- migrate:up transactional:no\nSELECT 1;\n"]))
        #expect(error.code == .invalidOption)
        #expect(error.description == "migrations/1_a.sql:2: unknown option 'transactional:no' on '-- migrate:up'; the only option is 'transaction:false'.")
    }

    @Test func badOptionValue() throws {
        let error = try #require(loadError(["1_a.sql": "-- migrate:up transaction:maybe\nSELECT 1;\n"]))
        #expect(error.code == .invalidOption)
        #expect(error.description == "migrations/1_a.sql:1: option 'transaction:maybe' needs true or false: write 'transaction:false'.")
    }

    @Test func sqlBeforeTheFirstMarker() throws {
        let error = try #require(loadError(["1_a.sql": "-- ok\nSELECT 0;\n-- migrate:up\nSELECT 1;\n"]))
        #expect(error.code == .textBeforeMarker)
        #expect(error.description == "migrations/1_a.sql:2: SQL before '-- migrate:up' (line 3); move it into a section or delete it (only comments may come first).")
    }

    @Test func sqlAfterABlockCommentBeforeTheMarker() throws {
        let error = try #require(loadError(["1_a.sql": "/* a\n*/ SELECT 0;\n-- migrate:up\nSELECT 1;\n"]))
        #expect(error.code == .textBeforeMarker)
        #expect(error.line == 2)
    }

    @Test func everyErrorOfAFileIsReported() {
        let errors = loadErrors(["1_a.sql": "SELECT 0;\n-- migrate:down x:y\n-- migrate:up\n-- migrate:up\n"])
        #expect(errors.map(\.code) == [.textBeforeMarker, .downBeforeUp, .invalidOption, .duplicateMarker])
        #expect(errors.map(\.line) == [1, 2, 2, 4])
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let bytes = Array("-- migrate:up\nSELECT '".utf8) + [0xFF, 0xFE] + Array("';\n".utf8)
        do {
            _ = try MigrationSet.load(from: MemoryDirectory(bytes: ["1_a.sql": bytes]), engine: .sqlite)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == ["migrations/1_a.sql:2: is not valid UTF-8; save the file as UTF-8."])
            #expect(error.errors.first?.code == .invalidEncoding)
        }
    }
}
