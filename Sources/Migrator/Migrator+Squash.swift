import Dialects
import Drivers
import Migrations
import SQLText
import Schema

/// What `squash` writes.
public struct SquashRequest: Sendable {
    /// The first version of the range; nil for the first migration.
    public var from: Version?
    /// The last version of the range.
    public var to: Version
    /// The squash's own version; nil to choose one that sorts right after `to` (or right
    /// before `from`) without taking a version in use.
    public var version: String?
    /// Its name.
    public var name: String
    /// Where to build the scratch databases (another database on a server where the user
    /// may create schemas or databases); nil for the target's own server.
    public var scratchURL: DatabaseURL?
    /// Print the file; write nothing.
    public var dryRun: Bool

    /// Creates a request for the range `from`…`to` (from the first migration when `from` is
    /// nil), named `squash` by default.
    public init(from: Version? = nil, to: Version, version: String? = nil, name: String = "squash", scratchURL: DatabaseURL? = nil, dryRun: Bool = false) {
        self.from = from
        self.to = to
        self.version = version
        self.name = name
        self.scratchURL = scratchURL
        self.dryRun = dryRun
    }
}

/// What `squash` did.
public struct SquashReport: Sendable, Codable {
    /// The file written (or that would be, for a dry run).
    public var file: String
    /// The new file's version.
    public var version: String
    /// The versions the new file replaces.
    public var replaces: [String]
    /// How the up section was made: `schema` (the dump of the schema the range builds) or
    /// `statements` (the range's statements in order, kept because some change data, or
    /// the range does not start at the first migration).
    public var method: String
    /// Whether the file has a down section (every file of the range has one).
    public var hasDown: Bool
    /// Notes for the user, one line each.
    public var notes: [String]
    /// The file's text, for a dry run.
    public var contents: String?
}

extension Migrator {
    /// Writes one migration that replaces the range `from...to`, proven on a scratch
    /// database before it is written: replaying the migrations before the range and then
    /// the new file gives the same schema as replaying the originals, and its down section
    /// returns to the schema before the range.
    ///
    /// On databases where the whole range ran, the new file is recorded without running;
    /// on fresh ones it runs instead of the range. The original files can stay.
    ///
    /// - Throws: ``MigratorError`` when the range is not two migrations or more, when the
    ///   target database applied only part of it (explained), or when the proof fails.
    public func squash(_ request: SquashRequest) async throws -> SquashReport {
        try requireURL(for: "squash")
        let local = try writableDirectory()
        let slug = MigrationWriter.slug(request.name)
        guard !slug.isEmpty else {
            throw MigratorError(.notAllowed, "--name '\(request.name)' has no letters or digits; e.g. --name squash_001_017")
        }
        return try await withEventLoopAffinity {
            try await squash(request, into: local, slug: slug)
        }
    }

