import Foundation
import Testing

@testable import Drivers
import StrataTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let postgresURL = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_URL"]
/// The CA of the test server's certificate, when it has TLS on (`scripts/test` sets it).
private let rootCertificate = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_SSLROOTCERT"]

/// PostgresSession against a real server (`STRATA_TEST_POSTGRES_URL`, started by
/// `scripts/test` or `scripts/dev-servers`). Tests run in parallel: each works in a schema
/// of its own.
@Suite(.enabled(if: postgresURL != nil, "STRATA_TEST_POSTGRES_URL not set"))
struct PostgresSessionTests {
    // MARK: - Helpers

    static func url(_ parameters: [(String, String)] = [], password: String? = nil, port: Int? = nil, database: String? = nil) throws -> DatabaseURL {
        var url = try DatabaseURL(postgresURL ?? "")
        url.parameters += parameters.map { (key: $0.0, value: $0.1) }
        if let password { url.password = password }
        if let port { url.port = port }
        if let database { url.database = database }
        return url
    }

    static func withSession<T>(
        _ url: DatabaseURL? = nil, options: ConnectOptions = ConnectOptions(),
        _ body: (PostgresSession) async throws -> T
    ) async throws -> T {
        let session = try await PostgresSession.connect(url: url ?? Self.url(), options: options)
        do {
            let result = try await body(session)
            try await session.close()
            return result
        } catch {
            try? await session.close()
            throw error
        }
    }

    /// Runs `body` in a fresh schema (on the search_path) that is dropped afterwards.
    static func withSchema<T>(_ body: (PostgresSession, String) async throws -> T) async throws -> T {
        let schema = "strata_pg_\(UInt32.random(in: 0...UInt32.max))"
        return try await withSession(url([("schema", schema)])) { session in
            try await session.execute("CREATE SCHEMA \(schema)")
            do {
                let result = try await body(session, schema)
                try await session.execute("DROP SCHEMA \(schema) CASCADE")
                return result
            } catch {
                try? await session.execute("ROLLBACK")
                try? await session.execute("DROP SCHEMA \(schema) CASCADE")
                throw error
            }
        }
    }

    static func expectError(
        _ code: DatabaseError.Code, _ body: () async throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> DatabaseError? {
        await expectDatabaseError(code, sourceLocation: sourceLocation, body)
    }

    // MARK: - Batches

    @Test func batchRunsInOrderAndNamesTheFailingStatement() async throws {
        try await Self.withSchema { db, _ in
            try await db.execute(batch: [
                BatchStatement("CREATE TABLE b (id INT PRIMARY KEY, s TEXT)"),
                BatchStatement("INSERT INTO b VALUES ($1, $2)", [.int(1), .text("'; DROP TABLE b; --")]),
            ])
            await #expect {
                try await db.execute(batch: [
                    BatchStatement("INSERT INTO b VALUES ($1, $2)", [.int(2), .text("two")]),
                    BatchStatement("INSERT INTO b VALUES ($1, $2)", [.int(1), .text("duplicate")]),
                    BatchStatement("INSERT INTO b VALUES ($1, $2)", [.int(3), .text("never")]),
                ])
            } throws: { error in
                let e = error as? DatabaseError
                return e?.sqlState == "23505" && e?.batchIndex == 1
            }
            let rows = try await db.query("SELECT id FROM b ORDER BY id")
            #expect(rows.map { $0["id"] } == [.int(1), .int(2)])
        }
    }

