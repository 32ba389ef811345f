import Dialects
import Drivers
import Foundation
import Migrations
import SQLText
import Schema
import SchemaDiff

/// One change as `diff`, `generate` and `sync` report it.
public struct ChangeReport: Sendable, Codable, Hashable {
    /// One line: `add column users.email (string(200), nullable)`.
    public var summary: String
    /// The kind of object (`table`, `column`, `index`, …).
    public var kind: String
    /// The object, qualified by table where it has one.
    public var object: String
    /// The change's own rule id.
    public var rule: String
    /// Its classes, in a fixed order.
    public var classes: [ChangeClass]
    /// Its findings beyond "safe": rule, class, message, remedy.
    public var findings: [ChangeFinding]
    /// Its forward DDL.
    public var statements: [String]

    init(_ step: RenderedPlan.Step) {
        summary = step.change.summary
        kind = step.change.kind.objectKind
        object = step.change.objectName
        rule = step.change.rule
        classes = step.change.classes.sorted()
        findings = step.change.findings.filter { $0.changeClass != .safe || !$0.message.isEmpty }
        statements = step.statements
    }

    /// Whether the change drops or narrows something, or depends on the rows present.
    public var needsPermission: Bool { classes.contains(.destructive) || classes.contains(.dataDependent) }
}

/// What `diff` found.
public struct DiffReport: Sendable, Codable {
    /// The source compared from.
    public var from: String
    /// The source compared to.
    public var to: String
    /// The changes, in the order they run.
    public var changes: [ChangeReport]
    /// Drops and adds that look like undeclared renames.
    public var suggestedRenames: [SuggestedRename]
    /// What differs but is left alone, with the reason.
    public var notes: [String]
    /// The objects carried without being modelled, by name.
    public var warnings: [String]
    /// The forward DDL.
    public var forward: [String]
    /// The reverse DDL.
    public var reverse: [String]
    /// Where the time went.
    public var timing: PlanTiming

    /// Whether there is nothing to do.
    public var isEmpty: Bool { changes.isEmpty }
}

/// Where the time of a `diff` went, in milliseconds (`--verbose` prints it).
public struct PlanTiming: Sendable, Codable, Hashable {
    /// Reading the *from* source (inspection, or a scratch database's load).
    public var loadFromMs: Double = 0
    /// Reading the *to* source.
    public var loadToMs: Double = 0
    /// Planning and rendering both directions.
    public var planMs: Double = 0
    /// Reading both sides once more through a scratch database, when the plan would
    /// replace a check, view, default or index that may differ only in spelling.
    public var settleMs: Double = 0
    /// Proving the plan on a scratch database.
    public var proofMs: Double = 0
}

/// What `diff` compares.
public struct DiffRequest: Sendable {
    /// The schema as it is; nil for the migrator's database.
    public var from: SchemaSource?
    /// The schema as it should be.
    public var to: SchemaSource
    /// Declared renames (`--rename`), added to those the sources declare.
    public var renames: [Rename]
    /// Where scratch databases go instead of the target's server.
    public var scratchURL: DatabaseURL?
    /// Asked about each suggested rename (a terminal's prompt); a yes makes it a declared
    /// rename. Nil: suggestions are only reported.
    public var confirmRename: RenameConfirmation?

    /// Creates a request.
    public init(from: SchemaSource? = nil, to: SchemaSource, renames: [Rename] = [], scratchURL: DatabaseURL? = nil,
                confirmRename: RenameConfirmation? = nil) {
        self.from = from
        self.to = to
        self.renames = renames
        self.scratchURL = scratchURL
        self.confirmRename = confirmRename
    }
}

/// A plan computed and proven between two loaded schemas.
struct ProvenPlan: Sendable {
    var rendered: RenderedPlan
    var from: LoadedSchema
    var to: LoadedSchema
    var dialect: any Dialect

    var changes: [ChangeReport] { rendered.forward.map(ChangeReport.init) }
    var needingPermission: [ChangeReport] { changes.filter(\.needsPermission) }
}

