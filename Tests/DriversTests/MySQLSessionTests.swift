import Foundation
import Testing
@testable import Drivers

/// The MySQL `Connection` against a real server named by `STRATA_TEST_MYSQL_URL`
/// (`mysql://root:pw@127.0.0.1:3306/strata_test`); skipped when it is not set.
enum MySQLTestServer {
    static let rawURL = ProcessInfo.processInfo.environment["STRATA_TEST_MYSQL_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isConfigured = rawURL != nil

    static func url(_ extra: String = "") throws -> DatabaseURL {
        guard let rawURL else { throw DatabaseError(.configuration, "STRATA_TEST_MYSQL_URL not set") }
        let separator = rawURL.contains("?") ? "&" : "?"
        return try DatabaseURL(rawURL + (extra.isEmpty ? "" : separator + extra))
    }

    /// Whether the server offers TLS (asked over a plain session).
    static func hasTLS() async -> Bool {
        guard isConfigured, let db = try? await connect("ssl=disable") else { return false }
        let have = try? await db.query("SELECT @@have_ssl AS h").first?["h"].string
        try? await db.close()
        return have == "YES"
    }

    static func connect(_ extra: String = "") async throws -> MySQLSession {
        try await MySQLSession.connect(url: url(extra), options: ConnectOptions(connectTimeout: .seconds(60)))
    }
}

@Suite struct MySQLSessionUnitTests {
    @Test func urlSettings() throws {
        let url = try DatabaseURL("mysql://app:s3cret@db.example:3307/shop?ssl=verify-full&sslca=/ca.pem&connect_timeout=3&statement_timeout=30s")
        let s = try MySQLURLSettings(url: url, options: ConnectOptions())
        #expect(s.configuration.host == "db.example")
        #expect(s.configuration.port == 3307)
        #expect(s.configuration.username == "app")
        #expect(s.configuration.database == "shop")
        #expect(s.configuration.tlsMode == .verifyFull)
        #expect(s.configuration.tlsCAFile == "/ca.pem")
        #expect(s.configuration.connectTimeout == .seconds(3))
        #expect(s.statementTimeout == .seconds(30))
        #expect(s.configuration.readTimeout == .seconds(35))
    }

    @Test(arguments: [
        ("ssl=disable", "disable"), ("tls=false", "disable"), ("sslmode=REQUIRED", "require"),
        ("ssl=true", "require"), ("ssl=prefer", "prefer"), ("", "prefer"), ("sslmode=verify_identity", "verify-full"),
    ])
    func tlsSpellings(query: String, mode: String) throws {
        let url = try DatabaseURL("mysql://u@h/db" + (query.isEmpty ? "" : "?" + query))
        #expect(try MySQLURLSettings(url: url, options: ConnectOptions()).configuration.tlsMode.rawValue == mode)
    }

    @Test func badParametersAreConfigurationErrors() throws {
        for q in ["ssl=maybe", "statement_timeout=soon", "connect_timeout=5parsecs"] {
            let url = try DatabaseURL("mysql://u:hunter22@h/db?" + q)
            #expect {
                try MySQLURLSettings(url: url, options: ConnectOptions())
            } throws: { error in
                let e = error as? DatabaseError
                return e?.code == .configuration && e?.message.contains("hunter22") == false
            }
        }
    }

    @Test func errorsAreOneLineAndNeverShowThePassword() {
        let context = MySQLErrorContext(address: "h:3306", password: "hunter22")
        #expect(context.scrub("bad 'hunter22'\nnext line") == "bad '***' next line")
        #expect(MySQLErrorContext(address: "h:3306", password: "pw").scrub("pw") == "pw")
    }

    @Test func unreachablePortFailsFast() async throws {
        // Port 1 on loopback: nothing listens there, so the kernel refuses at once.
        let started = ContinuousClock.now
        await #expect {
            _ = try await MySQLSession.connect(url: DatabaseURL("mysql://root:hunter22@127.0.0.1:1/db"), options: ConnectOptions(connectTimeout: .seconds(60)))
        } throws: { error in
            let e = error as? DatabaseError
            return e?.code == .connection && e?.message.contains("127.0.0.1:1") == true
                && e?.message.contains("hunter22") == false && e?.message.contains("\n") == false
        }
        // Far under the 60 s connect timeout: refused, not waited out (with room for a
        // machine whose test threads are busy).
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}

@Suite(.enabled(if: MySQLTestServer.isConfigured, "STRATA_TEST_MYSQL_URL not set"), .serialized)
struct MySQLSessionTests {
    @Test func connectAndDescribe() async throws {
        let db = try await MySQLTestServer.connect()
        #expect(db.dialect == .mysql)
        #expect(db.serverDescription.hasPrefix("MariaDB ") || db.serverDescription.hasPrefix("MySQL "))
        let rows = try await db.query("SELECT 1 AS one, 'two' AS two, NULL AS three, 2.5 AS four")
        #expect(rows == [SQLRow(columns: ["one", "two", "three", "four"], values: [.int(1), .text("two"), .null, .text("2.5")])])
        try await db.close()
        await #expect(throws: DatabaseError.self) { try await db.execute("SELECT 1") }
    }

