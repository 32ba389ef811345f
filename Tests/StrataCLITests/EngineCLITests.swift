import Foundation
import Strata
import StrataTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `strata` command end to end on every configured engine, for the hard cases: many
/// processes at once, failures part-way, a run killed mid-migration, unreachable servers,
/// a real migration history, and a busy lock.
@Suite(.enabled(if: CLIRunner.executable != nil, "the strata executable was not built next to the tests"), .serialized)
struct EngineCLITests {
    // MARK: - Fixtures

    /// Runs `body` with a fresh database and an empty working directory; both are removed
    /// afterwards, also when `body` throws.
    static func withDatabase(_ engine: TestEngine, _ body: (TestDatabase, URL) async throws -> Void) async throws {
        let db = try await engine.makeDatabase()
        let dir: URL
        do {
            dir = try CLIRunner.temporaryDirectory()
        } catch {
            await db.drop()
            throw error
        }
        do {
            try await body(db, dir)
        } catch {
            await db.drop()
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        await db.drop()
        try? FileManager.default.removeItem(at: dir)
    }

    /// Runs `strata` on `db` (the URL, with its password, goes on the command line) and
    /// waits for it without blocking a thread.
    static func strata(_ arguments: [String], _ db: TestDatabase, in dir: URL) async throws -> CLIRunner.Result {
        try await Child.start(arguments + ["--database-url", db.urlString], in: dir).wait()
    }

    /// Runs `strata` with exactly `arguments`.
    static func strata(_ arguments: [String], in dir: URL) async throws -> CLIRunner.Result {
        try await Child.start(arguments, in: dir).wait()
    }

    /// Runs a statement on a fresh session of `db`.
    static func execute(_ db: TestDatabase, _ sql: String) async throws {
        let c = try await db.connect()
        do {
            try await c.execute(sql)
            try? await c.close()
        } catch {
            try? await c.close()
            throw error
        }
    }

    /// `version: (status, statements_done)` of the history table.
    static func history(_ db: TestDatabase) async throws -> [String: (status: String, done: Int64)] {
        var result: [String: (status: String, done: Int64)] = [:]
        for row in try await db.query("SELECT version, status, statements_done FROM strata_migrations") {
            result[row[0].string ?? ""] = (row[1].string ?? "", row[2].int ?? -1)
        }
        return result
    }

    /// The audit log's events for one version, oldest first.
    static func events(_ db: TestDatabase, version: String) async throws -> [String] {
        try await db.query("SELECT event FROM strata_migrations_log WHERE version = '\(version)' ORDER BY id").map { $0[0].string ?? "" }
    }

    /// The tables (and views) of the test database, sorted.
    static func tables(_ db: TestDatabase) async throws -> [String] {
        let sql: String
        switch db.engine {
        case .sqlite: sql = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        case .postgres, .mysql: sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = '\(db.name)'"
        }
        return try await db.query(sql).compactMap { $0[0].string }.sorted()
    }

    /// `status --json`, parsed.
    static func status(_ db: TestDatabase, in dir: URL) async throws -> (exit: Int32, migrations: [[String: Any]], problems: [String]) {
        let r = try await strata(["status", "--json"], db, in: dir)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return (r.status, json?["migrations"] as? [[String: Any]] ?? [], json?["problems"] as? [String] ?? [])
    }

    /// The stderr line that carries the error (warnings and progress may come before it).
    static func errorLine(_ r: CLIRunner.Result) -> String {
        r.stderr.split(separator: "\n").first { $0.hasPrefix("strata: error: ") }.map(String.init) ?? r.stderr
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes; whether it held.
    static func poll(timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    static let quick = "-- migrate:up\nCREATE TABLE q0 (id INTEGER);\n-- migrate:down\nDROP TABLE q0;\n"

    /// A statement that keeps the session busy for about `seconds` (SQLite: far longer;
    /// the tests kill it), tagged with the database name so that it can be found among
    /// other tests' sessions.
    static func sleepStatement(_ db: TestDatabase, seconds: Int) -> String {
        switch db.engine {
        case .postgres: "SELECT pg_sleep(\(seconds)), '\(db.name)'"
        case .mysql: "SELECT SLEEP(\(seconds)), '\(db.name)'"
        case .sqlite: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT count(*), '\(db.name)' FROM c"
        }
    }

    /// The server session running the tagged sleep of `db`: PostgreSQL backend pid or MySQL
    /// connection id; nil when there is none (always nil on SQLite).
    static func sleepingSession(_ db: TestDatabase) async throws -> Int64? {
        switch db.engine {
        case .sqlite:
            return nil
        case .postgres:
            return try await db.query(
                "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(%' AND query LIKE '%\(db.name)%' AND pid <> pg_backend_pid()"
            ).first?[0].int
        case .mysql:
            return try await db.query(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(%' AND INFO LIKE '%\(db.name)%' AND ID <> CONNECTION_ID()"
            ).first?[0].int
        }
    }

    /// Waits until `child` is inside the tagged sleep statement of migration 002, which
    /// follows `CREATE TABLE k1` in the same migration. SQLite: the rollback journal
    /// appears with the migration's first write (the history tables exist already, so
    /// nothing else writes). Returns the server session running it (nil on SQLite).
    static func waitUntilSleeping(_ child: Child, _ db: TestDatabase) async throws -> Int64? {
        var session: Int64?
        let inside = try await poll(timeout: .seconds(20)) {
            guard child.process.isRunning else { return false }
            switch db.engine {
            case .sqlite:
                return FileManager.default.fileExists(atPath: db.url.path + "-journal")
            case .postgres, .mysql:
                session = try await sleepingSession(db)
                return session != nil
            }
        }
        try #require(inside, "strata up never reached the sleep statement (running: \(child.process.isRunning))")
        if db.engine == .sqlite {
            // The journal is created by CREATE TABLE k1; give it a moment to reach the query.
            try await Task.sleep(for: .milliseconds(300))
        }
        return session
    }

    // MARK: - 1. Many processes at once

    @Test(arguments: TestEngine.available)
    func sixteenProcessesApplyEachMigrationOnce(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db, dir in
            var files: [String: String] = [:]
            for i in 1...20 {
                let v = String(format: "%03d", i)
                files["\(v)_t\(i).sql"] = "-- migrate:up\nCREATE TABLE t\(i) (id INTEGER PRIMARY KEY);\nINSERT INTO t\(i) (id) VALUES (\(i));\n-- migrate:down\nDROP TABLE t\(i);\n"
            }
            try CLIRunner.writeMigrations(files, in: dir)
            let children = try (0..<16).map { _ in
                try Child.start(["up", "--quiet", "--lock-timeout", "120", "--database-url", db.urlString], in: dir)
            }
            var results: [CLIRunner.Result] = []
            for child in children { results.append(try await child.wait()) }
            #expect(results.map(\.status) == Array(repeating: 0, count: 16), "\(results.filter { $0.status != 0 }.map(\.stderr))")

            let h = try await Self.history(db)
            #expect(h.count == 20)
            #expect(h.values.allSatisfy { $0.status == "applied" }, "\(h)")
            let ups = try await db.query("SELECT version FROM strata_migrations_log WHERE event = 'up'").compactMap { $0[0].string }
            #expect(ups.count == 20, "\(ups.sorted())")
            #expect(Set(ups).count == 20)
            // Each table has its one row: no migration ran twice.
            for i in [1, 10, 20] {
                #expect(try await db.query("SELECT count(*) FROM t\(i)").first?[0].int == 1)
            }
            let status = try await Self.status(db, in: dir)
            #expect(status.exit == 0)
            #expect(status.problems.isEmpty, "\(status.problems)")
            #expect(status.migrations.count == 20)
            #expect(status.migrations.allSatisfy { $0["state"] as? String == "applied" })
        }
    }

    // MARK: - 2. Failure part-way, then fix and resume

    @Test(arguments: TestEngine.available)
    func failureInStatementThreeThenFixAndResume(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db, dir in
            func broken(first: String = "CREATE TABLE a1 (id INTEGER PRIMARY KEY);", third: String) -> String {
                "-- migrate:up\n\(first)\nCREATE TABLE a2 (id INTEGER PRIMARY KEY);\n\(third)\nCREATE TABLE a4 (id INTEGER PRIMARY KEY);\nCREATE TABLE a5 (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE a5;\nDROP TABLE a4;\nDROP TABLE a2;\nDROP TABLE a1;\n"
            }
            let failing = "INSERT INTO missing_table VALUES (1);"
            let fixed = "INSERT INTO a1 (id) VALUES (1);"
            try CLIRunner.writeMigrations(["001_quick.sql": Self.quick, "002_broken.sql": broken(third: failing)], in: dir)

            let r = try await Self.strata(["up"], db, in: dir)
            #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
            let error = Self.errorLine(r)
            #expect(error.contains("migrations/002_broken.sql:4: statement 3 of 5 failed"), "\(r.stderr)")
            let serverMessage = switch engine {
            case .sqlite: "no such table: missing_table"
            case .postgres: "relation \"missing_table\" does not exist"
            case .mysql: "Table '\(db.name).missing_table' doesn't exist"
            }
            #expect(error.contains(serverMessage), "\(r.stderr)")

            let h = try await Self.history(db)
            #expect(h["001"]?.status == "applied")
            switch engine {
            case .sqlite, .postgres:
                // The migration and its history row roll back together.
                #expect(h["002"] == nil, "\(h)")
                #expect(try await db.tableExists("a1") == false)
                #expect(try await db.tableExists("a2") == false)
                let status = try await Self.status(db, in: dir)
                #expect(status.exit == 0)
                #expect(status.migrations.last?["state"] as? String == "pending")
                // Fixed, it runs from the start.
                try CLIRunner.writeMigrations(["002_broken.sql": broken(third: fixed)], in: dir)
                let again = try await Self.strata(["up"], db, in: dir)
                #expect(again.status == 0, "\(again.stderr)")
                #expect(try await Self.events(db, version: "002") == ["up"])

            case .mysql:
                #expect(h["002"]?.status == "failed", "\(h)")
                #expect(h["002"]?.done == 2, "\(h)")
                #expect(try await db.tableExists("a2"))
                #expect(try await db.tableExists("a4") == false)
                let status = try await Self.strata(["status"], db, in: dir)
                #expect(status.status == 3, "a failed migration is a problem `status` must report with exit 3: \(status.stdout) \(status.stderr)")
                #expect(status.stdout.contains("failed"), "\(status.stdout)")
                #expect(status.stdout.contains("stopped after statement 2 of 5"), "\(status.stdout)")

                // Statement 1 ran already: editing it (with statement 3 fixed) is refused.
                try CLIRunner.writeMigrations(["002_broken.sql": broken(first: "CREATE TABLE a1 (id INTEGER PRIMARY KEY, note VARCHAR(10));", third: fixed)], in: dir)
                let refused = try await Self.strata(["up"], db, in: dir)
                #expect(refused.status == 1, "\(refused.stdout) \(refused.stderr)")
                #expect(Self.errorLine(refused).contains("migrations/002_broken.sql"), "\(refused.stderr)")
                #expect(Self.errorLine(refused).contains("which already ran, were edited"), "\(refused.stderr)")
                #expect(try await Self.history(db)["002"]?.done == 2)

                // Statements 1–2 as they ran, statement 3 fixed: up resumes at 3 (re-running
                // the CREATE TABLEs of 1–2 would fail).
                try CLIRunner.writeMigrations(["002_broken.sql": broken(third: fixed)], in: dir)
                let resumed = try await Self.strata(["up"], db, in: dir)
                #expect(resumed.status == 0, "\(resumed.stderr)")
                #expect(resumed.stderr.contains("resuming at statement 3 of 5"), "\(resumed.stderr)")
                #expect(try await Self.history(db)["002"].map { "\($0.status) \($0.done)" } == "applied 5")
                #expect(try await db.query("SELECT count(*) FROM a1").first?[0].int == 1)
                #expect(try await Self.events(db, version: "002") == ["failed", "up"])

                // Another failure, whose already-run statement is then edited: `repair`
                // accepts it by hand.
                let third = "-- migrate:up\nCREATE TABLE b1 (id INTEGER PRIMARY KEY);\nINSERT INTO missing_table VALUES (1);\nCREATE TABLE b3 (id INTEGER PRIMARY KEY);\n"
                try CLIRunner.writeMigrations(["003_more.sql": third], in: dir)
                #expect(try await Self.strata(["up"], db, in: dir).status == 1)
                #expect(try await Self.history(db)["003"].map { "\($0.status) \($0.done)" } == "failed 1")
                try CLIRunner.writeMigrations(["003_more.sql": third.replacingOccurrences(of: "b1 (id INTEGER PRIMARY KEY)", with: "b1 (id BIGINT PRIMARY KEY)")], in: dir)
                let edited = try await Self.strata(["up"], db, in: dir)
                #expect(edited.status == 1)
                #expect(Self.errorLine(edited).contains("migrations/003_more.sql"), "\(edited.stderr)")
                #expect(Self.errorLine(edited).contains("were edited"), "\(edited.stderr)")
                let repair = try await Self.strata(["repair"], db, in: dir)
                #expect(repair.status == 0, "\(repair.stderr)")
                #expect(repair.stdout.contains("003: marked applied"), "\(repair.stdout)")
                #expect(try await Self.history(db)["003"]?.status == "applied")
                #expect(try await Self.events(db, version: "003") == ["failed", "repair"])
                #expect(try await Self.status(db, in: dir).problems.isEmpty)
            }
            for t in ["a1", "a2", "a4", "a5"] {
                #expect(try await db.tableExists(t), "\(t)")
            }
            #expect(try await Self.history(db)["002"]?.status == "applied")
        }
    }

    // MARK: - 3. kill -9 in the middle of a migration

    @Test(arguments: TestEngine.available)
    func killNineMidMigrationLeavesNoLockAndResumes(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db, dir in
            func long(_ middle: String) -> String {
                "-- migrate:up\nCREATE TABLE k1 (id INTEGER);\n\(middle);\nCREATE TABLE k3 (id INTEGER);\n-- migrate:down\nDROP TABLE k3;\nDROP TABLE k1;\n"
            }
            let sleep = Self.sleepStatement(db, seconds: 30)
            try CLIRunner.writeMigrations(["001_quick.sql": Self.quick, "002_long.sql": long(sleep)], in: dir)
            #expect(try await Self.strata(["up", "--to", "001"], db, in: dir).status == 0)

            let child = try Child.start(["up", "--lock-timeout", "30", "--database-url", db.urlString], in: dir)
            defer { child.stop() }
            let session = try await Self.waitUntilSleeping(child, db)
            #expect(kill(child.process.processIdentifier, SIGKILL) == 0)
            let killed = try await child.wait()
            #expect(killed.status == SIGKILL && child.process.terminationReason == .uncaughtSignal)

            if let session {
                // The server must notice the dead client and end its session (and with it the
                // lock and, on PostgreSQL, the open transaction) without waiting for the
                // statement to finish.
                let gone = try await Self.poll(timeout: .seconds(12)) { try await Self.sleepingSession(db) == nil }
                #expect(gone, "the server session \(session) of the killed `strata up` still runs its statement, holding the migration lock, 12 s after the kill")
                if !gone {
                    // Keep the rest of the test (and the drop) short.
                    try? await Self.execute(db, engine == .postgres ? "SELECT pg_terminate_backend(\(session))" : "KILL \(session)")
                    _ = try await Self.poll(timeout: .seconds(10)) { try await Self.sleepingSession(db) == nil }
                }
            }

            switch engine {
            case .sqlite, .postgres:
                #expect(try await db.tableExists("k1") == false)
                #expect(try await Self.history(db)["002"] == nil)
                try CLIRunner.writeMigrations(["002_long.sql": long("SELECT 1")], in: dir)
                let start = ContinuousClock.now
                let up = try await Self.strata(["up", "--lock-timeout", "30"], db, in: dir)
                let elapsed = Self.seconds(since: start)
                #expect(up.status == 0, "\(up.stderr)")
                #expect(elapsed < 10, "up after the kill took \(elapsed) s: the lock was still held (\(up.stderr))")

            case .mysql:
                let status = try await Self.status(db, in: dir)
                let entry = status.migrations.first { $0["version"] as? String == "002" }
                #expect(entry?["state"] as? String == "running", "\(status.migrations)")
                let detail = entry?["detail"] as? String ?? ""
                #expect(try await db.tableExists("k1"))
                #expect(try await db.tableExists("k3") == false)
                // The sleep and its progress update travel in one round trip: a server that
                // finishes the statement after the client died (MariaDB ends SLEEP when it
                // notices) also records it, so the run stopped after statement 1 or 2.
                let done = try #require(try await Self.history(db)["002"]?.done)
                #expect(detail.contains("stopped after statement \(done) of 3"), "\(detail)")
                if done == 1 {
                    // Statement 2 never counted: replace it with something quick.
                    try CLIRunner.writeMigrations(["002_long.sql": long("SELECT 1")], in: dir)
                    let up = try await Self.strata(["up", "--lock-timeout", "30"], db, in: dir)
                    #expect(up.status == 0, "\(up.stderr)")
                    #expect(up.stderr.contains("resuming at statement 2 of 3"), "\(up.stderr)")
                } else {
                    #expect(done == 2)
                    // Statement 2 ran; editing it now is refused, keeping it resumes at 3.
                    try CLIRunner.writeMigrations(["002_long.sql": long("SELECT 1")], in: dir)
                    let refused = try await Self.strata(["up", "--lock-timeout", "30"], db, in: dir)
                    #expect(refused.status == 1)
                    #expect(Self.errorLine(refused).contains("migrations/002_long.sql"), "\(refused.stderr)")
                    try CLIRunner.writeMigrations(["002_long.sql": long(sleep)], in: dir)
                    let start = ContinuousClock.now
                    let up = try await Self.strata(["up", "--lock-timeout", "30"], db, in: dir)
                    #expect(up.status == 0, "\(up.stderr)")
                    #expect(up.stderr.contains("resuming at statement 3 of 3"), "\(up.stderr)")
                    #expect(Self.seconds(since: start) < 10)
                }
            }
            #expect(try await db.tableExists("k1"))
            #expect(try await db.tableExists("k3"))
            #expect(try await Self.history(db)["002"]?.status == "applied")
            #expect(try await Self.events(db, version: "002").last == "up")
        }
    }

    // MARK: - 4. Connection problems

    /// `base` with another host, port or password, and `connect_timeout=3`.
    static func variant(of base: String, host: String? = nil, port: Int? = nil, password: String? = nil) throws -> String {
        var c = try #require(URLComponents(string: base))
        if let host { c.host = host }
        if let port { c.port = port }
        if let password { c.password = password }
        c.queryItems = (c.queryItems ?? []).filter { $0.name != "connect_timeout" } + [URLQueryItem(name: "connect_timeout", value: "3")]
        return try #require(c.string)
    }

    @Test(arguments: TestEngine.available)
    func connectionProblemsGiveOneLineWithoutPassword(engine: TestEngine) async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CLIRunner.writeMigrations(["001_quick.sql": Self.quick], in: dir)
        let silent = try LoopbackSocket(listen: true)  // connects, then never answers
        defer { silent.close() }
        let unused = try LoopbackSocket(listen: false)  // bound, not listening: refused
        defer { unused.close() }
        var cases: [(what: String, url: String, secrets: [String])] = []
        switch engine {
        case .sqlite:
            // SQLite has no server: the nearest thing is a file that is not a database.
            try Data("this is not an SQLite database, just some text that is long enough to matter".utf8)
                .write(to: dir.appendingPathComponent("garbage.db"))
            cases = [("not a database", "sqlite:garbage.db", [])]
        case .postgres, .mysql:
            let base = try engine.requireBaseURL()
            let real = try #require(URLComponents(string: base))
            let wrong = "wrong-Pa55word-\(UInt32.random(in: 0...UInt32.max))"
            var secrets = [wrong, real.password, real.percentEncodedPassword].compactMap { $0 }.filter { $0.count >= 4 }
            secrets = Array(Set(secrets))
            // A port where nothing listens: bind one, note it, close it.
            cases = [
                ("wrong password", try Self.variant(of: base, password: wrong), secrets),
                ("unknown host", try Self.variant(of: base, host: "nonexistent.invalid"), secrets),
                ("nothing listening", try Self.variant(of: base, host: "127.0.0.1", port: unused.port), secrets),
                // Accepts the TCP connection (the kernel does) but never says a word:
                // only the connect timeout ends the wait.
                ("silent server", try Self.variant(of: base, host: "127.0.0.1", port: silent.port), secrets),
            ]
        }
        for c in cases {
            // The silent server costs the whole connect timeout: once is enough.
            for command in c.what == "silent server" ? [["up"]] : [["up"], ["status"]] {
                let start = ContinuousClock.now
                let r = try await Self.strata(command + ["--database-url", c.url], in: dir)
                let elapsed = Self.seconds(since: start)
                #expect(r.status == 1, "\(engine) \(c.what) \(command): exit \(r.status) \(r.stderr)")
                let lines = r.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(engine) \(c.what): \(r.stderr)")
                #expect(lines.first?.hasPrefix("strata: error: ") == true, "\(r.stderr)")
                for secret in c.secrets {
                    #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret), "\(engine) \(c.what): the password was printed")
                }
                #expect(elapsed < 8, "\(engine) \(c.what) \(command) took \(elapsed) s with connect_timeout=3")
            }
        }
    }