    @Test func pipelinedTransactionCommitsAllOrNothing() async throws {
        try await Self.withSchema { db, _ in
            try await db.execute("CREATE TABLE p (id INT PRIMARY KEY, s TEXT)")
            try await db.execute(pipeline: [
                BatchStatement("BEGIN"),
                BatchStatement("INSERT INTO p VALUES ($1, $2)", [.int(1), .text("one")]),
                BatchStatement("CREATE TABLE p2 (id INT)"),
                BatchStatement("COMMIT"),
            ])
            // Every statement is on the wire before the first answers: the failing one
            // aborts the transaction, the later ones fail on the server, COMMIT rolls back.
            await #expect {
                try await db.execute(pipeline: [
                    BatchStatement("BEGIN"),
                    BatchStatement("INSERT INTO p VALUES ($1, $2)", [.int(2), .text("two")]),
                    BatchStatement("CREATE TABLE p3 (id INT)"),
                    BatchStatement("INSERT INTO p VALUES ($1, $2)", [.int(1), .text("duplicate")]),
                    BatchStatement("INSERT INTO p VALUES ($1, $2)", [.int(4), .text("never")]),
                    BatchStatement("COMMIT"),
                ])
            } throws: { error in
                let e = error as? DatabaseError
                return e?.sqlState == "23505" && e?.batchIndex == 3 && e?.message.contains("duplicate key") == true
            }
            let rows = try await db.query("SELECT id FROM p ORDER BY id")
            #expect(rows.map { $0["id"] } == [.int(1)])
            let tables = try await db.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('p2', 'p3')")
            #expect(tables.first?["n"] == .int(1))
            // The session is idle again, not stuck in the aborted transaction.
            #expect(try await db.query("SELECT 1 AS one").first?["one"] == .int(1))
        }
    }

    // MARK: - Queries and values

    @Test func connectsAndDescribesServer() async throws {
        try await Self.withSession { session in
            #expect(session.dialect == .postgres)
            let description = try await session.serverDescription
            #expect(description.hasPrefix("PostgreSQL 1"), "\(description)")
            #expect(!description.contains("("))
            #expect(try await session.serverDescription == description)
            #expect(session.schema == nil)
            let rows = try await session.query("SELECT current_schema() AS s, current_setting('application_name') AS app")
            #expect(rows.first?["s"] == .text("public"))
            #expect(rows.first?["app"] == .text("strata"))
        }
    }

    @Test func bindsHostileStringsAndNumbers() async throws {
        let hostile = [
            "'; DROP TABLE users; --", "\"quoted\"", "back\\slash", "$1", "ünïcødé 😀 中文", "", "line\nbreak\ttab", "NULL",
        ]
        try await Self.withSession { session in
            for text in hostile {
                let rows = try await session.query("SELECT $1::text AS t, length($1::text) AS n", [.text(text)])
                #expect(rows == [SQLRow(columns: ["t", "n"], values: [.text(text), .int(Int64(text.unicodeScalars.count))])])
            }
            let rows = try await session.query(
                "SELECT $1::int8 AS i, $2::float8 AS d, $3::bytea AS b, $4::int + 1 AS inferred, $5::timestamptz AS ts",
                [.int(Int64.min), .double(2.5), .blob([0, 1, 255]), .text("41"), .text("2024-02-29 12:00:00+00")])
            #expect(rows.first?.values == [.int(Int64.min), .double(2.5), .blob([0, 1, 255]), .int(42), .text("2024-02-29 12:00:00+00")])
        }
    }

    @Test func readsNullsAndColumnTypes() async throws {
        try await Self.withSession { session in
            try await session.execute("SET TIME ZONE 'UTC'")
            let rows = try await session.query(
                """
                SELECT NULL::int AS n1, $1::text AS n2, true AS t, false AS f, 7::int2 AS small, 1.5::float4 AS real,
                       12345678901234.5600::numeric(20,4) AS num, (-0.05)::numeric AS neg, 10000::numeric AS big,
                       '00000000-0000-0000-0000-0000000000ab'::uuid AS u, '2024-01-02'::date AS d,
                       '2024-01-02 03:04:05.25'::timestamp AS ts, '1999-12-31 23:59:59+00'::timestamptz AS tstz,
                       '13:14:15'::time AS tm, ARRAY['a', 'b c', NULL, '']::text[] AS arr, ARRAY[[1,2],[3,4]] AS arr2,
                       '{"k": [1, 2]}'::jsonb AS j, 'pg_class'::regclass::oid > 0 AS has_oid, 'x'::name AS nm,
                       'infinity'::timestamp AS inf, '0044-03-15'::date - 0 AS plain_date
                """, [.null])
            let row = try #require(rows.first)
            #expect(row["n1"] == .null)
            #expect(row["n2"] == .null)
            #expect(row["t"] == .bool(true))
            #expect(row["f"] == .bool(false))
            #expect(row["small"] == .int(7))
            #expect(row["real"] == .double(1.5))
            #expect(row["num"] == .text("12345678901234.5600"))
            #expect(row["neg"] == .text("-0.05"))
            #expect(row["big"] == .text("10000"))
            #expect(row["big"].int == 10000)
            #expect(row["u"] == .text("00000000-0000-0000-0000-0000000000ab"))
            #expect(row["d"] == .text("2024-01-02"))
            #expect(row["ts"] == .text("2024-01-02 03:04:05.25"))
            #expect(row["tstz"] == .text("1999-12-31 23:59:59+00"))
            #expect(row["tm"] == .text("13:14:15"))
            #expect(row["arr"] == .array([.text("a"), .text("b c"), .null, .text("")]))
            #expect(row["arr"].string == "{a,\"b c\",NULL,\"\"}")
            #expect(row["arr2"] == .array([.array([.int(1), .int(2)]), .array([.int(3), .int(4)])]))
            #expect(row["arr2"].string == "{{1,2},{3,4}}")
            #expect(row["j"] == .text("{\"k\": [1, 2]}"))
            #expect(row["has_oid"] == .bool(true))
            #expect(row["nm"] == .text("x"))
            #expect(row["inf"] == .text("infinity"))
            #expect(row["plain_date"] == .text("0044-03-15"))
            #expect(row.columns.first == "n1")
        }
    }

    @Test func readsCatalogVectorsAsArrays() async throws {
        try await Self.withSchema { session, schema in
            try await session.execute("CREATE TABLE t (a int, b int, c text)")
            try await session.execute("CREATE INDEX t_ab ON t (b, a)")
            let rows = try await session.query(
                """
                SELECT i.indkey AS key, i.indkey::text AS key_text, c.relname, c.oid::regclass::text AS reg
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1
                """, [.text(schema)])
            #expect(rows.count == 1)
            #expect(rows.first?["key"] == .array([.int(2), .int(1)]))
            #expect(rows.first?["key_text"] == .text("2 1"))
            #expect(rows.first?["relname"] == .text("t_ab"))
        }
    }

    @Test func unreadableTypeAsksForACast() async throws {
        try await Self.withSession { session in
            let error = await Self.expectError(.statement) {
                _ = try await session.query("SELECT '1 day'::interval AS span")
            }
            #expect(error?.message.contains("span::text") == true, "\(String(describing: error))")
            // The session is still usable.
            let r1 = try await session.query("SELECT 1 AS one")
            #expect(r1.first?["one"] == .int(1))
        }
    }

    // MARK: - Statements and transactions

    @Test func executesDDLAndDML() async throws {
        try await Self.withSchema { session, schema in
            try await session.execute("CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now())")
            _ = try await session.query("INSERT INTO users (name) VALUES ($1), ($2)", [.text("ann"), .text("o'brien")])
            let rows = try await session.query("SELECT id, name FROM users ORDER BY id")
            #expect(rows.map { $0["name"] } == [.text("ann"), .text("o'brien")])
            #expect(rows.map { $0["id"] } == [.int(1), .int(2)])
            let qualified = try await session.query("SELECT count(*) AS n FROM \(schema).users")
            #expect(qualified.first?["n"] == .int(2))
            let r2 = try await session.query("SELECT 1 WHERE false")
            #expect(r2.isEmpty)
        }
    }

    @Test func rollbackUndoesDDL() async throws {
        try await Self.withSchema { session, schema in
            try await session.execute("BEGIN")
            try await session.execute("CREATE TABLE doomed (id int)")
            try await session.execute("INSERT INTO doomed VALUES (1)")
            try await session.execute("ROLLBACK")
            let rows = try await session.query("SELECT to_regclass($1) IS NULL AS gone", [.text("\(schema).doomed")])
            #expect(rows.first?["gone"] == .bool(true))

            try await session.execute("BEGIN")
            try await session.execute("CREATE TABLE kept (id int)")
            try await session.execute("COMMIT")
            let kept = try await session.query("SELECT to_regclass($1) IS NULL AS gone", [.text("\(schema).kept")])
            #expect(kept.first?["gone"] == .bool(false))
        }
    }

    @Test func failedStatementAbortsTransactionUntilRollback() async throws {
        try await Self.withSchema { session, _ in
            try await session.execute("BEGIN")
            _ = await Self.expectError(.statement) { try await session.execute("SELECT 1/0") }
            let aborted = await Self.expectError(.statement) { try await session.execute("SELECT 1") }
            #expect(aborted?.sqlState == "25P02")
            try await session.execute("ROLLBACK")
            let r3 = try await session.query("SELECT 2 AS two")
            #expect(r3.first?["two"] == .int(2))
        }
    }

    @Test func createIndexConcurrentlyAndVacuumOutsideTransaction() async throws {
        try await Self.withSchema { session, schema in
            try await session.execute("CREATE TABLE big (id int, v text)")
            try await session.execute("INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 1000) g")
            try await session.execute("CREATE INDEX CONCURRENTLY big_v ON big (v)")
            try await session.execute("VACUUM ANALYZE big")
            try await session.execute("DROP INDEX CONCURRENTLY big_v")
            // In a transaction block the server refuses it, and says so.
            try await session.execute("BEGIN")
            let error = await Self.expectError(.statement) { try await session.execute("CREATE INDEX CONCURRENTLY big_id ON big (id)") }
            #expect(error?.sqlState == "25001")
            try await session.execute("ROLLBACK")
            _ = schema
        }
    }

    @Test func executeRunsSeveralStatementsInTurn() async throws {
        try await Self.withSchema { session, _ in
            try await session.execute(
                """
                CREATE TABLE a (id int, note text DEFAULT 'x;y');  -- a comment; with a semicolon
                INSERT INTO a (id) VALUES (1);
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
                """)
            let rows = try await session.query("SELECT id, note, f() AS f FROM a")
            #expect(rows == [SQLRow(columns: ["id", "note", "f"], values: [.int(1), .text("x;y"), .int(1)])])

            let script = "INSERT INTO a VALUES (2);\nSELECT * FROM missing;\nINSERT INTO a VALUES (3)"
            let error = await Self.expectError(.statement) { try await session.execute(script) }
            #expect(error?.sqlState == "42P01")
            #expect(error?.message.hasPrefix("statement 2 of 3 (line 2): ") == true, "\(String(describing: error))")
            // The position points into the whole script, at "missing".
            let position = try #require(error?.position)
            #expect(String(Array(script)[(position - 1)...].prefix(7)) == "missing")
            let ids = try await session.query("SELECT id FROM a ORDER BY id").map { $0["id"] }
            #expect(ids == [.int(1), .int(2)])
        }
    }

    @Test func queryRefusesSeveralStatementsClearly() async throws {
        try await Self.withSession { session in
            let error = await Self.expectError(.statement) { _ = try await session.query("SELECT 1; SELECT 2") }
            #expect(error?.sqlState == "42601")
            #expect(error?.hint?.contains("one statement") == true)
        }
    }

    // MARK: - Errors

    @Test func serverErrorKeepsItsFields() async throws {
        try await Self.withSchema { session, _ in
            let missing = await Self.expectError(.statement) { _ = try await session.query("SELECT * FROM no_such_table") }
            #expect(missing?.sqlState == "42P01")
            #expect(missing?.position == 15)
            #expect(missing?.message == "relation \"no_such_table\" does not exist")

            try await session.execute("CREATE TABLE u (id int PRIMARY KEY)")
            try await session.execute("INSERT INTO u VALUES (1)")
            let duplicate = await Self.expectError(.statement) { try await session.execute("INSERT INTO u VALUES (1)") }
            #expect(duplicate?.sqlState == "23505")
            #expect(duplicate?.detail == "Key (id)=(1) already exists.")

            let syntax = await Self.expectError(.statement) { try await session.execute("SELEC 1") }
            #expect(syntax?.sqlState == "42601")
            #expect(syntax?.position == 1)

            let hinted = await Self.expectError(.statement) { _ = try await session.query("SELECT no_such_function(1)") }
            #expect(hinted?.sqlState == "42883")
            #expect(hinted?.hint?.isEmpty == false)
            #expect(hinted.map { !"\($0)".contains("\n") } == true)
        }
    }

    @Test func wrongPasswordIsAnAuthenticationError() async throws {
        let wrong = "not-the-Password-42"
        let error = await Self.expectError(.authentication) {
            _ = try await PostgresSession.connect(url: Self.url(password: wrong), options: ConnectOptions())
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(!text.contains(wrong))
        #expect(text.contains("strata"))
        #expect(error?.sqlState == "28P01")
        let real = try Self.url().password ?? "-"
        #expect(!text.contains(real))
    }

    @Test func missingDatabaseIsAConnectionErrorWithAHint() async throws {
        let error = await Self.expectError(.connection) {
            _ = try await PostgresSession.connect(url: Self.url(database: "strata_no_such_db"), options: ConnectOptions())
        }
        #expect(error?.sqlState == "3D000")
        #expect(error?.hint?.contains("CREATE DATABASE") == true)
    }

    @Test func nothingListeningFailsFast() async throws {
        let socket = try LoopbackSocket(listen: false)  // bound, not listening: connections are refused
        defer { socket.close() }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await Self.expectError(.connection) {
            _ = try await PostgresSession.connect(url: Self.url(port: socket.port), options: ConnectOptions(connectTimeout: .seconds(60)))
        }
        // Far under the 60 s connect timeout: refused, not waited out (with room for a
        // machine whose test threads are busy).
        #expect(clock.now - start < .seconds(30))
        #expect(error?.message.contains("127.0.0.1:\(socket.port)") == true, "\(String(describing: error))")
        #expect(error?.message.contains("refused") == true, "\(String(describing: error))")
        let password = try Self.url().password ?? "-"
        #expect(error.map { "\($0)".contains(password) } == false)
    }

    @Test func silentServerTimesOutWithinConnectTimeout() async throws {
        let socket = try LoopbackSocket(listen: true)  // accepts TCP (backlog), never answers
        defer { socket.close() }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await Self.expectError(.timeout) {
            _ = try await PostgresSession.connect(url: Self.url([("connect_timeout", "1")], port: socket.port), options: ConnectOptions())
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(8), "\(elapsed)")
        #expect(error?.message.contains("127.0.0.1:\(socket.port)") == true, "\(String(describing: error))")
        #expect(error?.message.contains("1 s") == true, "\(String(describing: error))")
    }

    static func usesTLS(_ session: PostgresSession) async throws -> Bool {
        let rows = try await session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        return try rows.first?.bool("ssl") == true
    }

    @Test func sslModes() async throws {
        let disabled = try await Self.withSession(Self.url([("sslmode", "disable")])) { try await Self.usesTLS($0) }
        #expect(!disabled)
        guard let ca = rootCertificate else {
            // A server without TLS: prefer falls back, require fails clearly.
            #expect(try await Self.withSession(Self.url([("sslmode", "prefer")])) { try await Self.usesTLS($0) } == false)
            let error = await Self.expectError(.connection) {
                _ = try await PostgresSession.connect(url: Self.url([("sslmode", "require")]), options: ConnectOptions())
            }
            #expect(error?.message.contains("TLS") == true, "\(String(describing: error))")
            return
        }
        for parameters in [
            [("sslmode", "prefer")], [("sslmode", "require")], [("sslmode", "verify-ca"), ("sslrootcert", ca)],
            [("sslmode", "verify-full"), ("sslrootcert", ca)], [("sslmode", "require"), ("sslrootcert", ca)],
        ] {
            let tls = try await Self.withSession(Self.url(parameters)) { try await Self.usesTLS($0) }
            #expect(tls, "\(parameters)")
        }
        // The test CA is not among the system's roots.
        let untrusted = await Self.expectError(.connection) {
            _ = try await PostgresSession.connect(url: Self.url([("sslmode", "verify-full")]), options: ConnectOptions())
        }
        #expect(untrusted?.message.contains("TLS") == true, "\(String(describing: untrusted))")
    }

    // MARK: - Session settings

    @Test func schemaParameterSetsSearchPath() async throws {
        let schema = "Tenant \"\(UInt32.random(in: 0...UInt32.max))\""
        let quoted = PostgresSettings.quoteIdentifier(schema)
        try await Self.withSession { admin in
            try await admin.execute("CREATE SCHEMA \(quoted)")
            do {
                try await Self.withSession(Self.url([("schema", schema)])) { session in
                    #expect(session.schema == schema)
                    let rows = try await session.query("SELECT current_schema() AS s")
                    #expect(rows.first?["s"] == .text(schema))
                    try await session.execute("CREATE TABLE here (id int)")
                    let found = try await session.query(
                        "SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1 AND tablename = 'here'", [.text(schema)])
                    #expect(found.first?["n"] == .int(1))
                }
                try await Self.withSession(Self.url([("search_path", schema)])) { session in
                    #expect(session.schema == schema)
                    let r6 = try await session.query("SELECT current_schema() AS s")
                    #expect(r6.first?["s"] == .text(schema))
                }
            } catch {
                try? await admin.execute("DROP SCHEMA \(quoted) CASCADE")
                throw error
            }
            try await admin.execute("DROP SCHEMA \(quoted) CASCADE")
        }
    }

    @Test func statementTimeoutCancelsLongStatements() async throws {
        let clock = ContinuousClock()
        for (url, options) in [
            (try Self.url([("statement_timeout", "300")]), ConnectOptions()),
            (try Self.url(), ConnectOptions(statementTimeout: .milliseconds(300))),
        ] {
            try await Self.withSession(url, options: options) { session in
                let r7 = try await session.query("SHOW statement_timeout")
                #expect(r7.first?[0] == .text("300ms"))
                let start = clock.now
                let error = await Self.expectError(.timeout) { try await session.execute("SELECT pg_sleep(5)") }
                #expect(clock.now - start < .seconds(4))
                #expect(error?.sqlState == "57014")
                let r8 = try await session.query("SELECT 1 AS one")
                #expect(r8.first?["one"] == .int(1))
            }
        }
    }

    @Test func applicationNameIsVisibleToOtherSessions() async throws {
        try await Self.withSession(Self.url([("application_name", "strata-test-app")])) { session in
            let rows = try await session.query("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            #expect(rows.first?["application_name"] == .text("strata-test-app"))
        }
    }

    @Test func closeIsIdempotentAndLaterCallsThrow() async throws {
        let session = try await PostgresSession.connect(url: Self.url(), options: ConnectOptions())
        try await session.close()
        try await session.close()
        let error = await Self.expectError(.connection) { try await session.execute("SELECT 1") }
        #expect(error?.message.contains("closed") == true)
    }
}

/// URL handling, without a server.
struct PostgresSettingsTests {
    @Test func defaultsAndOverrides() throws {
        let url = try DatabaseURL("postgres://me:secret@db.example:6543/app?connect_timeout=2.5&statement_timeout=30s&schema=tenant_42")
        let s = try PostgresSettings(url: url, options: ConnectOptions(connectTimeout: .seconds(10), statementTimeout: .seconds(1)))
        #expect(s.endpoint == "db.example:6543")
        #expect(s.user == "me")
        #expect(s.database == "app")
        #expect(s.sslMode == .prefer)
        #expect(s.connectTimeout == .milliseconds(2500))
        #expect(s.statementTimeout == "30s")
        #expect(s.schema == "tenant_42")
        #expect(s.searchPath == "\"tenant_42\"")
        #expect(s.applicationName == "strata")

        let plain = try PostgresSettings(url: DatabaseURL("postgres://me@localhost/app"), options: ConnectOptions(statementTimeout: .seconds(2)))
        #expect(plain.port == 5432)
        #expect(plain.statementTimeout == "2000")
        #expect(plain.password == nil)
        #expect(plain.schema == nil)

        let socket = try PostgresSettings(url: DatabaseURL("postgres://me@/app?host=/run/postgresql&port=5433"), options: ConnectOptions())
        #expect(socket.unixSocketPath == "/run/postgresql/.s.PGSQL.5433")
    }

    @Test(arguments: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"])
    func sslModesMakeATLSConfiguration(mode: String) throws {
        let s = try PostgresSettings(url: DatabaseURL("postgres://me:pw@localhost/app?sslmode=\(mode)"), options: ConnectOptions())
        let tls = try s.tls()
        #expect(tls.isAllowed == (mode != "disable"))
        #expect(tls.isEnforced == ["require", "verify-ca", "verify-full"].contains(mode))
    }

    @Test func badParametersAreConfigurationErrorsWithoutThePassword() throws {
        for query in ["sslmode=sometimes", "connect_timeout=soon", "connect_timeout=0", "statement_timeout=5 fortnights",
                      "statement_timeout=99999999999", "statement_timeout=30d", "schema=a%00b", "application_name=x%00"] {
            let url = try DatabaseURL("postgres://me:hunter2@localhost/app?\(query)")
            do {
                _ = try PostgresSettings(url: url, options: ConnectOptions())
                Issue.record("\(query) was accepted")
            } catch let error as DatabaseError {
                #expect(error.code == .configuration)
                #expect(!"\(error)".contains("hunter2"))
            }
        }
        let missingCA = try PostgresSettings(url: DatabaseURL("postgres://me:pw@localhost/app?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"), options: ConnectOptions())
        #expect(throws: DatabaseError.self) { _ = try missingCA.tls() }
        #expect(throws: DatabaseError.self) { _ = try PostgresSettings(url: DatabaseURL("postgres://localhost/app"), options: ConnectOptions()) }
    }

    @Test func identifiersAreQuoted() {
        #expect(PostgresSettings.quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(PostgresSettings.quoteIdentifier("tenant_42") == "\"tenant_42\"")
    }

    @Test func civilDates() {
        #expect(PostgresValueReader.date(0) == "2000-01-01")
        #expect(PostgresValueReader.date(-1) == "1999-12-31")
        #expect(PostgresValueReader.date(59) == "2000-02-29")
        #expect(PostgresValueReader.timestamp(-1, zone: true) == "1999-12-31 23:59:59.999999+00")
        #expect(PostgresValueReader.time(ofDay: 3_723_500_000) == "01:02:03.5")
    }
}
