import Dialects
import Drivers
import Migrations
import SQLText

/// Applies, reverts and reports the migrations of one directory on one database.
///
/// An app's start-up needs one line:
/// ```swift
/// let applied = try await Migrator(url: "sqlite:app.db", directory: "migrations").up().applied
/// ```
/// Every command takes the database-wide lock before it changes anything, so that many
/// instances starting at once apply each migration exactly once.
///
/// ## Topics
/// ### Creating a migrator
/// - ``init(url:directory:options:)``
/// - ``init(url:directory:options:)-(DatabaseURL,_,_)``
/// ### Commands
/// - ``up(_:)``
/// - ``down(_:)``
/// - ``redo()``
/// - ``status()``
/// - ``history(limit:)``
/// - ``validate()``
/// - ``repair()``
public struct Migrator: Sendable {
    /// The database, with its password masked in ``DatabaseURL/description``. For an app's
    /// own connection, a URL that names it (``AppConnection/url``).
    public let url: DatabaseURL
    /// Where the migration files are read from.
    public let directory: any MigrationDirectory
    /// Migrations written in Swift, ordered with the files by version.
    public let swiftMigrations: [SwiftMigration]
    /// How the migrator runs: actor, lock timeout, environment, logger, events.
    public var options: MigratorOptions
    /// The app's own connection, when it lent one; nil when the migrator opens its own
    /// sessions to ``url``.
    public let appConnection: AppConnection?
    /// The histories found up to date with these migrations, when they cannot change.
    let verifiedHistories = VerifiedHistories()

    /// A migrator for a URL string and a directory path.
    ///
    /// - Throws: ``DatabaseError`` `.configuration` for a malformed URL.
    public init(url: String, directory: String = "migrations", options: MigratorOptions = MigratorOptions()) throws {
        self.init(url: try DatabaseURL(url), directory: LocalDirectory(directory), options: options)
    }

    /// A migrator for a parsed URL and any ``MigrationDirectory`` (on disk, or in memory).
    public init(url: DatabaseURL, directory: any MigrationDirectory, options: MigratorOptions = MigratorOptions()) {
        self.init(url: url, migrations: .files(directory), options: options)
    }

    /// A migrator for a URL and migrations from any source: a directory, the files built
    /// into the app (``MigrationSource/embedded(_:swift:)``), and migrations in Swift.
    public init(url: DatabaseURL, migrations: MigrationSource, options: MigratorOptions = MigratorOptions()) {
        self.url = url
        self.directory = migrations.directory
        self.swiftMigrations = migrations.swift
        self.options = options
        self.appConnection = nil
    }

    /// A migrator for a URL string and migrations from any source.
    ///
    /// - Throws: ``DatabaseError`` `.configuration` for a malformed URL.
    public init(url: String, migrations: MigrationSource, options: MigratorOptions = MigratorOptions()) throws {
        self.init(url: try DatabaseURL(url), migrations: migrations, options: options)
    }

    /// A migrator that runs on a connection or pool the app already has (postgres-nio's
    /// `PostgresClient` or `PostgresConnection`, an sqlite-nio connection) instead of
    /// opening its own. It never closes it.
    ///
    /// ```swift
    /// try await Migrator(connection: .postgres(client), migrations: .embedded(.module)).up()
    /// ```
    ///
    /// The commands that build scratch databases (`check`, `lint`, `generate`, `sync`,
    /// `squash`, `adopt`) need a URL: use ``init(url:migrations:options:)`` for them.
    public init(connection: AppConnection, migrations: MigrationSource, options: MigratorOptions = MigratorOptions()) {
        self.url = connection.url
        self.directory = migrations.directory
        self.swiftMigrations = migrations.swift
        self.options = options
        self.appConnection = connection
    }

    /// Reads and validates the migration files for this database's engine, with the
    /// Swift migrations in order among them.
    ///
    /// Embedded migrations are read once per process and engine.
    /// - Throws: the directory's validation errors, each naming its file and line.
    public func loadMigrations() throws -> MigrationSet {
        let allowEmpty = !swiftMigrations.isEmpty
        let files = if let embedded = directory as? EmbeddedMigrations {
            try embedded.load(engine: url.engine, allowEmpty: allowEmpty)
        } else {
            try MigrationSet.load(from: directory, engine: url.engine, allowEmpty: allowEmpty)
        }
        return try files.adding(swiftMigrations)
    }

    /// Whether the migrations cannot change while the process runs (embedded files and
    /// Swift code), so that a history found up to date with them stays so while its
    /// aggregated text is the same.
    var canKeepVerifiedHistory: Bool { directory is EmbeddedMigrations }

    /// Refuses a command that builds scratch databases (or reads a database by URL) on a
    /// migrator that has only the app's connection.
    func requireURL(for command: String) throws {
        guard appConnection != nil else { return }
        throw MigratorError(
            .notAllowed,
            "`\(command)` builds scratch databases beside the database, so it needs a database URL, not the app's connection: create this Migrator with init(url:migrations:options:), or run `strata \(command)`")
    }