extension Migrator {
    /// The classified changes from one schema to another, with their DDL both ways,
    /// proven on a scratch database before they are returned.
    ///
    /// - Throws: ``MigratorError`` for a source that cannot be read (naming the file and
    ///   line), or `.planUnproven` naming the object that came out differently.
    public func diff(_ request: DiffRequest) async throws -> DiffReport {
        try requireURL(for: "diff")
        return try await withEventLoopAffinity {
            let fromSource = request.from ?? .database(url)
            let target = fromSource.databaseURL ?? request.to.databaseURL ?? url
            let clock = ContinuousClock()
            var timing = PlanTiming()
            var mark = clock.now
            func lap() -> Double {
                let now = clock.now
                defer { mark = now }
                return Double((now - mark).milliseconds)
            }
            let from = try await fromSource.load(like: target, scratchURL: request.scratchURL, options: options.connect)
            timing.loadFromMs = lap()
            let to = try await request.to.load(like: target, scratchURL: request.scratchURL, options: options.connect)
            timing.loadToMs = lap()
            let proven = try await prove(from: from, to: to, renames: request.renames + to.renames, like: target,
                                         scratchURL: request.scratchURL, confirm: request.confirmRename, timing: &timing)
            return DiffReport(
                from: fromSource.description, to: request.to.description, changes: proven.changes,
                suggestedRenames: proven.rendered.plan.suggestedRenames, notes: proven.rendered.plan.notes,
                warnings: Array(Set(from.warnings + to.warnings)).sorted(),
                forward: proven.rendered.forwardStatements, reverse: proven.rendered.reverseStatements, timing: timing)
        }
    }

    /// Plans `from` → `to` with the engine's differ and proves the plan forward and back on
    /// a scratch database.
    func prove(
        from: LoadedSchema, to: LoadedSchema, renames: [Rename], like target: DatabaseURL, scratchURL: DatabaseURL?,
        confirm: RenameConfirmation? = nil
    ) async throws -> ProvenPlan {
        var timing = PlanTiming()
        return try await prove(from: from, to: to, renames: renames, like: target, scratchURL: scratchURL, confirm: confirm, timing: &timing)
    }

    func prove(
        from: LoadedSchema, to: LoadedSchema, renames: [Rename], like target: DatabaseURL, scratchURL: DatabaseURL?,
        confirm: RenameConfirmation?, timing: inout PlanTiming
    ) async throws -> ProvenPlan {
        let dialect = to.dialect
        let clock = ContinuousClock()
        func timed<T>(_ ms: inout Double, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            defer { ms += Double((clock.now - start).nanoseconds) / 1e6 }
            return try body()
        }
        var from = from
        var to = to
        var renames = renames
        var rendered = timed(&timing.planMs) { dialect.renderPlan(from: from.schema, to: to.schema, renames: renames) }
        var settled = false
        // An engine may not read its own output back the same (PostgreSQL writes the casts
        // of an `IN` check differently the second time): when a check, view, default or
        // index would be replaced, or the proof finds a difference, both sides go once more
        // through a scratch database, so that what differs is meaning, not spelling.
        func settleBothSides() async throws {
            let start = clock.now
            (from.schema, to.schema) = try await settle(from.schema, to.schema, dialect: dialect, like: target, scratchURL: scratchURL)
            timing.settleMs += Double((clock.now - start).nanoseconds) / 1e6
            settled = true
            rendered = timed(&timing.planMs) { dialect.renderPlan(from: from.schema, to: to.schema, renames: renames) }
        }
        if rendered.plan.replacesSpelledObjects { try await settleBothSides() }
        if let confirm, !rendered.plan.suggestedRenames.isEmpty {
            let accepted = rendered.plan.suggestedRenames.filter { confirm($0) }.map(\.rename)
            renames += accepted
            if !accepted.isEmpty { rendered = dialect.renderPlan(from: from.schema, to: to.schema, renames: renames) }
        }
        let planned = clock.now
        let settledBeforeProof = timing.settleMs
        defer { timing.proofMs = Double((clock.now - planned).nanoseconds) / 1e6 - (timing.settleMs - settledBeforeProof) }
        while !rendered.isEmpty {
            do {
                try await ScratchDatabase.with(like: target, scratchURL: scratchURL, options: options.connect) { [rendered, from, to] scratch in
                    try await PlanProof.prove(rendered, from: from.schema, to: to.schema, dialect: dialect, on: scratch)
                }
                break
            } catch let error as PlanProofError {
                guard !settled, error.failedStatement == nil else { throw MigratorError(.planUnproven, error.description) }
                try await settleBothSides()
            }
        }
        return ProvenPlan(rendered: rendered, from: from, to: to, dialect: dialect)
    }

