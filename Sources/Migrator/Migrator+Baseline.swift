import Dialects
import Drivers
import Migrations
import SQLText
import Schema

/// What `baseline` writes and records.
public struct BaselineRequest: Sendable {
    /// The version of the baseline migration.
    public var version: String
    /// Its name (the file is `VERSION_NAME.sql`).
    public var name: String
    /// Replace only the files up to and including this version (the ones that ran); the
    /// later ones stay pending. Nil: every file present. The baseline's own version: none
    /// (no file ran here; the database was made another way, e.g. by an ORM's sync).
    public var through: Version?
    /// Write and record a baseline although the database has Strata history.
    public var allowExistingHistory: Bool
    /// Print the file; write and record nothing.
    public var dryRun: Bool

    /// Creates a request; by default version `000`, name `initial_schema`, every file present
    /// replaced.
    public init(
        version: String = "000", name: String = "initial_schema", through: Version? = nil,
        allowExistingHistory: Bool = false, dryRun: Bool = false
    ) {
        self.version = version
        self.name = name
        self.through = through
        self.allowExistingHistory = allowExistingHistory
        self.dryRun = dryRun
    }
}

/// What `baseline` did.
public struct BaselineReport: Sendable, Codable {
    /// The file written (or that would be).
    public var file: String
    /// The baseline's version.
    public var version: String
    /// The versions the baseline replaces, recorded as covered.
    public var replaces: [String]
    /// The repeatable migrations recorded as applied (the live schema holds them).
    public var repeatables: [String]
    /// The versions left pending (after `--through`).
    public var pending: [String]
    /// The number of tables in the schema written.
    public var tables: Int
    /// The number of views in the schema written.
    public var views: Int
    /// Objects carried without being modelled, one line each.
    public var warnings: [String]
    /// The file's text, for a dry run.
    public var contents: String?
}

extension Migrator {
    /// Writes the live schema as the first migration, replacing the files it already
    /// reflects, and records it as `baseline` without executing anything.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` when the database has history (unless
    ///   ``BaselineRequest/allowExistingHistory``), when the version is taken, or when the
    ///   directory is not on disk.
    public func baseline(_ request: BaselineRequest = BaselineRequest()) async throws -> BaselineReport {
        guard let version = Version(request.version), request.version.allSatisfy(\.isNumber) else {
            throw MigratorError(.unknownVersion, "--version '\(request.version)' is not a version; give digits, e.g. --version 000")
        }
        let slug = MigrationWriter.slug(request.name)
        guard !slug.isEmpty else {
            throw MigratorError(.notAllowed, "--name '\(request.name)' has no letters or digits; e.g. --name initial_schema")
        }
        let local = try writableDirectory()
        return try await withEventLoopAffinity {
            try await withFilesAndStore { set, store in
                let history = try await store.read() ?? []
                try checkBaselinePossible(set: set, history: history, version: version, request: request)
                let work = { () async throws -> BaselineReport in
                    let dialect = try await store.connection.serverDialect()
                    let inspection = try await store.inspectLive()
                    let recorded = Set(history.map(\.version))
                    let replaced = set.migrations.filter { m in
                        (request.through.map { m.version <= $0 } ?? true) && !recorded.contains(m.version.description)
                    }
                    let fileName = "\(request.version)_\(slug).sql"
                    let contents = Self.migrationText(
                        up: SchemaScript.text(SchemaScript.creating(inspection.schema, with: dialect.renderer), dialect: dialect),
                        down: SchemaScript.text(SchemaScript.dropping(inspection.schema, with: dialect.renderer), dialect: dialect),
                        replaces: replaced.map(\.version), in: set,
                        header: "-- The schema of the database as it was when Strata took it over (strata baseline).\n-- On a database that has it, this is recorded without running; on an empty one it builds it.")
                    var report = BaselineReport(
                        file: local.displayPath(of: fileName), version: request.version, replaces: replaced.map(\.version.description),
                        repeatables: set.repeatables.map(\.name),
                        pending: set.migrations.filter { m in request.through.map { m.version > $0 } ?? false }.map(\.version.description),
                        tables: inspection.schema.tables.count, views: inspection.schema.views.count,
                        warnings: inspection.warnings.map(\.message))
                    if request.dryRun {
                        report.contents = contents
                        return report
                    }
                    try local.write(fileName, contents: contents)
                    guard let written = try loadMigrations().migrations.first(where: { $0.version == version }) else {
                        throw MigratorError(.notAllowed, "\(report.file) was written but does not read back as migration \(request.version); check the directory's format")
                    }
                    try await recordBaseline(written, replaced: replaced, repeatables: set.repeatables, store: store)
                    try await store.recordSchema(inspection.schema, after: written.version.description)
                    return report
                }
                return request.dryRun ? try await work() : try await withLock(store) { try await work() }
            }
        }
    }