    private func squash(_ request: SquashRequest, into local: LocalDirectory, slug: String) async throws -> SquashReport {
        let set = try loadMigrations()
        let all = set.migrations
        guard all.contains(where: { $0.version == request.to }) else {
            throw MigratorError(.unknownVersion, "--to \(request.to) names no migration in \(set.directory); give the version of the last file to squash")
        }
        guard let from = request.from ?? all.first?.version else {
            throw MigratorError(.notAllowed, "\(set.directory) has no migrations to squash")
        }
        guard all.contains(where: { $0.version == from }) else {
            throw MigratorError(.unknownVersion, "--from \(from) names no migration in \(set.directory)")
        }
        let range = all.filter { $0.version >= from && $0.version <= request.to }
        guard range.count >= 2 else {
            throw MigratorError(.notAllowed, "\(from)..\(request.to) holds \(range.count) migration; a squash replaces two or more")
        }
        if let nested = range.first(where: { !$0.replaces.isEmpty }) {
            throw MigratorError(.notAllowed, "\(nested.up.file) already replaces other migrations; squash a range without replacing migrations, or squash up to the one before it", file: nested.up.file)
        }
        let prefix = all.filter { $0.version < from }
        let version = try squashVersion(request, from: from, in: set)
        try await checkSquashOnTarget(range)

        let changesData = try range.contains { m in try m.up.statements().contains(where: \.isDataChange) }
        let bySchema = prefix.isEmpty && !changesData
        var notes: [String] = []
        if changesData { notes.append("the range changes data, so its statements are kept in order rather than a schema dump") }
        let downs = try range.map { try $0.down() }
        let hasDown = downs.allSatisfy { $0 != nil }
        if !hasDown, let missing = range.first(where: { !$0.hasDown }) {
            notes.append("\(missing.up.file) has no down section, so neither has the squash")
        }

        // Build the range on scratch: the schema before and after it.
        let built: BuiltRange = try await ScratchDatabase.with(like: url, scratchURL: request.scratchURL, options: options.connect) { scratch in
            try await replay(prefix, on: scratch.connection)
            let before = try await inspect(scratch.connection).schema
            try await replay(range, on: scratch.connection)
            let after = try await inspect(scratch.connection).schema
            return BuiltRange(before: before, after: after, dialect: try await scratch.connection.serverDialect())
        }
        let before = built.before
        let after = built.after
        let serverDialect = built.dialect
        let up: String
        var down: String?
        if bySchema {
            up = SchemaScript.text(SchemaScript.creating(after, with: serverDialect.renderer), dialect: serverDialect)
            down = hasDown ? SchemaScript.text(SchemaScript.dropping(after, with: serverDialect.renderer), dialect: serverDialect) : nil
        } else {
            up = try range.map { m in
                "-- from \(m.up.file)\n" + (try m.up.statements()).map { $0.text + ";\n" }.joined()
            }.joined(separator: "\n")
            down = hasDown ? try downs.reversed().compactMap { $0 }.map { script in
                "-- from \(script.file)\n" + (try script.statements()).map { $0.text + ";\n" }.joined()
            }.joined(separator: "\n") : nil
        }
        let fileName = "\(version)_\(slug).sql"
        let contents = Self.migrationText(
            up: up, down: down, replaces: range.map(\.version), in: set,
            header: "-- Squash of \(range[0].up.file) … \(range[range.count - 1].up.file) (strata squash).\n-- Where they all ran, this is recorded without running; on a fresh database it runs instead of them.")

        // Prove it: the prefix, then the new file, gives the same schema; its down returns.
        let proof = try MigrationSet.load(from: MemoryDirectory([fileName: contents]), engine: url.engine)
        guard let squash = proof.migrations.first else {
            throw MigratorError(.notAllowed, "the squash file does not read back as a migration")
        }
        try await ScratchDatabase.with(like: url, scratchURL: request.scratchURL, options: options.connect) { scratch -> Void in
            try await replay(prefix, on: scratch.connection)
            try await replay([squash], on: scratch.connection)
            let built = try await inspect(scratch.connection).schema
            guard built == after else {
                throw MigratorError(.notAllowed, "the squash does not build the schema the range builds: \(after.differences(to: built).prefix(5).map(\.description).joined(separator: "; ")); nothing was written")
            }
            if let down = try squash.down() {
                for statement in try down.statements() { try await scratch.connection.execute(statement.text) }
                let reverted = try await inspect(scratch.connection).schema
                guard reverted == before else {
                    throw MigratorError(.notAllowed, "the squash's down section does not return to the schema before \(from): \(before.differences(to: reverted).prefix(5).map(\.description).joined(separator: "; ")); nothing was written")
                }
            }
        }
        notes.append("databases that applied only part of \(from)..\(request.to) must apply the rest with the original files (`strata up --to \(request.to)`) before this file is deployed there; `strata up` stops and says so")
        var report = SquashReport(
            file: local.displayPath(of: fileName), version: version, replaces: range.map(\.version.description),
            method: bySchema ? "schema" : "statements", hasDown: down != nil, notes: notes)
        if request.dryRun {
            report.contents = contents
            return report
        }
        try local.write(fileName, contents: contents)
        return report
    }