    /// Whether opening the database would create it (a missing SQLite file); never for
    /// the app's own connection.
    var opensByCreating: Bool {
        appConnection == nil && dialect.opensByCreating(url)
    }

    func emit(_ event: MigratorEvent) {
        options.emit(event)
    }

    // MARK: - Sessions

    /// Opens a connection (or borrows the app's), runs `body` with the history store, and
    /// closes it on every path.
    func withStore<T: Sendable>(_ body: (HistoryStore) async throws -> T) async throws -> T {
        if let appConnection {
            return try await appConnection.withSession(logger: options.logger ?? options.connect.logger) { connection, sessionURL in
                let store = HistoryStore(connection: connection, schema: connection.sqlDialect.historySchema(for: sessionURL),
                                         lockURL: sessionURL, borrowed: true)
                return try await with(store, body)
            }
        }
        return try await with(try await openStore(), body)
    }

    /// Runs `body` with an open store, and closes it on every path.
    func with<T: Sendable>(_ store: HistoryStore, _ body: (HistoryStore) async throws -> T) async throws -> T {
        do {
            let result = try await body(store)
            await close(store)
            return result
        } catch {
            await close(store)
            throw error
        }
    }

    func openStore() async throws -> HistoryStore {
        let connection = try await Drivers.connect(to: url, options: options.connect)
        return HistoryStore(connection: connection, schema: connection.sqlDialect.historySchema(for: url))
    }

    func close(_ store: HistoryStore) async {
        try? await store.connection.close()
        store.afterClose.run()
    }

    /// Reads the migration files while the session opens, runs `body` with both, and
    /// closes the session on every path. Together, reading and opening are most of the
    /// cost of a no-op `up`. The files' errors win over the connection's: they say what
    /// to fix whatever the database does.
    func withFilesAndStore<T: Sendable>(_ body: (MigrationSet, HistoryStore) async throws -> T) async throws -> T {
        try await withFilesAndStore(first: { _ in () }) { set, store, _ in try await body(set, store) }
    }

    /// As ``withFilesAndStore(_:)``, and runs `first` on the session as soon as it is
    /// open, before the files are read: it needs none (reading the history), and the
    /// files are often still being read when the session is ready. A failure of `first`
    /// is reported like one of opening: after the files' errors.
    func withFilesAndStore<First: Sendable, T: Sendable>(
        first: (HistoryStore) async throws -> First,
        _ body: (MigrationSet, HistoryStore, First) async throws -> T
    ) async throws -> T {
        if appConnection != nil {
            // The app's session is open already: read the files first (embedded ones are
            // kept after the first time), so that their errors win as with a URL.
            let set = try loadMigrations()
            return try await withStore { store in try await body(set, store, try await first(store)) }
        }
        let (set, store, result) = try await loadAndOpen(then: first)
        return try await with(store) { try await body(set, $0, result) }
    }

    /// The files, the open session and what `first` returned; on any failure the session
    /// is closed.
    private func loadAndOpen<First: Sendable>(
        then first: (HistoryStore) async throws -> First
    ) async throws -> (MigrationSet, HistoryStore, First) {
        // Reading is synchronous work: off the event loop the session's I/O runs on.
        async let loading = withTaskExecutorPreference(globalConcurrentExecutor) { try loadMigrations() }
        let opened: Result<(HistoryStore, First), any Error>
        do {
            let store = try await openStore()
            do {
                opened = .success((store, try await first(store)))
            } catch {
                await close(store)
                opened = .failure(error)
            }
        } catch {
            opened = .failure(error)
        }
        let set: MigrationSet
        do {
            set = try await loading
        } catch {
            if case .success(let (store, _)) = opened { await close(store) }
            throw error
        }
        let (store, result) = try opened.get()
        return (set, store, result)
    }

    /// The dialect of the database's engine.
    var dialect: any Dialect { url.sqlDialect }

    /// Takes the run lock, brings the history tables to the current format (creating or
    /// upgrading them), runs `body`, and releases the lock on every path.
    func withLock<T: Sendable>(_ store: HistoryStore, _ body: () async throws -> T) async throws -> T {
        let lock = try await RunLock.acquire(store: store, url: store.lockURL ?? url, timeout: options.lockTimeout, stop: options.stopSignal) { holder in
            emit(.waitingForLock(holder: holder))
        }
        do {
            try await store.prepareForWriting(actor: options.actor)
            let result = try await body()
            await lock.release()
            store.afterClose.add { lock.finish() }
            return result
        } catch {
            await lock.release()
            store.afterClose.add { lock.finish() }
            throw error
        }
    }
}

extension Migrator {
    /// Creates the history table and the audit log when missing.
    public func createHistoryTables() async throws {
        try await withEventLoopAffinity {
            try await withStore { store in
                try await withLock(store) {}
            }
        }
    }
}