    // MARK: - 5. A real history

    @Test(arguments: TestEngine.available)
    func exampleHistoryUpStatusDownToNothing(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db, dir in
            let examples = CLIRunner.repositoryRoot.appendingPathComponent("Examples/ota-service/migrations").path
            let up = try await Self.strata(["up", "--dir", examples], db, in: dir)
            #expect(up.status == 0, "\(up.stderr)")
            #expect(up.stdout.contains("applied 18 migrations"), "\(up.stdout)")
            #expect(try await Self.history(db).count == 18)

            let r = try await Self.strata(["status", "--json", "--dir", examples], db, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let migrations = json?["migrations"] as? [[String: Any]] ?? []
            #expect(migrations.count == 18)
            #expect(migrations.allSatisfy { $0["state"] as? String == "applied" }, "\(migrations)")
            #expect((json?["problems"] as? [String])?.isEmpty == true)
            // 009 comes from the engine's own file where there is one.
            let file009 = migrations.first { $0["version"] as? String == "009" }?["file"] as? String ?? ""
            #expect(file009.hasSuffix(engine == .mysql ? "009_index_enabled_packages.mysql.up.sql" : "009_index_enabled_packages.up.sql"), "\(file009)")

            let down = try await Self.strata(["down", "--to", "000", "--dir", examples], db, in: dir)
            #expect(down.status == 0, "\(down.stderr)")
            #expect(down.stdout.contains("reverted 17 migrations"), "\(down.stdout)")
            #expect(try await Self.history(db).keys.sorted() == ["000"])
            let last = try await Self.strata(["down", "--dir", examples], db, in: dir)
            #expect(last.status == 0, "\(last.stderr)")
            #expect(last.stdout.contains("reverted 1 migration"), "\(last.stdout)")

            #expect(try await Self.tables(db) == ["strata_migrations", "strata_migrations_log", "strata_migrations_meta", "strata_migrations_schema"])
            #expect(try await Self.history(db).isEmpty)
            #expect(try await db.query("SELECT count(*) FROM strata_migrations_log WHERE event = 'down'").first?[0].int == 18)
        }
    }