    private func checkBaselinePossible(set: MigrationSet, history: [HistoryRecord], version: Version, request: BaselineRequest) throws {
        if !history.isEmpty, !request.allowExistingHistory {
            let last = Self.lastApplied(history).map { ", the last \($0.version) on \($0.appliedAt)" } ?? ""
            throw MigratorError(
                .notAllowed,
                "\(url) already has Strata history (\(history.count) row\(history.count == 1 ? "" : "s")\(last)); baseline is for a database without it: see `strata status`, or pass --allow-existing-history to record a baseline anyway")
        }
        if let existing = set.migrations.first(where: { $0.version == version }) {
            throw MigratorError(.notAllowed, "migration \(version) already exists (\(existing.up.file)); choose another --version, below the first file's")
        }
        if history.contains(where: { Version($0.version) == version }) {
            throw MigratorError(.notAllowed, "version \(version) is already in the history; choose another --version")
        }
        // --through the baseline's own version: it replaces none of the files.
        if let through = request.through, through != version, !set.migrations.contains(where: { $0.version == through }) {
            throw MigratorError(.unknownVersion, "--through \(through) names no migration in \(set.directory); give the version of the last file that already ran here")
        }
    }

    /// Records `baseline` (status `baseline`), the versions it replaces as covered, the
    /// repeatables as applied, and one log entry: in one transaction where the engine allows.
    private func recordBaseline(_ baseline: Migration, replaced: [Migration], repeatables: [RepeatableMigration], store: HistoryStore) async throws {
        let now = utcTimestamp()
        let actor = options.actor
        var rows = [store.insertStatement(HistoryRecord(
            version: baseline.version.description, name: baseline.name, checksum: baseline.checksum,
            semanticChecksum: try baseline.semanticChecksum(), appliedAt: now, appliedBy: actor, executionMs: 0, status: .baseline
        ))]
        for m in replaced {
            rows.append(store.upsertStatement(HistoryRecord(
                version: m.version.description, name: "(replaced by \(baseline.version))", checksum: "", semanticChecksum: "",
                appliedAt: now, appliedBy: actor, executionMs: 0, status: .covered
            )))
        }
        for r in repeatables {
            rows.append(store.upsertStatement(HistoryRecord(
                version: HistoryKey.repeatable(name: r.name).text, name: r.name, checksum: r.checksum,
                semanticChecksum: try r.up.semanticChecksum(), appliedAt: now, appliedBy: actor, executionMs: 0, status: .applied
            )))
        }
        let covered = replaced.isEmpty ? "" : "; covers \(Self.versionList(replaced.map(\.version)))"
        rows.append(store.logStatement(
            event: .baseline, version: baseline.version.description, name: baseline.name, checksum: baseline.checksum, actor: actor,
            detail: "recorded the live schema as \(baseline.up.file) without running it\(covered)", at: now))
        if store.dialect.transactionalDDL {
            try await store.connection.execute(
                pipeline: [BatchStatement(store.dialect.beginTransaction)] + store.writeStatements(rows) + [BatchStatement("COMMIT")])
        } else {
            try await store.write(rows)
        }
    }

    func writableDirectory() throws -> LocalDirectory {
        guard let local = directory as? LocalDirectory else {
            throw MigratorError(.notAllowed, "this command writes a migration file: give a migrations directory on disk (--dir)")
        }
        return local
    }

    /// A sectioned migration file: header, `-- strata:replaces`, up and down sections.
    static func migrationText(up: String, down: String?, replaces: [Version], in set: MigrationSet, header: String) -> String {
        var text = header + "\n"
        if !replaces.isEmpty {
            text += "-- strata:replaces \(versionList(replaces, in: set))\n"
        }
        text += "\n-- migrate:up\n" + up
        if let down {
            text += "\n-- migrate:down\n" + down
        }
        return text
    }

    /// Versions as ranges of the set's consecutive migrations (`001..017, 019`), or a list.
    static func versionList(_ versions: [Version], in set: MigrationSet? = nil) -> String {
        let sorted = versions.sorted()
        guard let set else { return sorted.map(\.description).joined(separator: ", ") }
        let all = set.migrations.map(\.version).sorted()
        let position = Dictionary(all.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var parts: [String] = []
        var start: Version?
        var last: Version?
        func flush() {
            guard let start, let last else { return }
            parts.append(start == last ? start.description : "\(start)..\(last)")
        }
        for v in sorted {
            if let l = last, let p = position[l], let q = position[v], q == p + 1 {
                last = v
                continue
            }
            flush()
            start = v
            last = v
        }
        flush()
        return parts.joined(separator: ", ")
    }
}
