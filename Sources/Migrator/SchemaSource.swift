import Dialects
import Drivers
import Foundation
import Migrations
import Schema
import SchemaDiff

/// Where a schema comes from: what `--from`, `--to` and `--schema` take.
///
/// Every kind is read by the target's engine, so that two sources that mean the same
/// compare equal: DDL runs on a scratch database and is read back, a model (JSON or the
/// Swift DSL) is created there and read back, a migration directory is replayed there.
/// Only a live database is read where it is.
public enum SchemaSource: Sendable, CustomStringConvertible {
    /// A live database (`sqlite:…`, `postgres://…`, `mysql://…`).
    case database(DatabaseURL)
    /// A file of desired-state DDL (`schema.sql`), with `-- strata:renamed from=old`.
    case sqlFile(String)
    /// The model's JSON form (`schema.json`, as `strata dump --format json` writes it).
    case jsonFile(String)
    /// A migration directory, replayed on a scratch database.
    case directory(String)
    /// A model declared in code (the Swift DSL), with its declared renames.
    case model(Schema, renames: [Rename], name: String)

    /// The source an argument names: a URL by its scheme, a `.sql` or `.json` file by its
    /// extension, a directory when it is one.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` saying which kinds are understood.
    public init(argument: String) throws {
        if argument.hasPrefix("sqlite:") || argument.contains("://") {
            self = .database(try DatabaseURL(argument))
            return
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            self = .directory(argument)
        } else if argument.lowercased().hasSuffix(".sql") {
            self = .sqlFile(argument)
        } else if argument.lowercased().hasSuffix(".json") {
            self = .jsonFile(argument)
        } else {
            throw MigratorError(
                .notAllowed,
                "'\(argument)' is not a schema source: give a database URL (sqlite:…, postgres://…, mysql://…), a .sql file of desired DDL, a .json file from `strata dump --format json`, or a migration directory\(exists ? "" : " (no such file or directory)")")
        }
    }

    /// The source as the user named it (a URL without its password).
    public var description: String {
        switch self {
        case .database(let url): url.description
        case .sqlFile(let path), .jsonFile(let path), .directory(let path): path
        case .model(_, _, let name): name
        }
    }

    /// The database URL, for a live source.
    public var databaseURL: DatabaseURL? {
        if case .database(let url) = self { return url }
        return nil
    }
}

/// A schema read from a source, as its engine reads it back.
public struct LoadedSchema: Sendable {
    /// The schema.
    public var schema: Schema
    /// The renames the source declares (DSL `renamedFrom:`, `-- strata:renamed`).
    public var renames: [Rename]
    /// The objects carried without being modelled, by name.
    public var warnings: [String]
    /// The dialect of the engine that read it.
    public var dialect: any Dialect
}