    // MARK: - 6. The lock holder is named

    @Test(arguments: TestEngine.available)
    func lockTimeoutNamesTheHolder(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db, dir in
            let long = "-- migrate:up\nCREATE TABLE k1 (id INTEGER);\n\(Self.sleepStatement(db, seconds: 10));\n"
            try CLIRunner.writeMigrations(["001_quick.sql": Self.quick, "002_long.sql": long], in: dir)
            #expect(try await Self.strata(["up", "--to", "001"], db, in: dir).status == 0)

            let holder = try Child.start(["up", "--lock-timeout", "30", "--database-url", db.urlString], in: dir)
            defer { holder.stop() }
            let session = try await Self.waitUntilSleeping(holder, db)

            let start = ContinuousClock.now
            let second = try await Self.strata(["up", "--lock-timeout", "1"], db, in: dir)
            let elapsed = Self.seconds(since: start)
            #expect(second.status == 1, "\(second.stdout) \(second.stderr)")
            #expect(elapsed < 8, "\(elapsed) s")
            let error = Self.errorLine(second)
            #expect(error.contains("gave up waiting 1 s for the migration lock held by"), "\(second.stderr)")
            let expected = switch engine {
            case .postgres: "PostgreSQL backend pid \(session ?? -1) "
            case .mysql: "connection id \(session ?? -1) "
            case .sqlite: "process \(holder.process.processIdentifier) "
            }
            #expect(error.contains(expected), "expected '\(expected)' in: \(second.stderr)")
            #expect(second.stderr.contains("waiting for the migration lock, held by"), "\(second.stderr)")

            // The holder named is the one to stop.
            switch engine {
            case .postgres: try await Self.execute(db, "SELECT pg_terminate_backend(\(session ?? -1))")
            case .mysql: try await Self.execute(db, "KILL \(session ?? -1)")
            case .sqlite: #expect(kill(holder.process.processIdentifier, SIGKILL) == 0)
            }
            let stopped = try await holder.wait(timeout: .seconds(15))
            #expect(stopped != nil, "`strata up` did not exit within 15 s after its database session was ended from outside")
            if let stopped {
                #expect(stopped.status == (engine == .sqlite ? SIGKILL : 1), "\(stopped.stderr)")
                if engine != .sqlite {
                    #expect(stopped.stderr.split(separator: "\n").last?.hasPrefix("strata: error: ") == true, "\(stopped.stderr)")
                }
            }
            #expect(try await Self.history(db)["002"]?.status != "applied")
        }
    }
}