    @Test func multiStatementExecuteStopsAtTheFirstError() async throws {
        let db = try await MySQLTestServer.connect()
        try await db.execute("DROP TABLE IF EXISTS strata_ms; CREATE TABLE strata_ms (id INT PRIMARY KEY)")
        await #expect {
            try await db.execute("INSERT INTO strata_ms VALUES (1); INSERT INTO strata_ms VALUES (1); INSERT INTO strata_ms VALUES (3)")
        } throws: { error in
            let e = error as? DatabaseError
            return e?.code == .statement && e?.engineCode == 1062 && e?.sqlState == "23000"
                && e?.message.contains("Duplicate entry") == true
        }
        let rows = try await db.query("SELECT id FROM strata_ms ORDER BY id")
        #expect(rows.map { $0["id"] } == [.int(1)])
        // The session is still usable after the error.
        try await db.execute("DROP TABLE strata_ms")
        try await db.close()
    }

    @Test func batchIsOneQueryAndNamesTheFailingStatement() async throws {
        let db = try await MySQLTestServer.connect()
        try await db.execute("DROP TABLE IF EXISTS strata_batch")
        try await db.execute(batch: [
            // Without values: sent as written, so its '?' stay text.
            BatchStatement("CREATE TABLE strata_batch (id INT PRIMARY KEY, s TEXT) COMMENT 'why?' -- and why not?\n"),
            BatchStatement("INSERT INTO strata_batch VALUES (?, ?)", [.int(1), .text(MySQLSessionTests.hostile[0])]),
            BatchStatement("INSERT INTO strata_batch VALUES (?, ?)", [.int(2), .text("?")]),
        ])
        let rows = try await db.query("SELECT id, s FROM strata_batch ORDER BY id")
        #expect(rows.map { $0["s"] } == [.text(MySQLSessionTests.hostile[0]), .text("?")])
        await #expect {
            try await db.execute(batch: [
                BatchStatement("INSERT INTO strata_batch VALUES (?, ?)", [.int(3), .text("c")]),
                BatchStatement("INSERT INTO strata_batch VALUES (?, ?)", [.int(1), .text("duplicate")]),
                BatchStatement("INSERT INTO strata_batch VALUES (?, ?)", [.int(4), .text("never")]),
            ])
        } throws: { error in
            let e = error as? DatabaseError
            return e?.engineCode == 1062 && e?.batchIndex == 1
        }
        // The server stopped at the failing statement: 3 went in, 4 did not.
        #expect(try await db.query("SELECT id FROM strata_batch ORDER BY id").map { $0["id"] } == [.int(1), .int(2), .int(3)])
        await #expect {
            try await db.execute(batch: [BatchStatement("SELEC 1"), BatchStatement("SELECT 2")])
        } throws: { error in
            (error as? DatabaseError)?.batchIndex == 0
        }
        try await db.execute("DROP TABLE strata_batch")
        try await db.close()
    }

    @Test func syntaxErrorKeepsSQLStateAndErrno() async throws {
        let db = try await MySQLTestServer.connect()
        await #expect {
            try await db.execute("SELEC 1")
        } throws: { error in
            let e = error as? DatabaseError
            return e?.code == .statement && e?.engineCode == 1064 && e?.sqlState == "42000"
        }
        try await db.close()
    }

    @Test func nullsAndTypes() async throws {
        let db = try await MySQLTestServer.connect()
        try await db.execute("DROP TABLE IF EXISTS strata_types; CREATE TABLE strata_types (i BIGINT, u BIGINT UNSIGNED, t VARCHAR(10), b VARBINARY(10), d DATE)")
        try await db.execute("INSERT INTO strata_types VALUES (NULL, NULL, NULL, NULL, NULL), (-5, 18446744073709551615, 'x', X'00FF', '2024-01-02')")
        let rows = try await db.query("SELECT * FROM strata_types ORDER BY i")
        #expect(rows.count == 2)
        #expect(rows[0].values == [.null, .null, .null, .null, .null])
        #expect(rows[1].values == [.int(-5), .text("18446744073709551615"), .text("x"), .blob([0x00, 0xFF]), .text("2024-01-02")])
        try await db.execute("DROP TABLE strata_types")
        try await db.close()
    }

    static let hostile: [String] = [
        "'; DROP TABLE x; --", "\\", "\\'", "'", "\"", "it''s", "a\u{0}b", "\u{0}", "line\nbreak\r\n\t",
        "\u{1A}ctrl-z", "ünïcödé €😀", "?", "%_", "\\0\\n", "`backtick`", "/* c */ -- c # c",
    ]

    @Test(arguments: ["", "NO_BACKSLASH_ESCAPES"])
    func hostileBindsRoundTrip(sqlMode: String) async throws {
        let db = try await MySQLTestServer.connect()
        try await db.execute("SET SESSION sql_mode = '\(sqlMode)'")
        try await db.execute("DROP TABLE IF EXISTS strata_hostile; CREATE TABLE strata_hostile (n INT, s TEXT, b BLOB) DEFAULT CHARSET utf8mb4")
        for (n, s) in Self.hostile.enumerated() {
            let rows = try await db.query("SELECT ? AS s, '?' AS q, ? AS b", [.text(s), .blob(Array(s.utf8))])
            #expect(rows.first?["s"] == .text(s), "echo of \(s.debugDescription)")
            #expect(rows.first?["q"] == .text("?"))
            #expect(rows.first?["b"] == .blob(Array(s.utf8)))
            _ = try await db.query("INSERT INTO strata_hostile VALUES (?, ?, ?)", [.int(Int64(n)), .text(s), .blob(Array(s.utf8))])
        }
        let stored = try await db.query("SELECT n, s, b FROM strata_hostile ORDER BY n")
        #expect(stored.map { $0["s"] } == Self.hostile.map { .text($0) })
        #expect(stored.map { $0["b"] } == Self.hostile.map { .blob(Array($0.utf8)) })
        let found = try await db.query("SELECT COUNT(*) AS c FROM strata_hostile WHERE s = ?", [.text("'; DROP TABLE x; --")])
        #expect(found.first?["c"] == .int(1))
        let numbers = try await db.query("SELECT ? AS i, ? AS d, ? AS n", [.int(-9_000_000_000_000_000_000), .double(0.1), .null])
        #expect(numbers.first?.values == [.int(-9_000_000_000_000_000_000), .text("0.1"), .null])
        try await db.execute("DROP TABLE strata_hostile")
        try await db.close()
    }

    @Test func wrongPasswordIsAnAuthenticationErrorWithoutThePassword() async throws {
        var url = try MySQLTestServer.url()
        url.password = "definitely-wrong-pw-42"
        await #expect {
            _ = try await MySQLSession.connect(url: url, options: ConnectOptions())
        } throws: { error in
            let e = error as? DatabaseError
            guard let e, let host = url.host else { return false }
            return e.code == .authentication && e.engineCode == 1045
                && !e.message.contains("definitely-wrong-pw-42") && !e.description.contains("definitely-wrong-pw-42")
                && !e.message.contains("\n") && e.message.contains("\(host):\(url.port ?? 3306)")
        }
    }

    @Test func statementTimeoutIsEnforced() async throws {
        let db = try await MySQLTestServer.connect("statement_timeout=500ms")
        let started = ContinuousClock.now
        await #expect {
            _ = try await db.query("SELECT SLEEP(20) FROM (SELECT 1) t")
        } throws: { error in
            // The server stops the statement (MariaDB errno 1969), or, if it is late, the
            // client's read timeout (statement timeout + 5 s) does.
            return (error as? DatabaseError)?.code == .timeout
        }
        #expect(ContinuousClock.now - started < .seconds(8))
        try? await db.close()
    }

    @Test func readTimeoutFailsAHungStatement() async throws {
        let db = try await MySQLTestServer.connect("read_timeout=1")
        let started = ContinuousClock.now
        await #expect {
            _ = try await db.query("SELECT SLEEP(10)")
        } throws: { error in
            let e = error as? DatabaseError
            return e?.code == .timeout && e?.message.contains(":") == true
        }
        #expect(ContinuousClock.now - started < .seconds(9))
        // The session is closed after a read timeout: its state is unknown.
        await #expect(throws: DatabaseError.self) { try await db.execute("SELECT 1") }
        try? await db.close()
    }

    @Test(.enabled("the server offers TLS") { await MySQLTestServer.hasTLS() })
    func sslRequire() async throws {
        let db = try await MySQLTestServer.connect("ssl=require")
        let cipher = try await db.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        #expect(cipher.first?["Value"].string?.isEmpty == false)
        try await db.close()
    }

    @Test func killedSessionErrorsInsteadOfHanging() async throws {
        let victim = try await MySQLTestServer.connect()
        let killer = try await MySQLTestServer.connect()
        let started = ContinuousClock.now
        async let sleeping = victim.query("SELECT SLEEP(30)")
        try await Task.sleep(for: .milliseconds(500))
        try await killer.execute("KILL \(victim.connectionID)")
        var failed = false
        do { _ = try await sleeping } catch { failed = true }
        if !failed {
            await #expect(throws: DatabaseError.self) { try await victim.query("SELECT 1") }
        }
        #expect(ContinuousClock.now - started < .seconds(15))
        try await killer.close()
        try? await victim.close()
    }
}