    /// `from` and `to` as the engine settles them: each created on a scratch database and
    /// read back. After one such round the engine's spelling of expressions no longer
    /// changes.
    func settle(_ from: Schema, _ to: Schema, dialect: any Dialect, like target: DatabaseURL, scratchURL: DatabaseURL?) async throws -> (Schema, Schema) {
        func once(_ schema: Schema) async throws -> Schema {
            guard !schema.tables.isEmpty || !schema.views.isEmpty else { return schema }
            return try await ScratchDatabase.with(like: target, scratchURL: scratchURL, options: options.connect) { scratch in
                do {
                    return try await ScratchLoad.canonical(schema, on: scratch, dialect: dialect).schema
                } catch let failure as SchemaApplier.Failure {
                    throw MigratorError(.planUnproven, "a schema did not re-create on a scratch database: \(failure)")
                }
            }
        }
        return (try await once(from), try await once(to))
    }

    /// The error for changes that need `--allow-destructive`, naming each, and the
    /// declaration of every suggested rename.
    static func permissionError(_ plan: ProvenPlan, command: String, wrote file: String? = nil) -> MigratorError {
        let needing = plan.needingPermission
        let listed = needing.prefix(5).map { change in
            let finding = change.findings.first { $0.changeClass == .destructive || $0.changeClass == .dataDependent }
            return "\(change.summary) [\(finding?.rule ?? change.rule)]"
        }.joined(separator: "; ")
        let more = needing.count > 5 ? " and \(needing.count - 5) more" : ""
        let renames = plan.rendered.plan.suggestedRenames.map { s in
            "if \(s.rename.argument.replacingOccurrences(of: "=", with: " became ")) is a rename, declare it: \(s.sqlAnnotation) on its line in schema.sql, \(s.dslAnnotation) in the DSL, or --rename \(s.argument)"
        }
        let head = file.map { "\($0) was written with \(needing.count) step\(needing.count == 1 ? "" : "s") marked for review: " }
            ?? "\(command) changed nothing: \(needing.count) change\(needing.count == 1 ? "" : "s") would drop data or depend on the rows present: "
        let tail = renames.isEmpty ? "" : "; " + renames.joined(separator: "; ")
        return MigratorError(.needsPermission, head + listed + more + tail + "; pass --allow-destructive if you mean it")
    }
}

extension SchemaPlan {
    /// Whether the plan replaces an object that is on both sides with different SQL text
    /// (a check, view, index, default or carried object): the difference may be the
    /// engine's spelling only.
    var replacesSpelledObjects: Bool {
        var dropped: Set<String> = []
        for change in changes {
            switch change.kind {
            case .dropCheck, .dropView, .dropIndex, .dropUnmodelled: dropped.insert(change.kind.objectKind + " " + change.objectName)
            case .alterColumn(_, let old, let new) where old.defaultValue != new.defaultValue: return true
            default: break
            }
        }
        return changes.contains { change in
            switch change.kind {
            case .addCheck, .createView, .addIndex, .createUnmodelled: dropped.contains(change.kind.objectKind + " " + change.objectName)
            default: false
            }
        }
    }
}

/// Asked about one suggested rename; true makes it a declared rename.
public typealias RenameConfirmation = @Sendable (SuggestedRename) -> Bool

extension MigratorError.Code {
    /// A plan needs `--allow-destructive`: it drops or narrows something, or depends on
    /// the rows present. The CLI exits 3.
    public static let needsPermission = MigratorError.Code(raw: "needs-permission")
    /// A plan did not prove itself on the scratch database; nothing was shown or applied.
    public static let planUnproven = MigratorError.Code(raw: "plan-unproven")
}
