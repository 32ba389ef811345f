import Foundation
import NIOCore
import Testing
import MySQLWire

/// Tests against a real server named by `STRATA_TEST_MYSQL_URL`
/// (`mysql://root:pw@127.0.0.1:3306/strata_test`); skipped when it is not set.
enum IntegrationServer {
    static let url = ProcessInfo.processInfo.environment["STRATA_TEST_MYSQL_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isConfigured = url != nil

    /// The URL read into a configuration (a small parser: this module has no URL type).
    static func configuration(tls: MySQLConfiguration.TLSMode = .disable) -> MySQLConfiguration? {
        guard let url, let schemeEnd = url.range(of: "://") else { return nil }
        var rest = Substring(url[schemeEnd.upperBound...])
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        var database: String?
        if let slash = rest.firstIndex(of: "/") {
            database = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var user = "root"
        var password = ""
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            if let c = info.firstIndex(of: ":") {
                user = String(info[..<c]).removingPercentEncoding ?? String(info[..<c])
                password = String(info[info.index(after: c)...]).removingPercentEncoding ?? ""
            } else {
                user = String(info)
            }
            rest = rest[rest.index(after: at)...]
        }
        var host = String(rest)
        var port = 3306
        if let c = rest.lastIndex(of: ":"), let p = Int(rest[rest.index(after: c)...]) {
            host = String(rest[..<c])
            port = p
        }
        return MySQLConfiguration(
            host: host, port: port, username: user, password: password,
            database: database?.isEmpty == false ? database : nil, tlsMode: tls,
            connectTimeout: .seconds(60), readTimeout: .seconds(60)
        )
    }

    static func connect(tls: MySQLConfiguration.TLSMode = .disable) async throws -> MySQLConnection {
        guard let configuration = configuration(tls: tls) else {
            throw MySQLError(.usage, "STRATA_TEST_MYSQL_URL not set")
        }
        return try await MySQLConnection.connect(configuration: configuration)
    }

    /// Whether the server offers TLS (asked with a plain connection).
    static func hasTLS() async -> Bool {
        guard isConfigured, let c = try? await connect() else { return false }
        let r = try? await c.query("SELECT @@have_ssl")
        try? await c.close()
        return r?.rows.first?.string(at: 0) == "YES"
    }
}

@Suite(.enabled(if: IntegrationServer.isConfigured, "STRATA_TEST_MYSQL_URL not set"), .serialized)
struct MySQLConnectionIntegrationTests {
    @Test func connectQueryAndClose() async throws {
        let c = try await IntegrationServer.connect()
        #expect(!c.serverInfo.shortVersion.isEmpty)
        let r = try await c.query("SELECT 1 AS one, NULL AS nothing, 'héllo' AS s")
        #expect(r.columns.map(\.name) == ["one", "nothing", "s"])
        #expect(r.rows.first?.string(at: 0) == "1")
        #expect(r.rows.first?.values[1] == nil)
        #expect(r.rows.first?.string(at: 2) == "héllo")
        let id = try await c.query("SELECT CONNECTION_ID()")
        #expect(id.rows.first?.string(at: 0) == String(c.serverInfo.connectionID))
        try await c.ping()
        try await c.close()
        await #expect(throws: MySQLError.self) { try await c.query("SELECT 1") }
        try await c.close()
    }

    @Test func multipleStatementsAndResultSets() async throws {
        let c = try await IntegrationServer.connect()
        let r = try await c.query("SELECT 1; DO 2; SELECT 'a' UNION ALL SELECT 'b'")
        #expect(r.resultSets.count == 3)
        #expect(r.resultSets[2].rows.count == 2)
        try await c.close()
    }

    @Test(.enabled("the server offers TLS") { await IntegrationServer.hasTLS() })
    func tlsRequired() async throws {
        let c = try await IntegrationServer.connect(tls: .require)
        #expect(c.serverInfo.tls)
        let r = try await c.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        #expect(r.rows.first?.string(at: 1)?.isEmpty == false)
        try await c.close()
    }

    @Test func killedMidQueryFailsInsteadOfHanging() async throws {
        let victim = try await IntegrationServer.connect()
        let killer = try await IntegrationServer.connect()
        let started = ContinuousClock.now
        async let sleeping = victim.query("SELECT SLEEP(30)")
        try await Task.sleep(for: .milliseconds(500))
        _ = try await killer.query("KILL \(victim.serverInfo.connectionID)")
        var failed = false
        do {
            _ = try await sleeping
        } catch let e as MySQLError {
            failed = true
            #expect([.server, .connection].contains(e.code))
        }
        // MariaDB may answer the interrupted SLEEP with a row, then close: either way the
        // next command must fail quickly.
        if !failed {
            await #expect(throws: MySQLError.self) { try await victim.query("SELECT 1") }
        }
        #expect(ContinuousClock.now - started < .seconds(15))
        try await killer.close()
        try? await victim.close()
    }

    @Test func valueLargerThan16MiBRoundTrips() async throws {
        let admin = try await IntegrationServer.connect()
        _ = try await admin.query("SET GLOBAL max_allowed_packet = 67108864")
        try await admin.close()
        let c = try await IntegrationServer.connect()
        let big = String(repeating: "abcdefghij", count: 1_700_000) + "ü'\\"  // > 16 MiB
        let r = try await c.query("SELECT ? AS v, LENGTH(?) AS n", [.text(big), .text(big)])
        #expect(r.rows.first?.string(at: 1) == String(big.utf8.count))
        #expect(r.rows.first?.string(at: 0) == big)
        try await c.close()
    }
}
