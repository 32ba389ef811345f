import Dialects
import Drivers
import Foundation
import Migrations
import SQLText
import Schema
import SchemaDiff

/// What `sync` makes the database match.
public struct SyncRequest: Sendable {
    /// The desired schema.
    public var schema: SchemaSource
    /// Declared renames (`--rename`), added to those the source declares.
    public var renames: [Rename]
    /// Whether destructive and data-dependent changes are meant.
    public var allowDestructive: Bool
    /// Drop everything and create the desired schema afresh (the caller has confirmed).
    public var force: Bool
    /// Plan and prove, but change nothing.
    public var dryRun: Bool
    /// Where scratch databases go instead of the target's server.
    public var scratchURL: DatabaseURL?
    /// Asked about each suggested rename (a terminal's prompt); a yes makes it a declared
    /// rename. Nil: a suggestion stops the sync unless `allowDestructive`.
    public var confirmRename: RenameConfirmation?

    /// Creates a request.
    public init(schema: SchemaSource, renames: [Rename] = [], allowDestructive: Bool = false, force: Bool = false,
                dryRun: Bool = false, scratchURL: DatabaseURL? = nil, confirmRename: RenameConfirmation? = nil) {
        self.confirmRename = confirmRename
        self.schema = schema
        self.renames = renames
        self.allowDestructive = allowDestructive
        self.force = force
        self.dryRun = dryRun
        self.scratchURL = scratchURL
    }
}

/// What `sync` did.
public struct SyncReport: Sendable, Codable {
    /// The changes, in the order they ran (or would run).
    public var changes: [ChangeReport]
    /// The statements run (or that would run).
    public var statements: [String]
    /// Whether the database was changed.
    public var applied: Bool
    /// Whether everything was dropped and created afresh (`force`).
    public var recreated: Bool
    /// What differs but is left alone, with the reason.
    public var notes: [String]
    /// The objects carried without being modelled, by name.
    public var warnings: [String]
    /// The fingerprint of the schema after the sync.
    public var fingerprint: String
    /// How long applying took, in milliseconds.
    public var durationMs: Int64
}

extension Migrator {
    /// Makes the database match the desired schema directly, as an ORM's sync does, for
    /// development: under the migration lock, through the same step runner as migrations,
    /// logged in `strata_migrations_log` with what changed, who, when and the fingerprint.
    ///
    /// It creates what is missing and applies safe alterations; destructive and
    /// data-dependent changes only with `allowDestructive`. `force` drops everything and
    /// creates the desired schema afresh. Every plan is proven on a scratch database
    /// first, and the database is inspected after: a second diff must be empty.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` in production (always: generate a
    ///   migration instead), `.needsPermission` naming the changes (nothing changed),
    ///   `.planUnproven`, or the failing statement.
    public func sync(_ request: SyncRequest) async throws -> SyncReport {
        try requireURL(for: "sync")
        try options.check(.sync, allowed: false)
        if request.force { try options.check(.force, allowed: false) }
        return try await withEventLoopAffinity {
            try await withStore { store in
                let work = { () async throws -> SyncReport in
                    try await runSync(request, store: store)
                }
                return request.dryRun ? try await work() : try await withLock(store) { try await work() }
            }
        }
    }

    private func runSync(_ request: SyncRequest, store: HistoryStore) async throws -> SyncReport {
        let dialect = try await store.connection.serverDialect()
        var live = try await store.inspectLive()
        live.schema.name = nil
        live.schema.defaultCharacterSet = nil
        live.schema.defaultCollation = nil
        let from = LoadedSchema(schema: live.schema, renames: [], warnings: live.warnings.map(\.message), dialect: dialect)
        let to = try await request.schema.load(like: url, scratchURL: request.scratchURL, options: options.connect)
        // --force: from nothing, after dropping everything.
        let base = request.force ? LoadedSchema(schema: Schema(), renames: [], warnings: [], dialect: dialect) : from
        let proven = try await prove(from: base, to: to, renames: request.force ? [] : request.renames + to.renames,
                                     like: url, scratchURL: request.scratchURL, confirm: request.force ? nil : request.confirmRename)
        if !request.force, !request.allowDestructive, !proven.needingPermission.isEmpty {
            throw Self.permissionError(proven, command: "sync")
        }
        let drops = request.force ? SchemaScript.dropping(from.schema, with: dialect.renderer) : []
        let statements = drops + proven.rendered.forwardStatements
        var report = SyncReport(
            changes: proven.changes, statements: statements, applied: false, recreated: request.force,
            notes: proven.rendered.plan.notes, warnings: Array(Set(from.warnings + to.warnings)).sorted(),
            fingerprint: proven.to.schema.fingerprint, durationMs: 0)
        guard !request.dryRun, !statements.isEmpty else { return report }

        report.durationMs = try await applySync(statements, proven: proven, source: request.schema, force: request.force, store: store)
        report.applied = true
        // Convergence: the database now reads back as the desired schema.
        var after = try await store.inspectLive().schema
        after.name = nil
        let remaining = PlanProof.differences(expected: proven.to.schema, actual: after, advisor: dialect.diffAdvisor)
        try await store.recordLiveSchema(after: Self.lastApplied(try await store.read() ?? [])?.version)
        if !remaining.isEmpty {
            throw MigratorError(
                .planUnproven,
                "sync ran, but the database does not read back as the desired schema: \(remaining.prefix(5).map(\.description).joined(separator: "; ")); please report this with `strata dump` of both")
        }
        return report
    }

    /// Runs the sync's statements with the runner of the engine's transaction mode, and
    /// logs them as one `sync` entry.
    private func applySync(_ statements: [String], proven: ProvenPlan, source: SchemaSource, force: Bool, store: HistoryStore) async throws -> Int64 {
        let dialect = store.dialect
        let sqlStatements = statements.enumerated().map { SQLStatement(text: $0.element, line: $0.offset + 1, column: 1) }
        let counts = Dictionary(grouping: proven.rendered.forward.map(\.change.rule), by: { $0 }).mapValues(\.count)
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let fingerprint = proven.to.schema.fingerprint
        let detail = "\(force ? "dropped everything, then " : "")\(summary.isEmpty ? "no change" : summary) from \(source); fingerprint \(fingerprint)"
        let work = StepWork(
            file: "sync from \(source)", displayVersion: "sync", statements: sqlStatements,
            record: HistoryRecord(
                version: "sync", name: "sync from \(source)", checksum: fingerprint, semanticChecksum: fingerprint,
                appliedAt: utcTimestamp(), appliedBy: options.actor, executionMs: 0, status: .applied,
                statementsDone: sqlStatements.count),
            event: .sync, splitDialect: dialect.engine, writesRow: false,
            foreignKeysOff: force || proven.rendered.forwardNeedsForeignKeysOff, logDetail: detail)
        let mode: TransactionMode = dialect.isAtomic(sqlStatements)
            ? (dialect.sendsTransactionAtOnce && !work.foreignKeysOff ? .queued : .transaction)
            : .perStatement
        let context = StepContext(store: store, actor: options.actor, emit: { event in self.emit(event) })
        do {
            return try await mode.runner.run(work, in: context)
        } catch {
            if mode != .perStatement { try? await store.connection.execute("ROLLBACK") }
            throw error
        }
    }
}
