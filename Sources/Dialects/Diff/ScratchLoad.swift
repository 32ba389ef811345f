import Drivers
import Schema
import SQLText

/// Desired-state DDL read by the engine itself: the script runs on a scratch database of
/// the target's engine and the result is inspected. Strata parses nothing of it.
public enum ScratchLoad {
    /// A statement of a desired-state script that the engine refused.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The script's file, as given.
        public var file: String
        /// The statement's first line in the file.
        public var line: Int
        /// The engine's message.
        public var message: String

        /// `file:line:`, the engine's message, and a reminder that the engine loaded the script.
        public var description: String {
            "\(file):\(line): the engine refused this statement: \(message); fix it (the desired schema is loaded on a scratch database of the same engine)"
        }
    }

    /// Runs `script` on `scratch` and returns the schema the engine made of it.
    ///
    /// A hand-written script need not be in dependency order: the statements the engine
    /// refuses are tried again after the others, as long as each pass gets further. A
    /// statement still refused when no pass gets further is the error.
    ///
    /// - Parameters:
    ///   - script: The DDL.
    ///   - file: Its file name, for errors.
    ///   - scratch: An empty scratch database of the target's engine.
    ///   - dialect: Its dialect.
    /// - Throws: ``Failure`` naming the file and line, or `SQLSplitError`.
    public static func schema(
        ofScript script: String, file: String, on scratch: ScratchDatabase, dialect: any Dialect
    ) async throws -> Inspection {
        let statements = try SQLSplitter(dialect: dialect.engine).split(script)
        var pending = statements
        var lastFailure: (SQLStatement, String)?
        while !pending.isEmpty {
            var refused: [SQLStatement] = []
            for statement in pending {
                do {
                    try await scratch.connection.execute(statement.text)
                } catch let error as DatabaseError {
                    refused.append(statement)
                    if lastFailure == nil || refused.count == 1 { lastFailure = (statement, error.message) }
                }
            }
            if refused.count == pending.count, let (statement, message) = lastFailure {
                throw Failure(file: file, line: statement.line, message: message)
            }
            pending = refused
            lastFailure = nil
        }
        return try await inspect(scratch, dialect: dialect)
    }

    /// The schema as this engine makes it: `schema` created on `scratch` and read back, so
    /// that a model written by hand (the DSL, a JSON file) compares equal to what a
    /// database that ran it would hold.
    ///
    /// - Throws: ``SchemaApplier/Failure`` for a statement the engine refused.
    public static func canonical(_ schema: Schema, on scratch: ScratchDatabase, dialect: any Dialect) async throws -> Inspection {
        // The model in the form the engine reads back first (MySQL's unique constraints are
        // unique indexes, …): the renderer writes that form.
        let normalized = dialect.normalizer.normalize(schema)
        try await SchemaApplier.apply(SchemaScript.creating(normalized, with: dialect.renderer), on: scratch.connection,
                                      dialect: dialect, foreignKeysOff: false)
        return try await inspect(scratch, dialect: dialect)
    }

    /// Inspects the scratch database's namespace.
    public static func inspect(_ scratch: ScratchDatabase, dialect: any Dialect) async throws -> Inspection {
        var inspection = try await dialect.inspector.inspect(scratch.connection, scope: InspectionScope(namespace: scratch.namespace))
        inspection.schema.name = nil
        inspection.schema.defaultCharacterSet = nil
        inspection.schema.defaultCollation = nil
        return inspection
    }
}

extension SchemaApplier.Failure: CustomStringConvertible {
    /// The refused statement's first line and the engine's message.
    public var description: String {
        let first = statement.split(separator: "\n").first.map(String.init) ?? statement
        return "the engine refused `\(first)`: \(message)"
    }
}