    /// The squash's version: the one asked for, or the first free one after `to` that sorts
    /// before the next migration, or the last free one before `from`.
    private func squashVersion(_ request: SquashRequest, from: Version, in set: MigrationSet) throws -> String {
        let versions = set.migrations.map(\.version)
        if let asked = request.version {
            guard let v = Version(asked), asked.allSatisfy(\.isNumber) else {
                throw MigratorError(.unknownVersion, "--version '\(asked)' is not a version; give digits")
            }
            guard !versions.contains(v) else { throw MigratorError(.notAllowed, "version \(asked) is taken; choose another --version") }
            if let next = versions.first(where: { $0 > request.to }), v > next {
                throw MigratorError(.notAllowed, "version \(asked) sorts after \(next), which needs the range first; choose a version between \(request.to) and \(next), or before \(from)")
            }
            return asked
        }
        let width = set.migrations.map(\.version.text.count).max() ?? 3
        func text(_ n: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let numbers = versions.map { Int($0.canonical) }
        guard numbers.allSatisfy({ $0 != nil }), let to = Int(request.to.canonical), let first = Int(from.canonical) else {
            throw MigratorError(.notAllowed, "cannot choose a version between these migrations; give one with --version")
        }
        let taken = Set(numbers.compactMap { $0 })
        let next = numbers.compactMap { $0 }.filter { $0 > to }.min()
        if !taken.contains(to + 1), next.map({ to + 1 < $0 }) ?? true { return text(to + 1) }
        let previous = numbers.compactMap { $0 }.filter { $0 < first }.max() ?? -1
        if first - 1 > previous, first - 1 >= 0, !taken.contains(first - 1) { return text(first - 1) }
        throw MigratorError(.notAllowed, "no free version sorts between \(request.to) and the next migration, or before \(from); give one with --version (e.g. with more digits)")
    }

    /// Refuses when the target database applied only part of the range: there the squash
    /// would be neither run nor recorded.
    private func checkSquashOnTarget(_ range: [Migration]) async throws {
        let history: [HistoryRecord]
        do {
            history = try await withStore { try await $0.read() ?? [] }
        } catch {
            return  // Not reachable: the squash is about files; the proof runs on scratch.
        }
        let done = Set(history.filter { $0.status == .applied || $0.status == .covered || $0.status == .baseline || $0.status == .adopted }.map(\.version))
        let applied = range.filter { done.contains($0.version.description) }
        guard !applied.isEmpty, applied.count < range.count else { return }
        let missing = range.filter { !done.contains($0.version.description) }
        throw MigratorError(
            .replaceConflict,
            "\(url) applied \(applied.count) of the \(range.count) migrations to squash (not \(Self.versionList(missing.map(\.version)))): there the squash could neither run (it would redo \(Self.versionList(applied.map(\.version)))) nor be recorded (it would skip the rest). Apply them first with `strata up --to \(range[range.count - 1].version)`, or squash only \(Self.versionList(applied.map(\.version)))")
    }

    /// Runs the up sections of `migrations` on `connection`, in order, naming the failing file.
    func replay(_ migrations: [Migration], on connection: any Connection) async throws {
        for m in migrations {
            for statement in try m.up.statements() {
                do {
                    try await connection.execute(statement.text)
                } catch let error as DatabaseError {
                    throw MigratorError(.statementFailed, "replaying on a scratch database failed: \(error.message)", file: m.up.file, line: statement.line, version: m.version.description)
                }
            }
        }
    }

    /// Inspects a database with its server's inspector.
    func inspect(_ connection: any Connection) async throws -> Inspection {
        try await connection.serverDialect().inspector.inspect(connection, scope: InspectionScope())
    }

    /// Inspects the live schema of ``url`` (Strata's own tables left out).
    public func inspectLive() async throws -> (inspection: Inspection, dialect: any Dialect) {
        try await withEventLoopAffinity {
            try await withStore { store in
                (try await store.inspectLive(), try await store.connection.serverDialect())
            }
        }
    }
}

private struct BuiltRange: Sendable {
    var before: Schema
    var after: Schema
    var dialect: any Dialect
}
