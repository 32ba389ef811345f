import Migrations
import SQLText
import Testing

/// Checksums of bytes and of meaning.
@Suite struct ChecksumTests {
    static func migration(_ text: String, engine: SQLDialect = .postgres) throws -> Migration {
        let set = try load(["001_a.sql": text], engine: engine)
        return try #require(set.migrations.first)
    }

    @Test func rawChecksumIsSHA256OfTheUpSection() throws {
        // A marker must start its line: here the whole line is SQL of the up section.
        let migration = try Self.migration("-- migrate:up\nabc-- migrate:down\n")
        #expect(migration.up.sql == "abc-- migrate:down\n")
        #expect(!migration.hasDown)
        let plain = try Self.migration("abc")
        // SHA-256("abc")
        #expect(plain.checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(MigrationScript(file: "x", sql: "abc", dialect: .sqlite).checksum == plain.checksum)
    }

    @Test func lineEndingsDoNotChangeTheRawChecksum() throws {
        let lf = try Self.migration("-- migrate:up\nCREATE TABLE a (x INT);\nSELECT 1;\n-- migrate:down\nDROP TABLE a;\n")
        let crlf = try Self.migration("-- migrate:up\r\nCREATE TABLE a (x INT);\r\nSELECT 1;\r\n-- migrate:down\r\nDROP TABLE a;\r\n")
        let cr = try Self.migration("CREATE TABLE a (x INT);\rSELECT 1;\r")
        let plainLF = try Self.migration("CREATE TABLE a (x INT);\nSELECT 1;\n")
        #expect(lf.checksum == crlf.checksum)
        #expect(cr.checksum == plainLF.checksum)
        #expect(lf.checksum == plainLF.checksum)
    }

    @Test func downSectionDoesNotChangeTheChecksum() throws {
        let a = try Self.migration("-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n")
        let b = try Self.migration("-- a comment\n-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 3;\n")
        #expect(a.checksum == b.checksum)
    }

    @Test func addedCommentChangesRawButNotSemantic() throws {
        let before = try Self.migration("-- migrate:up\nCREATE TABLE a (x INT);\n")
        let after = try Self.migration("-- migrate:up\n-- the a table\nCREATE TABLE a (\n    x INT -- the x\n);\n")
        #expect(before.checksum != after.checksum)
        #expect(try before.semanticChecksum() == after.semanticChecksum())
    }

    @Test func changedTokenChangesBoth() throws {
        let before = try Self.migration("-- migrate:up\nCREATE TABLE a (x INT);\n")
        let after = try Self.migration("-- migrate:up\nCREATE TABLE a (x BIGINT);\n")
        #expect(before.checksum != after.checksum)
        #expect(try before.semanticChecksum() != after.semanticChecksum())
    }

    @Test func changedLiteralChangesBoth() throws {
        let before = try Self.migration("INSERT INTO t VALUES ('a  b');")
        let after = try Self.migration("INSERT INTO t VALUES ('a b');")
        #expect(try before.semanticChecksum() != after.semanticChecksum())
    }

    @Test func semanticChecksumIsHex() throws {
        let checksum = try Self.migration("SELECT 1;").semanticChecksum()
        #expect(checksum.count == 64)
        #expect(checksum.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func repeatableChecksums() throws {
        let a = try load(["R__v.sql": "CREATE VIEW v AS SELECT 1;"]).repeatables[0]
        let b = try load(["R__v.sql": "-- v\nCREATE VIEW v AS\n  SELECT 1;"]).repeatables[0]
        #expect(a.checksum != b.checksum)
        #expect(try a.semanticChecksum() == b.semanticChecksum())
    }

    @Test func splitterErrorsNameTheFileLine() throws {
        let migration = try Self.migration("-- migrate:up\nSELECT 1;\nDELIMITER\n", engine: .mysql)
        #expect(throws: MigrationFileError.self) { try migration.up.statements() }
        do {
            _ = try migration.up.statements()
        } catch {
            #expect(error.code == .invalidSQL)
            #expect(error.file == "migrations/001_a.sql")
            #expect(error.line == 3)
        }
    }
}