/// A `strata` child process started without waiting; its output goes to files so that a
/// chatty child never blocks on a full pipe.
struct Child: @unchecked Sendable {
    // Process is used from one task at a time: started here, polled by `wait()`.
    let process: Process
    let stdoutURL: URL
    let stderrURL: URL

    static func start(_ arguments: [String], in directory: URL) throws -> Child {
        guard let executable = CLIRunner.executable else { throw CocoaError(.fileNoSuchFile) }
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("strata-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let out = outputs.appendingPathComponent("stdout")
        let err = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("STRATA_") && $0.key != "DATABASE_URL" && $0.key != "APP_ENV"
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Child(process: process, stdoutURL: out, stderrURL: err)
    }

    /// Kills the process if it still runs (when a test stops early).
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the process to end (polling, without blocking a thread) and returns its
    /// exit status (or the signal that ended it) and output.
    func wait() async throws -> CLIRunner.Result {
        while process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        return collect()
    }

    /// Like ``wait()``, but kills the process and returns nil when it runs longer than `timeout`.
    func wait(timeout: Duration) async throws -> CLIRunner.Result? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                stop()
                _ = collect()
                return nil
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return collect()
    }

    private func collect() -> CLIRunner.Result {
        process.waitUntilExit()
        let result = CLIRunner.Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        )
        try? FileManager.default.removeItem(at: stdoutURL.deletingLastPathComponent())
        return result
    }
}
