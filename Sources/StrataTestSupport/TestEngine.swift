import Drivers
import Foundation
import SQLText
import Testing

/// An engine the behaviour tests run on, with a fresh, isolated database per test.
///
/// SQLite always runs. PostgreSQL and MySQL run when `STRATA_TEST_POSTGRES_URL` and
/// `STRATA_TEST_MYSQL_URL` name a server (`scripts/test` starts both); each test gets its
/// own schema (PostgreSQL) or database (MySQL), dropped afterwards.
///
/// Every engine is in ``available``, configured or not, so that each shows in a
/// parameterized test's cases: ``makeDatabase()`` (and ``requireBaseURL()``) cancel the
/// current case with ``skipReason`` when its server is not configured, which Swift Testing
/// reports as skipped with that reason.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres, mysql

    /// The engine's name: `sqlite`, `postgres`, `mysql` (how test cases are labelled).
    public var description: String { rawValue }

    /// The environment variable naming this engine's server.
    public var variable: String? {
        switch self {
        case .sqlite: nil
        case .postgres: "STRATA_TEST_POSTGRES_URL"
        case .mysql: "STRATA_TEST_MYSQL_URL"
        }
    }

    /// The base URL of the engine's test server, if configured.
    public var baseURL: String? {
        guard let variable else { return nil }
        let value = ProcessInfo.processInfo.environment[variable]
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// Every engine, for `@Test(arguments: TestEngine.available)`: one that is not
    /// configured here is skipped by ``makeDatabase()`` with its reason rather than left out
    /// of the test's cases.
    public static var available: [TestEngine] { allCases }

    /// Engines whose server is configured here (SQLite always is).
    public static var configured: [TestEngine] {
        allCases.filter { $0.skipReason == nil }
    }

    /// Why this engine cannot run here, or nil when it can.
    public var skipReason: String? {
        guard let variable, baseURL == nil else { return nil }
        return "\(variable) is not set; run the tests with scripts/test, or eval \"$(scripts/dev-servers)\" first"
    }

    /// The base URL of the engine's server; cancels the current test case, as skipped with
    /// ``skipReason``, when it is not configured.
    ///
    /// - Throws: The cancellation, when not configured (SQLite has none: it throws then too).
    public func requireBaseURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        if let baseURL { return baseURL }
        let reason = skipReason ?? "\(self) has no server URL"
        Self.cancelCase(engine: self, reason: reason, sourceLocation: sourceLocation)
        try Test.cancel(Comment(rawValue: reason), sourceLocation: sourceLocation)
    }

    /// Cancels the current test case, as skipped with ``skipReason``, when this engine is
    /// not configured; does nothing otherwise.
    ///
    /// - Throws: The cancellation.
    public func skipUnlessConfigured(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let skipReason else { return }
        Self.cancelCase(engine: self, reason: skipReason, sourceLocation: sourceLocation)
        try Test.cancel(Comment(rawValue: skipReason), sourceLocation: sourceLocation)
    }

    /// Makes a case's cancellation visible: Swift Testing 6.3 reports a cancelled test
    /// case of a parameterized test as passed on the console (its event stream says
    /// `testCaseCancelled`, with the reason), so a warning, which fails nothing, says why.
    private static func cancelCase(engine: TestEngine, reason: String, sourceLocation: SourceLocation) {
        guard Test.Case.current?.isParameterized == true else { return }
        Issue.record(Comment(rawValue: "\(engine) skipped: \(reason)"), severity: .warning, sourceLocation: sourceLocation)
    }

    /// The SQL dialect of the engine.
    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        case .mysql: .mysql
        }
    }

    /// Creates a fresh, empty database for one test.
    ///
    /// - Throws: A cancellation of the current test case (reported as skipped, with
    ///   ``skipReason``) when the engine's server is not configured.
    public func makeDatabase(sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestDatabase {
        try skipUnlessConfigured(sourceLocation: sourceLocation)
        let name = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-test-\(name)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("test.db").path
            return TestDatabase(engine: self, url: try DatabaseURL("sqlite:" + path), name: name, cleanupPath: dir.path)
        case .postgres:
            guard let base = baseURL else { throw DatabaseError(.configuration, "STRATA_TEST_POSTGRES_URL not set") }
            let separator = base.contains("?") ? "&" : "?"
            return TestDatabase(engine: self, url: try DatabaseURL(base + separator + "schema=" + name), name: name, cleanupPath: nil)
        case .mysql:
            guard let base = baseURL else { throw DatabaseError(.configuration, "STRATA_TEST_MYSQL_URL not set") }
            let admin = try await connect(to: try DatabaseURL(base))
            try await admin.execute("CREATE DATABASE `\(name)`")
            try? await admin.close()
            var url = try DatabaseURL(base)
            url.database = name
            return TestDatabase(engine: self, url: url, name: name, cleanupPath: nil)
        }
    }
}

