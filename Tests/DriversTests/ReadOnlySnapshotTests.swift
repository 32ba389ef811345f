import Drivers
import StrataTestSupport
import Testing

/// `Connection.withReadOnlySnapshot`: one consistent state for several reads, on every engine.
struct ReadOnlySnapshotTests {
    struct Failure: Error {}

    static func count(_ connection: any Connection, _ table: String = "snap") async throws -> Int {
        try #require(try await connection.query("SELECT count(*) AS n FROM \(table)").first).int("n")
    }

    /// Whether the catalog shows the table `made_meanwhile`.
    static func catalogShowsTable(_ connection: any Connection, engine: TestEngine, schema: String) async throws -> Bool {
        let rows: [SQLRow]
        switch engine {
        case .sqlite:
            rows = try await connection.query("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'made_meanwhile'")
        case .postgres:
            rows = try await connection.query(
                "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'made_meanwhile'",
                [.text(schema)])
        case .mysql:
            rows = try await connection.query(
                "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'made_meanwhile'")
        }
        return try #require(rows.first).int("n") > 0
    }

    @Test(arguments: TestEngine.available)
    func aCommitOfAnotherSessionIsNotSeenInside(engine: TestEngine) async throws {
        try await withConnection(engine) { db, reader in
            // In SQLite's rollback-journal mode the writer could not commit while the reader
            // reads (see the test below); in WAL mode it can, and the reader keeps its snapshot.
            if engine == .sqlite { try await reader.execute("PRAGMA journal_mode = WAL") }
            try await reader.execute("CREATE TABLE snap (id int)")
            try await reader.execute("INSERT INTO snap VALUES (1)")
            let writer = try await db.connect()
            do {
                let seen = try await reader.withReadOnlySnapshot { snapshot in
                    let before = try await Self.count(snapshot)
                    try await writer.execute("INSERT INTO snap VALUES (2)")
                    try await writer.execute("CREATE TABLE made_meanwhile (id int)")
                    let after = try await Self.count(snapshot)
                    let table = try await Self.catalogShowsTable(snapshot, engine: engine, schema: db.name)
                    var regclass: Bool?
                    if engine == .postgres {
                        // Name lookups go through the catalog caches, which are not MVCC.
                        regclass = try await snapshot.query("SELECT to_regclass('made_meanwhile') IS NOT NULL AS seen").first?.bool("seen")
                    }
                    return (before, after, table, regclass)
                }
                #expect(seen.0 == 1)
                #expect(seen.1 == 1, "the row committed meanwhile is not seen")
                switch engine {
                case .sqlite:
                    // The catalog is read in the snapshot too.
                    #expect(seen.2 == false)
                case .postgres:
                    // The catalog tables are read in the snapshot too, but name lookups
                    // (regclass, to_regclass) see the latest catalog.
                    #expect(seen.2 == false)
                    #expect(seen.3 == true)
                case .mysql:
                    // information_schema is not: MariaDB (and MySQL) read it afresh.
                    let server = try await reader.server
                    if server.flavour == .mariadb { #expect(seen.2 == true, "\(server)") }
                }
                // After the snapshot, both are seen.
                #expect(try await Self.count(reader) == 2)
                #expect(try await Self.catalogShowsTable(reader, engine: engine, schema: db.name))
                try await writer.close()
            } catch {
                try? await writer.close()
                throw error
            }
        }
    }

    @Test func sqliteRollbackJournalMakesAWriterWaitForTheSnapshot() async throws {
        try await withConnection(.sqlite) { db, reader in
            #expect(try await reader.query("PRAGMA journal_mode").first?.string("journal_mode") == "delete")
            try await reader.execute("CREATE TABLE snap (id int)")
            let writer = try await db.connect()
            do {
                try await writer.execute("PRAGMA busy_timeout = 100")
                try await reader.withReadOnlySnapshot { snapshot in
                    let before = try await Self.count(snapshot)
                    #expect(before == 0)
                    // The reader holds a SHARED lock until the snapshot ends: the writer's
                    // commit cannot take the EXCLUSIVE lock it needs.
                    let error = await expectDatabaseError(.timeout) { try await writer.execute("INSERT INTO snap VALUES (1)") }
                    #expect(error?.message.contains("locked") == true, "\(String(describing: error))")
                    let after = try await Self.count(snapshot)
                    #expect(after == 0)
                }
                try await writer.execute("INSERT INTO snap VALUES (1)")
                #expect(try await Self.count(reader) == 1)
                try await writer.close()
            } catch {
                try? await writer.close()
                throw error
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func writesAreRefusedAndTheSessionRecovers(engine: TestEngine) async throws {
        try await withConnection(engine) { _, db in
            try await db.execute("CREATE TABLE snap (id int)")
            let error = await expectDatabaseError(.statement) {
                try await db.withReadOnlySnapshot { snapshot in
                    _ = try await Self.count(snapshot)
                    try await snapshot.execute("INSERT INTO snap VALUES (1)")
                }
            }
            switch engine {
            case .postgres: #expect(error?.sqlState == "25006", "\(String(describing: error))")  // read_only_sql_transaction
            case .mysql: #expect(error?.engineCode == 1792, "\(String(describing: error))")  // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
            case .sqlite: #expect(error?.message.contains("readonly") == true, "\(String(describing: error))")
            }
            // Rolled back, and writable again (SQLite's query_only is off again).
            try await db.execute("INSERT INTO snap VALUES (2)")
            #expect(try await Self.count(db) == 1)
            #expect(try await db.withReadOnlySnapshot { try await Self.count($0) } == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func aThrowingBodyRollsBack(engine: TestEngine) async throws {
        try await withConnection(engine) { _, db in
            try await db.execute("CREATE TABLE snap (id int)")
            await #expect(throws: Failure.self) {
                try await db.withReadOnlySnapshot { snapshot in
                    _ = try await Self.count(snapshot)
                    throw Failure()
                }
            }
            // A failing statement in the body: PostgreSQL's transaction is aborted, and
            // ROLLBACK ends it.
            _ = await expectDatabaseError(.statement) {
                try await db.withReadOnlySnapshot { snapshot in
                    _ = try await snapshot.query("SELECT * FROM no_such_table")
                }
            }
            // No transaction is left open: a write commits at once, and a new snapshot starts.
            try await db.execute("INSERT INTO snap VALUES (1)")
            #expect(try await db.withReadOnlySnapshot { try await Self.count($0) } == 1)
            if engine == .postgres {
                #expect(try await db.query("SHOW transaction_read_only").first?.bool("transaction_read_only") == false)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func insideATransactionSQLiteAndMySQLRefuse(engine: TestEngine) async throws {
        try await withConnection(engine) { _, db in
            try await db.execute("CREATE TABLE snap (id int)")
            guard engine != .postgres else {
                // PostgreSQL only warns about BEGIN inside a transaction, and the snapshot's
                // COMMIT would end the outer one: documented, not guarded.
                return
            }
            try await db.execute(engine == .mysql ? "START TRANSACTION" : "BEGIN")
            try await db.execute("INSERT INTO snap VALUES (1)")
            _ = await expectDatabaseError(.statement) {
                try await db.withReadOnlySnapshot { _ = try await Self.count($0) }
            }
            // The outer transaction is still open and still rolls back.
            try await db.execute("ROLLBACK")
            #expect(try await Self.count(db) == 0)
        }
    }
}
