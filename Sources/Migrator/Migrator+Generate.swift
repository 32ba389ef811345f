import Dialects
import Drivers
import Foundation
import Migrations
import Schema
import SchemaDiff

/// What `generate` writes a migration for.
public struct GenerateRequest: Sendable {
    /// What the migration does, in words (the file's name).
    public var name: String
    /// The desired schema.
    public var schema: SchemaSource
    /// Declared renames (`--rename`), added to those the source declares.
    public var renames: [Rename]
    /// Whether destructive and data-dependent steps are meant (else the report says the
    /// command must exit 3).
    public var allowDestructive: Bool
    /// Where scratch databases go instead of the target's server.
    public var scratchURL: DatabaseURL?
    /// Return the file's text without writing it.
    public var dryRun: Bool
    /// Asked about each suggested rename (a terminal's prompt); a yes makes it a declared
    /// rename. Nil: a suggestion stops the command unless `allowDestructive`.
    public var confirmRename: RenameConfirmation?

    /// Creates a request.
    public init(name: String, schema: SchemaSource, renames: [Rename] = [], allowDestructive: Bool = false,
                scratchURL: DatabaseURL? = nil, dryRun: Bool = false, confirmRename: RenameConfirmation? = nil) {
        self.confirmRename = confirmRename
        self.name = name
        self.schema = schema
        self.renames = renames
        self.allowDestructive = allowDestructive
        self.scratchURL = scratchURL
        self.dryRun = dryRun
    }
}

/// What `generate` wrote.
public struct GenerateReport: Sendable, Codable {
    /// The file written (or that would be), or nil when there was nothing to do.
    public var file: String?
    /// Its version.
    public var version: String?
    /// The changes it makes.
    public var changes: [ChangeReport]
    /// Drops and adds that look like undeclared renames.
    public var suggestedRenames: [SuggestedRename]
    /// What differs but is left alone, with the reason.
    public var notes: [String]
    /// The file's text (with `dryRun`).
    public var contents: String?

    /// The steps marked for review: destructive or data-dependent.
    public var needingPermission: [ChangeReport] { changes.filter(\.needsPermission) }
}

extension Migrator {
    /// Writes a migration from the schema the migration files produce (replayed on a
    /// scratch database) to the desired schema, with up and down sections, named and
    /// numbered like `strata new`. The plan is proven forward and back first.
    ///
    /// Destructive and data-dependent steps are written, each under a comment that names
    /// its rule and remedy; without `allowDestructive` the file is still written and
    /// ``MigratorError`` `.needsPermission` is thrown after it (the CLI exits 3). An
    /// undeclared drop and add that looks like a rename stops before anything is written
    /// unless `allowDestructive`, and the error gives the declaration to add.
    ///
    /// - Throws: ``MigratorError``: `.needsPermission`, `.planUnproven`, a file or
    ///   statement of the sources that the engine refused (naming the file and line).
    public func generate(_ request: GenerateRequest) async throws -> GenerateReport {
        try requireURL(for: "generate")
        let local = try writableDirectory()
        guard !MigrationWriter.slug(request.name).isEmpty else {
            throw MigratorError(.notAllowed, "name '\(request.name)' has no letters or digits; describe the change, e.g. add_devices")
        }
        // A first migration: the directory may not exist yet, or hold nothing.
        try? FileManager.default.createDirectory(atPath: local.path, withIntermediateDirectories: true)
        return try await withEventLoopAffinity {
            let set = try MigrationSet.load(from: directory, engine: url.engine, allowEmpty: true)
            let files = SchemaSource.directory(local.path)
            let from = try await files.load(like: url, scratchURL: request.scratchURL, options: options.connect)
            let to = try await request.schema.load(like: url, scratchURL: request.scratchURL, options: options.connect)
            let proven = try await prove(from: from, to: to, renames: request.renames + to.renames, like: url, scratchURL: request.scratchURL,
                                         confirm: request.confirmRename)
            var report = GenerateReport(
                file: nil, version: nil, changes: proven.changes, suggestedRenames: proven.rendered.plan.suggestedRenames,
                notes: proven.rendered.plan.notes, contents: nil)
            guard !proven.rendered.isEmpty else { return report }
            if !proven.rendered.plan.suggestedRenames.isEmpty, !request.allowDestructive {
                throw Self.permissionError(proven, command: "generate")
            }
            let now = Int64(Date().timeIntervalSince1970)
            let contents = Self.generatedText(proven, source: request.schema.description)
            let file = try MigrationWriter(set).newFile(named: request.name, contents: contents, now: now)
            report.version = file.version
            report.file = local.displayPath(of: file.fileName)
            if request.dryRun {
                report.contents = contents
                return report
            }
            try local.write(file.fileName, contents: contents)
            if !request.allowDestructive, !proven.needingPermission.isEmpty {
                throw Self.permissionError(proven, command: "generate", wrote: report.file)
            }
            return report
        }
    }

    /// The migration's text: a header, then each change's statements under its summary,
    /// with a review marker on every destructive or data-dependent step.
    static func generatedText(_ proven: ProvenPlan, source: String) -> String {
        let dialect = proven.dialect
        var text = "-- Generated by `strata generate` from \(source).\n"
        text += "-- Proven on a scratch \(dialect.engine.displayName) database: up gives the desired schema, down gives back the one before.\n"
        if proven.rendered.forwardNeedsForeignKeysOff || proven.rendered.reverseNeedsForeignKeysOff {
            text += "-- A table is rebuilt: foreign keys are off around the transaction (so that dropping the old table\n"
            text += "-- cascades nothing) and checked before COMMIT.\n"
            text += "-- strata:foreign-keys off\n"
        }
        func section(_ steps: [RenderedPlan.Step]) -> String {
            var out = ""
            for step in steps where !step.statements.isEmpty {
                out += "\n-- \(step.change.summary)\n"
                for finding in step.change.findings where finding.changeClass != .safe {
                    let label = finding.changeClass == .locking ? "note" : "REVIEW"
                    out += "-- strata: \(label) \(finding.changeClass.rawValue) [\(finding.rule)]: \(finding.message)\(finding.remedy.isEmpty ? "" : "; \(finding.remedy)")\n"
                }
                out += SchemaScript.text(step.statements, dialect: dialect)
            }
            return out
        }
        text += "\n-- migrate:up\n" + section(proven.rendered.forward)
        text += "\n-- migrate:down\n" + section(proven.rendered.reverse)
        return text
    }
}