/// A database made for one test; ``drop()`` removes it.
public struct TestDatabase: Sendable {
    /// The engine it is on.
    public let engine: TestEngine
    /// The URL that opens it.
    public let url: DatabaseURL
    /// The schema (PostgreSQL) or database (MySQL) name, unique to this test.
    public let name: String
    let cleanupPath: String?

    /// The URL as a string, with its password (for child processes).
    public var urlString: String {
        switch engine {
        case .sqlite: return "sqlite:" + url.path
        case .postgres, .mysql:
            var base = engine.baseURL ?? ""
            if engine == .postgres {
                base += (base.contains("?") ? "&" : "?") + "schema=" + name
            } else if let q = base.firstIndex(of: "?") {
                let head = base[..<q]
                let slash = head.lastIndex(of: "/") ?? head.endIndex
                base = String(head[..<slash]) + "/" + name + String(base[q...])
            } else {
                let slash = base.lastIndex(of: "/") ?? base.endIndex
                base = String(base[..<slash]) + "/" + name
            }
            return base
        }
    }

    /// Opens a connection to this database.
    public func connect() async throws -> any Connection {
        try await Drivers.connect(to: url)
    }

    /// Runs a query on a fresh connection and returns its rows.
    public func query(_ sql: String) async throws -> [SQLRow] {
        let c = try await connect()
        do {
            let rows = try await c.query(sql)
            try? await c.close()
            return rows
        } catch {
            try? await c.close()
            throw error
        }
    }

    /// Whether a table exists in this database.
    public func tableExists(_ table: String) async throws -> Bool {
        let sql: String
        switch engine {
        case .sqlite: sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '\(table)'"
        case .postgres: sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = '\(name)' AND table_name = '\(table)'"
        case .mysql: sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = '\(name)' AND table_name = '\(table)'"
        }
        return try await query(sql).first?[0].int ?? 0 > 0
    }

    /// Removes the database.
    public func drop() async {
        switch engine {
        case .sqlite:
            if let cleanupPath { try? FileManager.default.removeItem(atPath: cleanupPath) }
        case .postgres:
            guard let base = engine.baseURL, let url = try? DatabaseURL(base), let c = try? await Drivers.connect(to: url) else { return }
            try? await c.execute("DROP SCHEMA IF EXISTS \"\(name)\" CASCADE")
            try? await c.close()
        case .mysql:
            guard let base = engine.baseURL, let url = try? DatabaseURL(base), let c = try? await Drivers.connect(to: url) else { return }
            try? await c.execute("DROP DATABASE IF EXISTS `\(name)`")
            try? await c.close()
        }
    }
}

extension TestEngine {
    /// Runs `body` with a fresh database of this engine, dropped afterwards on every path.
    public func withDatabase(_ body: (TestDatabase) async throws -> Void) async throws {
        let db = try await makeDatabase()
        do {
            try await body(db)
            await db.drop()
        } catch {
            await db.drop()
            throw error
        }
    }
}
