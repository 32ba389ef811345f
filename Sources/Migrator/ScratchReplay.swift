import Dialects
import Drivers
import Migrations
import Schema

/// The migration files replayed on a scratch database the way `up` runs them on a fresh
/// one: the same plan (a squash or baseline runs instead of what it replaces), the same
/// runners (transactions, per-statement progress, `-- strata:foreign-keys off`), and a
/// history of its own there, so that `down` reverts as it would for real. `check` and
/// `adopt` read the schema back between steps.
struct ScratchReplay {
    /// The steps of a fresh database's `up`, in order.
    let steps: [PlannedStep]
    let set: MigrationSet
    private(set) var scratch: ScratchDatabase
    private(set) var store: HistoryStore
    private let runner: Migrator
    private let target: DatabaseURL
    private let scratchURL: DatabaseURL?

    /// A scratch database like `migrator`'s, with its history tables, and the plan.
    static func open(_ set: MigrationSet, for migrator: Migrator, scratchURL: DatabaseURL?) async throws -> ScratchReplay {
        let plan = try Planner.planUp(set: set, history: [], target: nil, allowOutOfOrder: false)
        let scratch = try await ScratchDatabase.create(like: migrator.url, scratchURL: scratchURL, options: migrator.options.connect, ownDatabase: true)
        do {
            let (runner, store) = try await prepare(scratch, for: migrator)
            let steps = try Planner.schedule(plan, dialect: store.dialect, singleTransaction: false)
            return ScratchReplay(steps: steps, set: set, scratch: scratch, store: store, runner: runner,
                                 target: migrator.url, scratchURL: scratchURL)
        } catch {
            await scratch.close()
            throw error
        }
    }

    /// A quiet migrator on the scratch database (its events are not the user's), and its
    /// history tables created.
    private static func prepare(_ scratch: ScratchDatabase, for migrator: Migrator) async throws -> (Migrator, HistoryStore) {
        var options = migrator.options
        options.onEvent = nil
        options.logger = nil
        options.stopSignal = nil
        let runner = Migrator(url: scratch.url, migrations: MigrationSource(directory: migrator.directory, swift: migrator.swiftMigrations), options: options)
        let store = HistoryStore(connection: scratch.connection, schema: scratch.connection.sqlDialect.historySchema(for: scratch.url))
        try await store.prepareForWriting(actor: options.actor)
        return (runner, store)
    }

    /// Drops the scratch database.
    func close() async {
        await scratch.close()
    }

    /// The schema the scratch database holds now, without Strata's tables.
    func schema() async throws -> Schema {
        try await inspection().schema
    }

    /// The inspection of the scratch database now (schema and carried objects).
    func inspection() async throws -> Inspection {
        try await store.dialect.inspector.inspect(scratch.connection, scope: InspectionScope(namespace: scratch.namespace))
    }

    /// The version step `index` stands for (`R:name` for a repeatable migration).
    func version(_ index: Int) -> String {
        switch steps[index].step {
        case .run(let m, _, _), .record(let m): m.version.description
        case .runRepeatable(let r): HistoryKey.repeatable(name: r.name).text
        }
    }

    /// The file of step `index`.
    func file(_ index: Int) -> String {
        switch steps[index].step {
        case .run(let m, _, _), .record(let m): m.up.file
        case .runRepeatable(let r): r.up.file
        }
    }

    /// The versioned migration of step `index`, if it is one.
    func migration(_ index: Int) -> Migration? {
        steps[index].step.migration
    }

    /// Runs step `index` as `up` would, history row included.
    ///
    /// - Throws: ``MigratorError`` `.statementFailed` naming the file and line.
    func apply(_ index: Int) async throws {
        var report = UpReport()
        let context = StepContext(store: store, actor: runner.options.actor, emit: { _ in })
        let planned = steps[index]
        do {
            try await runner.run(planned, set: set, context: context, report: &report)
        } catch {
            if planned.mode == .transaction || planned.mode == .queued {
                try? await store.connection.execute("ROLLBACK")
            }
            throw error
        }
    }

    /// Reverts step `index` with its down section, as `down` would.
    ///
    /// - Returns: false when the migration has no down section (nothing ran).
    /// - Throws: ``MigratorError`` naming the down file and line of a failing statement.
    func revert(_ index: Int) async throws -> Bool {
        guard let m = migration(index), let down = try m.down() else { return false }
        _ = try await runner.revert(m, down: down, store: store, history: try await store.read() ?? [])
        return true
    }

    /// Replaces the scratch database with a new one holding the first `count` steps: after
    /// a down that left something behind, the replay goes on from the state the files give.
    mutating func rebuild(steps count: Int) async throws {
        await scratch.close()
        let fresh = try await ScratchDatabase.create(like: target, scratchURL: scratchURL, options: runner.options.connect, ownDatabase: true)
        scratch = fresh
        do {
            store = try await Self.prepare(fresh, for: runner).1
        } catch {
            await fresh.close()
            throw error
        }
        for i in 0..<count { try await apply(i) }
    }

    /// The text of the catalog where it determines the schema (SQLite: every object's DDL
    /// in `sqlite_schema`), nil elsewhere: two states with the same text have the same
    /// schema, without an inspection.
    func catalogText() async throws -> String? {
        guard let query = store.dialect.catalogTextQuery else { return nil }
        let strata = InspectionScope.strataTables()
        var text = ""
        for row in try await scratch.connection.query(query, []) {
            let table = try row.string("tbl_name")
            guard !strata.contains(table) else { continue }
            text += try row.string("type") + "\u{1}" + row.string("name") + "\u{1}" + table + "\u{1}" + (row.optionalString("sql") ?? "") + "\u{2}"
        }
        return text
    }

    /// The names of the scratch database's tables and views (one cheap catalog query):
    /// two schemas whose names differ cannot be equal, so a full inspection can wait.
    func objectNames() async throws -> Set<String> {
        try await Self.objectNames(on: scratch.connection, dialect: store.dialect, namespace: scratch.namespace)
    }

    /// The names of the tables and views of `namespace` (nil: the connection's current
    /// schema or database), Strata's own tables left out.
    static func objectNames(on connection: any Connection, dialect: any Dialect, namespace: String?) async throws -> Set<String> {
        let strata = InspectionScope.strataTables()
        return Set(try await connection.query(dialect.objectNamesQuery(namespace: namespace), []).map { try $0.string("name") }.filter { !strata.contains($0) })
    }

    /// The number of rows in each of `tables` (one query), for telling apart files that
    /// leave the schema the same (a data migration).
    func rowCounts(_ tables: [String]) async throws -> [String: Int] {
        try await Self.rowCounts(tables, on: scratch.connection, dialect: store.dialect)
    }

    /// The number of rows in each of `tables` on `connection`, in one query.
    static func rowCounts(_ tables: [String], on connection: any Connection, dialect: any Dialect) async throws -> [String: Int] {
        guard !tables.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        // A few hundred tables per query keeps every engine's statement small enough.
        for chunk in stride(from: 0, to: tables.count, by: 200).map({ Array(tables[$0..<min($0 + 200, tables.count)]) }) {
            let sql = chunk.enumerated().map { i, t in
                "SELECT \(i) AS n, COUNT(*) AS c FROM \(dialect.quoteIdentifier(t))"
            }.joined(separator: " UNION ALL ")
            for row in try await connection.query(sql, []) {
                guard let n = try? row.int("n"), chunk.indices.contains(n) else { continue }
                counts[chunk[n]] = try row.int("c")
            }
        }
        return counts
    }
}
