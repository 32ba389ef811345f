import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import SQLiteNIO
import ServiceLifecycle
import Strata
import StrataCLI
import StrataService
import StrataTestSupport
import Synchronization
import Testing

/// Strata inside an app, on real SQLite, PostgreSQL and MariaDB.
@Suite struct AppIntegrationTests {
    static let files: [String: String] = [
        "001_users.sql": "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100));\n-- migrate:down\nDROP TABLE users;\n",
        "003_posts.sql": "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);\n-- migrate:down\nDROP TABLE posts;\n",
    ]

    /// A Swift migration 002 that inserts two users with bound values, and deletes them on down.
    static func seedUsers(checksum: String = "1") -> SwiftMigration {
        SwiftMigration("002", "seed_users", checksum: checksum) { db in
            let insert = db.engine == .postgres ? "INSERT INTO users (id, name) VALUES ($1, $2)" : "INSERT INTO users (id, name) VALUES (?, ?)"
            for (id, name) in [(1, "ada"), (2, "grace")] {
                try await db.query(insert, [.int(Int64(id)), .text(name.uppercased())])
            }
        } down: { db in
            try await db.execute("DELETE FROM users")
        }
    }

    static func history(_ db: TestDatabase) async throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try await db.query("SELECT version, status, checksum FROM strata_migrations") {
            result[row[0].string ?? ""] = "\(row[1].string ?? "") \(row[2].string ?? "")"
        }
        return result
    }

    // MARK: - Embedded migrations

    /// The embedded form as the plugin writes it: checksums from the recorder.
    static func embedded(_ files: [String: String]) -> EmbeddedMigrations {
        let recorder = ChecksumRecordingDirectory(MemoryDirectory(files))
        for engine in SQLDialect.allCases { _ = try? MigrationSet.load(from: recorder, engine: engine) }
        return EmbeddedMigrations(displayPath: "migrations", files: files.keys.sorted().map { name in
            EmbeddedMigrations.File(name, checksums: recorder.checksumTable(of: name), contents: files[name] ?? "")
        })
    }

    /// A no-op `up` over embedded migrations keeps the history it found up to date and
    /// skips the check while the history reads the same; any change to it is seen: a row
    /// deleted by hand runs again, an edited checksum is recorded as a cosmetic edit, a
    /// row set to failed is resumed.
    @Test(arguments: TestEngine.available)
    func aKeptUpToDateHistorySeesEveryLaterChange(_ engine: TestEngine) async throws {
        try await engine.withDatabase { db in
            let migrator = Migrator(url: db.url, migrations: .embedded(Self.embedded(Self.files)))
            #expect(try await migrator.up().applied.count == 2)
            #expect(try await migrator.up().applied.isEmpty)
            #expect(try await migrator.up().applied.isEmpty)
            _ = try await db.query("DELETE FROM strata_migrations WHERE version = '003'")
            _ = try await db.query("DROP TABLE posts")
            #expect(try await migrator.up().applied.map(\.version) == ["003"])
            #expect(try await migrator.up().applied.isEmpty)
            _ = try await db.query("UPDATE strata_migrations SET checksum = 'edited' WHERE version = '001'")
            #expect(try await migrator.up().cosmeticChanges == ["001"])
            #expect(try await Self.history(db)["001"]?.hasSuffix("edited") == false)
            _ = try await db.query("UPDATE strata_migrations SET status = 'failed', statements_done = 1 WHERE version = '003'")
            #expect(try await migrator.up().applied.map(\.version) == ["003"])
            #expect(try await migrator.up().applied.isEmpty)
        }
    }

    @Test func embeddedChecksumsAreTheBuildsAndEqualTheFilesOnDisk() throws {
        var files = Self.files
        files["004_crlf.sql"] = "\u{FEFF}-- migrate:up\r\nCREATE TABLE t (id INT);\r\n-- migrate:down\r\nDROP TABLE t;\r\n"
        files["V5__flyway.sql"] = "CREATE TABLE f (id INT);\n"
        let embedded = Self.embedded(files)
        for engine in SQLDialect.allCases {
            let fromDisk = try MigrationSet.load(from: MemoryDirectory(files), engine: engine)
            let fromBuild = try embedded.load(engine: engine)
            #expect(fromBuild.migrations.map(\.checksum) == fromDisk.migrations.map(\.checksum))
            #expect(try fromBuild.migrations.map { try $0.semanticChecksum() } == fromDisk.migrations.map { try $0.semanticChecksum() })
            #expect(fromBuild.migrations.allSatisfy { !$0.checksum.isEmpty })
        }
        // The loader takes the build's checksum without hashing again: a planted one shows.
        let planted = EmbeddedMigrations(displayPath: "migrations", files: [
            EmbeddedMigrations.File("001_users.sql", checksums: "14-78=planted", contents: Self.files["001_users.sql"] ?? ""),
        ])
        let set = try planted.load(engine: .sqlite)
        #expect(set.migrations.first?.checksum == "planted")
    }

    /// The plugin's tool: the source it writes, and a validation error naming file and line.
    @Test func embedToolWritesSourceAndFailsOnABadFileWithFileAndLine() throws {
        let tool = try #require(Self.tool("strata-embed"), "strata-embed is built beside the tests")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-embed-\(UUID().uuidString)")
        let migrations = dir.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in Self.files { try text.write(to: migrations.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try "not a migration".write(to: migrations.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("Embedded.swift")

        let good = try Self.run(tool, ["--input", migrations.path, "--output", output.path, "--display-path", "Sources/App/migrations"])
        #expect(good.status == 0, "stderr: \(good.stderr)")
        let source = try String(contentsOf: output, encoding: .utf8)
        #expect(source.contains("static let module = EmbeddedMigrations(displayPath: \"Sources/App/migrations\""))
        #expect(source.contains("EmbeddedMigrations.File(\"001_users.sql\", checksums: \"14-78="))
        #expect(source.contains("003_posts.sql"))
        #expect(!source.contains("README"))

        // A second down section on line 5, and a DELIMITER the splitter refuses in a down.
        try "-- migrate:up\nCREATE TABLE a (id INT);\n-- migrate:down\nDROP TABLE a;\n-- migrate:down\nDROP TABLE a;\n"
            .write(to: migrations.appendingPathComponent("004_bad.sql"), atomically: true, encoding: .utf8)
        let bad = try Self.run(tool, ["--input", migrations.path, "--output", output.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(migrations.path)/004_bad.sql:5: error: second '-- migrate:down'"), "stderr: \(bad.stderr)")
        #expect(bad.stderr.contains("the migrations were not embedded"))
    }

    // MARK: - Swift migrations

    @Test(arguments: TestEngine.available)
    func swiftMigrationsRunInOrderWithTheFilesAndAreChecksummed(_ engine: TestEngine) async throws {
        try await engine.withDatabase { db in
            let migrator = Migrator(url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [Self.seedUsers()]))
            let report = try await migrator.up()
            #expect(report.applied.map(\.version) == ["001", "002", "003"])
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 2)
            let history = try await Self.history(db)
            #expect(history["002"] == "applied swift:1")

            let status = try await migrator.status()
            #expect(status.migrations.map(\.version) == ["001", "002", "003"])
            #expect(status.migrations.map(\.state) == [.applied, .applied, .applied])

            // An edit of the code, noticed by its checksum, names the Swift file.
            let edited = Migrator(url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [Self.seedUsers(checksum: "2")]))
            do {
                try await edited.up()
                Issue.record("an edited Swift migration must stop up")
            } catch let error as MigratorError {
                #expect(error.code == .checksumMismatch)
                #expect(error.description.contains("AppIntegrationTests.swift"))
            }

            // Down runs the code's down.
            try await migrator.down(DownRequest(steps: 2))
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 0)
            #expect(try await Self.history(db).keys.sorted() == ["001"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aFailingSwiftMigrationIsAtomicOrRecordedAsFailed(_ engine: TestEngine) async throws {
        try await engine.withDatabase { db in
            let fail = Mutex(true)
            let code = SwiftMigration("002", "half_done", checksum: "1") { db in
                try await db.execute("INSERT INTO users (id, name) VALUES (7, 'x')")
                if fail.withLock({ $0 }) { throw SampleError() }
            }
            let migrator = Migrator(url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [code]))
            do {
                try await migrator.up()
                Issue.record("a throwing Swift migration must fail up")
            } catch let error as MigratorError {
                #expect(error.code == .statementFailed)
                #expect(error.description.contains("sample failure"))
            }
            let history = try await Self.history(db)
            let rows = try await db.query("SELECT count(*) FROM users").first?[0].int
            if engine == .mysql {
                // No transaction on MySQL: recorded as failed, at statement 0.
                #expect(history["002"]?.hasPrefix("failed") == true)
                #expect(rows == 1)
                _ = try await db.query("DELETE FROM users")
            } else {
                #expect(history["002"] == nil)
                #expect(rows == 0)
            }
            fail.withLock { $0 = false }
            let report = try await migrator.up()
            #expect(report.applied.map(\.version) == ["002", "003"])
            #expect(try await Self.history(db)["002"] == "applied swift:1")
        }
    }

    @Test func swiftMigrationWithAFileVersionIsAnErrorNamingBoth() throws {
        let clash = SwiftMigration("3", "clash", checksum: "1") { _ in }
        let migrator = Migrator(url: try DatabaseURL("sqlite::memory:"), migrations: .files(MemoryDirectory(Self.files), swift: [clash]))
        #expect {
            try migrator.loadMigrations()
        } throws: { error in
            let text = "\(error)"
            return text.contains("AppIntegrationTests.swift") && text.contains("migrations/003_posts.sql")
        }
    }

    // MARK: - The app's own connection

    @Test func onTheAppsSQLiteConnectionWithTheLock() async throws {
        try await TestEngine.sqlite.withDatabase { db in
            let a = try await SQLiteConnection.open(storage: .file(path: db.url.path))
            let b = try await SQLiteConnection.open(storage: .file(path: db.url.path))
            let source = MigrationSource.embedded(Self.embedded(Self.files), swift: [Self.seedUsers()])
            // Two instances starting at once on their own app connections: each migration once.
            async let first = Migrator(connection: .sqlite(a), migrations: source).up()
            async let second = Migrator(connection: .sqlite(b), migrations: source).up()
            let applied = try await first.applied.count + second.applied.count
            #expect(applied == 3)
            // The app's connections stay open.
            let rows = try await a.query("SELECT count(*) AS n FROM users")
            #expect(rows.first?.column("n")?.integer == 2)
            #expect(!b.isClosed)
            #expect(try await Migrator(connection: .sqlite(a), migrations: source).up().applied.isEmpty)
            try await a.close()
            try await b.close()
        }
    }

    static func postgresConfiguration(_ db: TestDatabase) throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: db.url.host ?? "127.0.0.1", port: db.url.port ?? 5432, username: db.url.user ?? "postgres",
            password: db.url.password, database: db.url.database, tls: .disable)
        configuration.options.additionalStartupParameters = [("search_path", db.name)]
        return configuration
    }

    /// A single connection's configuration for the test database (its `search_path` is set
    /// by the test, with SET).
    static func connectionConfiguration(_ db: TestDatabase) -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: db.url.host ?? "127.0.0.1", port: db.url.port ?? 5432, username: db.url.user ?? "postgres",
            password: db.url.password, database: db.url.database, tls: .disable)
    }

    @Test func onTheAppsPostgresConnectionAndPool() async throws {
        try await TestEngine.postgres.withDatabase { db in
            let configuration = try Self.postgresConfiguration(db)
            let client = PostgresClient(configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                let source = MigrationSource.embedded(Self.embedded(Self.files), swift: [Self.seedUsers()])
                async let first = Migrator(connection: .postgres(client, schema: db.name), migrations: source).up()
                async let second = Migrator(connection: .postgres(client, schema: db.name), migrations: source).up()
                let applied = try await first.applied.count + second.applied.count
                #expect(applied == 3)
                #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 2)
                #expect(try await Self.history(db).count == 3)
                group.cancelAll()
            }

            let connection = try await PostgresConnection.connect(configuration: Self.connectionConfiguration(db), id: 1, logger: Logger(label: "test"))
            try await connection.query("SET search_path TO \(unescaped: db.name)", logger: Logger(label: "test"))
            let migrator = Migrator(connection: .postgres(connection, schema: db.name), migrations: .files(MemoryDirectory(Self.files), swift: [Self.seedUsers()]))
            #expect(try await migrator.up().applied.isEmpty)
            #expect(try await migrator.status().migrations.count == 3)
            #expect(!connection.isClosed)
            try await connection.close()
        }
    }

    /// The commands that need scratch databases say so on the app's connection, rather
    /// than trying to reach a host named by the placeholder URL.
    @Test func scratchCommandsOnTheAppsConnectionAskForAURL() async throws {
        let connection = try await SQLiteConnection.open()
        let migrator = Migrator(connection: .sqlite(connection), migrations: .files(MemoryDirectory(Self.files)))
        do {
            _ = try await migrator.check()
            Issue.record("check needs a URL")
        } catch let error as MigratorError {
            #expect(error.code == .notAllowed)
            #expect(error.message.contains("needs a database URL"))
        }
        #expect(try await migrator.up().applied.count == 2)
        try await connection.close()
    }

    /// The app closes its connection in the middle of a run: a clear error, and the history
    /// as the engine left it (the migration in progress rolled back, no half-written row).
    @Test(arguments: [TestEngine.sqlite, .postgres])
    func aConnectionTheAppClosesMidRunGetsAClearError(_ engine: TestEngine) async throws {
        try await engine.withDatabase { db in
            let sqlite = engine == .sqlite ? try await SQLiteConnection.open(storage: .file(path: db.url.path)) : nil
            let postgres: PostgresConnection? = engine == .postgres ? try await PostgresConnection.connect(
                configuration: Self.connectionConfiguration(db), id: 2, logger: Logger(label: "test")) : nil
            if let postgres { try await postgres.query("SET search_path TO \(unescaped: db.name)", logger: Logger(label: "test")) }
            let closer = SwiftMigration("002", "app_closes", checksum: "1") { db in
                try await db.execute("INSERT INTO users (id, name) VALUES (1, 'a')")
                if let sqlite { try await sqlite.close() }
                if let postgres { try await postgres.close() }
            }
            let app: AppConnection = if let sqlite { .sqlite(sqlite) } else if let postgres { .postgres(postgres, schema: db.name) } else { .sqlite(try await SQLiteConnection.open()) }
            let migrator = Migrator(connection: app, migrations: .files(MemoryDirectory(Self.files), swift: [closer]))
            do {
                try await migrator.up()
                Issue.record("up on a closed connection must fail")
            } catch {
                #expect("\(error)".contains("the app's"), "error: \(error)")
                #expect("\(error)".contains("was closed"), "error: \(error)")
            }
            let history = try await Self.history(db)
            #expect(history.keys.sorted() == ["001"], "history: \(history)")
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 0)
        }
    }

    // MARK: - Logger

    @Test func theAppsLoggerReceivesEveryEventWithMetadata() async throws {
        let records = LogRecords()
        var logger = Logger(label: "app") { _ in CapturingHandler(records: records) }
        logger.logLevel = .trace
        let migrator = Migrator(url: try DatabaseURL("sqlite::memory:"), migrations: .files(MemoryDirectory(Self.files), swift: [Self.seedUsers()]),
                                options: MigratorOptions(logger: logger))
        try await migrator.up()
        let applied = records.all.filter { $0.message.hasPrefix("applied migration") }
        #expect(applied.map(\.level) == [.info, .info, .info])
        #expect(applied.first?.metadata["migration.version"] == "001")
        #expect(applied.first?.metadata["migration.file"] == "migrations/001_users.sql")
        #expect(applied.first?.metadata["migration.ms"] != nil)
        let statements = records.all.filter { $0.level == .trace }
        #expect(statements.contains { $0.metadata["migration.line"] == "2" && $0.metadata["migration.file"] == "migrations/001_users.sql" })
    }

    // MARK: - The lifecycle service

    /// A shutdown while the service waits for another instance's lock: it stops waiting,
    /// returns without error, and applies nothing.
    @Test(arguments: [TestEngine.sqlite, .postgres, .mysql])
    func shutdownWhileWaitingForTheLockExitsCleanly(_ engine: TestEngine) async throws {
        try await engine.withDatabase { db in
            let gate = Gate()
            let holder = SwiftMigration("002", "holds_the_lock", checksum: "1") { _ in await gate.wait() }
            let other = Migrator(url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [holder]))
            let holding = Task { try await other.up(UpRequest(target: Version("002"))) }
            while (try? await Self.history(db))?["001"] == nil { try await Task.sleep(for: .milliseconds(20)) }

            let waiting = Gate()
            let service = MigrationService(migrator: Migrator(
                url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [Self.seedUsers()]),
                options: MigratorOptions(lockTimeout: .seconds(60), onEvent: { if case .waitingForLock = $0 { waiting.open() } })))
            let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test")))
            let clock = ContinuousClock()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                await waiting.wait()
                let start = clock.now
                await group.triggerGracefulShutdown()
                try await tasks.next()
                #expect(clock.now - start < .seconds(5))
            }
            do {
                try await service.waitUntilFinished()
                Issue.record("a stopped service has not finished its migrations")
            } catch let error as MigratorError {
                #expect(error.code == .stopped)
            }
            gate.open()
            _ = try await holding.value
            let history = try await Self.history(db)
            #expect(history.keys.sorted() == ["001", "002"])
            #expect(history["002"] == "applied swift:1")
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 0)
        }
    }

    /// The service applies the migrations, the server waits for it, and a shutdown during a
    /// migration lets it finish, then stops before the next.
    @Test func serviceRunsBeforeTheServerAndStopsBetweenMigrations() async throws {
        try await TestEngine.sqlite.withDatabase { db in
            let inside = Gate()
            let release = Gate()
            let slow = SwiftMigration("002", "slow", checksum: "1") { db in
                try await db.execute("INSERT INTO users (id, name) VALUES (1, 'a')")
                inside.open()
                await release.wait()
            }
            let service = MigrationService(migrator: Migrator(url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [slow])))
            let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                await inside.wait()
                await group.triggerGracefulShutdown()
                release.open()
                try await tasks.next()
            }
            do {
                try await service.waitUntilFinished()
                Issue.record("the run was stopped before 003")
            } catch let error as MigratorError {
                #expect(error.code == .stopped)
                #expect(error.message.contains("after 2 of 3"))
            }
            // 002 finished its transaction; 003 is pending.
            #expect(try await Self.history(db).keys.sorted() == ["001", "002"])
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 1)

            let again = MigrationService(migrator: Migrator(url: db.url, migrations: .files(MemoryDirectory(Self.files), swift: [slow])))
            let second = ServiceGroup(configuration: .init(services: [again], logger: Logger(label: "test")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await second.run() }
                let report = try await again.waitUntilFinished()
                #expect(report.applied.map(\.version) == ["003"])
                await second.triggerGracefulShutdown()
                try await tasks.next()
            }
        }
    }

    // MARK: - The app's own migrate command

    /// `myapp migrate up` and `status` with the app's embedded migrations (the only test
    /// that installs an embedding: it is process-wide).
    @Test func theMigrateSubcommandUsesTheAppsEmbeddedMigrations() async throws {
        try await TestEngine.sqlite.withDatabase { db in
            StrataEmbedding(migrations: .embedded(Self.embedded(Self.files), swift: [Self.seedUsers()]), databaseURL: db.urlString).install()
            var up = try #require(try StrataMigrateCommand.parseAsRoot(["up", "--quiet"]) as? StrataMigrateCommand)
            try await up.run()
            #expect(try await Self.history(db).keys.sorted() == ["001", "002", "003"])
            var status = try #require(try StrataMigrateCommand.parseAsRoot(["status", "--quiet"]) as? StrataMigrateCommand)
            try await status.run()
            // A command's failure is its exit status: --dir wins over the embedded files.
            var missing = try #require(try StrataMigrateCommand.parseAsRoot(["up", "--dir", "/nonexistent/migrations"]) as? StrataMigrateCommand)
            do {
                try await missing.run()
                Issue.record("a missing --dir must fail")
            } catch let exit as ExitCode {
                #expect(exit.rawValue == 1)
            }
        }
    }

    // MARK: - Helpers

    struct SampleError: Error, CustomStringConvertible {
        var description: String { "sample failure" }
    }

    static func tool(_ name: String) -> URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func run(_ tool: URL, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Opens once; everyone waiting goes on.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let open = state.withLock { s -> Bool in
                if !s.open { s.waiters.append(c) }
                return s.open
            }
            if open { c.resume() }
        }
    }
}

struct LogRecord: Sendable {
    var level: Logger.Level
    var message: String
    var metadata: [String: String]
}

final class LogRecords: Sendable {
    private let records = Mutex<[LogRecord]>([])
    func append(_ r: LogRecord) { records.withLock { $0.append(r) } }
    var all: [LogRecord] { records.withLock { $0 } }
}

struct CapturingHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: Logging.LogEvent) {
        var all = metadata
        for (k, v) in event.metadata ?? [:] { all[k] = v }
        records.append(LogRecord(level: event.level, message: "\(event.message)", metadata: all.mapValues { "\($0)" }))
    }
}