extension SchemaSource {
    /// Reads the schema.
    ///
    /// - Parameters:
    ///   - target: The database whose engine reads the source (and whose server holds the
    ///     scratch database); a live source must be of the same engine.
    ///   - scratchURL: Where to create scratch databases instead (`--scratch-url`).
    ///   - options: How to connect.
    /// - Throws: ``MigratorError`` naming the file and line of what the engine refused,
    ///   or the source that cannot be read.
    public func load(like target: DatabaseURL, scratchURL: DatabaseURL? = nil, options: ConnectOptions = ConnectOptions()) async throws -> LoadedSchema {
        switch self {
        case .database(let url):
            guard url.engine == target.engine else {
                throw MigratorError(.notAllowed, "\(url) is \(url.engine.displayName) but the schemas are compared on \(target.engine.displayName); compare schemas of one engine")
            }
            return try await Self.inspectLive(url, options: options)
        case .sqlFile(let path):
            let script = try Self.read(path)
            let renames: [Rename]
            do {
                renames = try RenameAnnotations.read(script, file: path, dialect: target.engine)
            } catch let failure as RenameAnnotations.Failure {
                throw MigratorError(.notAllowed, failure.problem, file: failure.file, line: failure.line)
            }
            return try await withScratch(target, scratchURL, options) { scratch, dialect in
                do {
                    let inspection = try await ScratchLoad.schema(ofScript: script, file: path, on: scratch, dialect: dialect)
                    return LoadedSchema(schema: inspection.schema, renames: renames, warnings: inspection.warnings.map(\.message), dialect: dialect)
                } catch let failure as ScratchLoad.Failure {
                    throw MigratorError(.statementFailed, "the engine refused this statement of the desired schema: \(failure.message); fix it", file: failure.file, line: failure.line)
                }
            }
        case .jsonFile(let path):
            let data = try Self.read(path)
            let schema: Schema
            do {
                schema = try Schema(json: Data(data.utf8))
            } catch {
                throw MigratorError(.notAllowed, "\(path) is not a schema in Strata's JSON form: \(error); write it with `strata dump --format json`")
            }
            return try await canonical(schema, renames: [], name: path, target, scratchURL, options)
        case .model(let schema, let renames, let name):
            return try await canonical(schema, renames: renames, name: name, target, scratchURL, options)
        case .directory(let path):
            let set = try MigrationSet.load(from: LocalDirectory(path), engine: target.engine, allowEmpty: true)
            return try await withScratch(target, scratchURL, options) { scratch, dialect in
                for migration in set.migrations {
                    for statement in try migration.up.statements() {
                        do {
                            try await scratch.connection.execute(statement.text)
                        } catch let error as DatabaseError {
                            throw MigratorError(.statementFailed, "replaying on a scratch database failed: \(error.message)", file: migration.up.file, line: statement.line, version: migration.version.description)
                        }
                    }
                }
                let inspection = try await ScratchLoad.inspect(scratch, dialect: dialect)
                return LoadedSchema(schema: inspection.schema, renames: [], warnings: inspection.warnings.map(\.message), dialect: dialect)
            }
        }
    }

    private func canonical(
        _ schema: Schema, renames: [Rename], name: String, _ target: DatabaseURL, _ scratchURL: DatabaseURL?, _ options: ConnectOptions
    ) async throws -> LoadedSchema {
        let issues = schema.validationIssues()
        if let first = issues.first {
            throw MigratorError(.notAllowed, "\(name) is not a valid schema: \(first)\(issues.count > 1 ? " (and \(issues.count - 1) more)" : "")")
        }
        return try await withScratch(target, scratchURL, options) { scratch, dialect in
            do {
                let inspection = try await ScratchLoad.canonical(schema, on: scratch, dialect: dialect)
                return LoadedSchema(schema: inspection.schema, renames: renames, warnings: inspection.warnings.map(\.message), dialect: dialect)
            } catch let failure as SchemaApplier.Failure {
                throw MigratorError(.statementFailed, "\(name): \(failure) (the declared schema is created on a scratch database to read it as the engine does)")
            }
        }
    }

    private func withScratch(
        _ target: DatabaseURL, _ scratchURL: DatabaseURL?, _ options: ConnectOptions,
        _ body: @Sendable (ScratchDatabase, any Dialect) async throws -> LoadedSchema
    ) async throws -> LoadedSchema {
        try await ScratchDatabase.with(like: target, scratchURL: scratchURL, options: options) { scratch in
            let dialect = try await scratch.connection.serverDialect()
            return try await body(scratch, dialect)
        }
    }

    static func inspectLive(_ url: DatabaseURL, options: ConnectOptions) async throws -> LoadedSchema {
        let connection = try await Drivers.connect(to: url, options: options)
        do {
            let dialect = try await connection.serverDialect()
            let inspection = try await dialect.inspector.inspect(connection, scope: InspectionScope(namespace: dialect.historySchema(for: url)))
            try? await connection.close()
            var schema = inspection.schema
            schema.name = nil
            schema.defaultCharacterSet = nil
            schema.defaultCollation = nil
            return LoadedSchema(schema: schema, renames: [], warnings: inspection.warnings.map(\.message), dialect: dialect)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MigratorError(.notAllowed, "cannot read \(path): no such file, or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MigratorError(.notAllowed, "\(path) is not UTF-8 text")
        }
        return text
    }
}
