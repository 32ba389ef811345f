import Drivers
import SQLText
import StrataTestSupport
import Dialects
import Testing

/// The SQL of the history tables, per dialect, without a database.
struct HistorySQLTests {
    static let pg = HistorySQL(dialect: PostgresDialect(), schema: nil)
    static let my = HistorySQL(dialect: MySQLDialect(), schema: nil)
    static let lite = HistorySQL(dialect: SQLiteDialect(), schema: nil)
    static let columns = "(version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done, progress_checksum, error, schema_fingerprint)"
    static let logColumns = "(occurred_at, event, version, name, checksum, actor, execution_ms, detail)"

    @Test func appliedMarkAndLogNumberTheirPlaceholders() {
        #expect(Self.pg.markApplied == #"UPDATE "strata_migrations" SET status = 'applied', checksum = $1, semantic_checksum = $2, applied_at = $3, applied_by = $4, execution_ms = $5, statements_done = $6, progress_checksum = NULL, error = NULL, schema_fingerprint = $7 WHERE version = $8"#)
        #expect(Self.pg.log == #"INSERT INTO "strata_migrations_log" \#(Self.logColumns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"#)
        let elapsed = "TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000"
        #expect(Self.my.markAppliedServerTimed == "UPDATE `strata_migrations` SET status = 'applied', checksum = ?, semantic_checksum = ?, applied_at = ?, applied_by = ?, execution_ms = \(elapsed), statements_done = ?, progress_checksum = NULL, error = NULL, schema_fingerprint = ? WHERE version = ?")
        #expect(Self.my.logServerTimed == "INSERT INTO `strata_migrations_log` \(Self.logColumns) VALUES (?, ?, ?, ?, ?, ?, \(elapsed), ?)")
    }

    @Test func serverTimedRowsComputeExecutionTimeInPlaceOfItsValue() {
        let since = "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS BIGINT)"
        let t = #""strata_migrations""#
        #expect(Self.pg.insert == "INSERT INTO \(t) \(Self.columns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        #expect(Self.pg.insertServerTimed == "INSERT INTO \(t) \(Self.columns) VALUES ($1, $2, $3, $4, $5, $6, \(since), $7, $8, $9, $10, $11)")
        #expect(Self.pg.upsertServerTimed?.hasPrefix("INSERT INTO \(t) \(Self.columns) VALUES ($1, $2, $3, $4, $5, $6, \(since), $7, $8, $9, $10, $11) ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name") == true)
        #expect(Self.pg.logServerTimed == #"INSERT INTO "strata_migrations_log" \#(Self.logColumns) VALUES ($1, $2, $3, $4, $5, $6, \#(since), $7)"#)
        #expect(Self.my.upsertServerTimed == "REPLACE INTO `strata_migrations` \(Self.columns) VALUES (?, ?, ?, ?, ?, ?, TIMESTAMPDIFF(MICROSECOND, @strata_started, NOW(6)) DIV 1000, ?, ?, ?, ?, ?)")
        // SQLite runs in-process: the caller times it.
        #expect(Self.lite.insertServerTimed == nil && Self.lite.logServerTimed == nil && Self.lite.markAppliedServerTimed == nil)
    }

    @Test func tablesAreQualifiedByTheSchemaOnPostgresOnly() {
        let pg = HistorySQL(dialect: PostgresDialect(), schema: #"te"nant"#)
        #expect(pg.table == #""te""nant"."strata_migrations""#)
        #expect(pg.createStatements.first == #"CREATE SCHEMA IF NOT EXISTS "te""nant""#)
        let lite = HistorySQL(dialect: SQLiteDialect(), schema: "ignored")
        #expect(lite.table == #""strata_migrations""#)
        #expect(lite.createStatements.first?.hasPrefix("CREATE TABLE") == true)
    }

    @Test func theCurrentFormatIsRecordedAndOlderOnesUpgrade() {
        for sql in [Self.pg, Self.my, Self.lite] {
            #expect(sql.createStatements.last?.contains("'\(HistorySQL.format)'") == true)
            let steps = sql.upgradeStatements(from: 1)
            #expect(steps.first?.addsColumn == true)
            #expect(steps.first?.sql.contains("ADD COLUMN schema_fingerprint") == true)
            #expect(steps.contains { $0.sql.contains(HistorySQL.metaTableName) })
            #expect(sql.upgradeStatements(from: HistorySQL.format).isEmpty)
        }
    }

    @Test func identifiersAndLiteralsAreQuotedPerEngine() {
        #expect(PostgresDialect().quoteIdentifier(#"we"ird"#) == #""we""ird""#)
        #expect(SQLiteDialect().quoteIdentifier("order") == #""order""#)
        #expect(MySQLDialect().quoteIdentifier("we`ird") == "`we``ird`")
        #expect(PostgresDialect().quoteLiteral("it's") == "'it''s'")
        #expect(MySQLDialect().quoteLiteral(#"a\'b"#) == #"'a\\''b'"#)
        #expect(PostgresDialect().placeholder(3) == "$3")
        #expect(MySQLDialect().placeholder(3) == "?")
    }
}

/// The dialect of a live connection knows its server.
@Suite struct ServerDialectTests {
    @Test func aDialectKnowsMariaDBFromMySQL() {
        let maria = SQLDialect.mysql.knowledge(of: ServerInfo(mysqlVersion: "5.5.5-10.11.6-MariaDB-0+deb12u1"))
        #expect((maria as? MySQLDialect)?.isMariaDB == true)
        #expect(maria.server?.version == ServerVersion(10, 11, 6))
        let mysql = SQLDialect.mysql.knowledge(of: ServerInfo(mysqlVersion: "8.0.36"))
        #expect((mysql as? MySQLDialect)?.isMariaDB == false)
        #expect((SQLDialect.mysql.knowledge as? MySQLDialect)?.isMariaDB == nil)
    }
}

extension ServerDialectTests {
    @Test(arguments: TestEngine.available)
    func aLiveConnectionsDialectNamesItsServer(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        let c = try await db.connect()
        let dialect = try await c.serverDialect()
        try? await c.close()
        await db.drop()
        let server = try #require(dialect.server)
        switch engine {
        case .sqlite: #expect(server.flavour == .sqlite && server.version >= ServerVersion(3, 35, 0))
        case .postgres: #expect(server.flavour == .postgres && server.version >= ServerVersion(15, 0, 0))
        // scripts/test runs MariaDB; a MySQL server would say .mysql.
        case .mysql: #expect(server.flavour == .mariadb || server.flavour == .mysql)
        }
        #expect(dialect.engine == engine.dialect)
    }
}
