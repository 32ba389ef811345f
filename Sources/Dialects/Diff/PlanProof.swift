import Drivers
import Schema
import SchemaDiff
import SQLText

/// Proves a rendered plan on a scratch database before anyone sees it: the *from* schema
/// is created, the forward statements must turn it into *to*, and the reverse statements
/// must turn that back into *from*, each as the engine reads it back.
public enum PlanProof {
    /// Runs the proof on `scratch` (which must be empty).
    ///
    /// - Parameters:
    ///   - rendered: The plan, both ways.
    ///   - from: The schema the plan starts from, as this engine reads it.
    ///   - to: The schema the plan must end at, as this engine reads it.
    ///   - dialect: The engine's dialect (of the scratch database's server).
    ///   - scratch: An empty scratch database of the engine.
    /// - Throws: ``PlanProofError`` naming the direction and the objects that came out
    ///   differently, or the statement the engine refused.
    public static func prove(
        _ rendered: RenderedPlan, from: Schema, to: Schema, dialect: any Dialect, on scratch: ScratchDatabase
    ) async throws {
        let connection = scratch.connection
        try await run(SchemaScript.creating(from, with: dialect.renderer), on: connection, dialect: dialect,
                      foreignKeysOff: false, direction: .setUp)
        let start = try await inspect(connection, dialect: dialect, namespace: scratch.namespace)
        let startDifferences = differences(expected: from, actual: start, advisor: dialect.diffAdvisor)
        guard startDifferences.isEmpty else {
            throw PlanProofError(direction: .setUp, differences: startDifferences)
        }
        try await run(rendered.forwardStatements, on: connection, dialect: dialect,
                      foreignKeysOff: rendered.forwardNeedsForeignKeysOff, direction: .forward)
        let after = try await inspect(connection, dialect: dialect, namespace: scratch.namespace)
        let forward = differences(expected: to, actual: after, advisor: dialect.diffAdvisor)
        guard forward.isEmpty else { throw PlanProofError(direction: .forward, differences: forward) }
        try await run(rendered.reverseStatements, on: connection, dialect: dialect,
                      foreignKeysOff: rendered.reverseNeedsForeignKeysOff, direction: .reverse)
        let back = try await inspect(connection, dialect: dialect, namespace: scratch.namespace)
        let reverse = differences(expected: from, actual: back, advisor: dialect.diffAdvisor)
        guard reverse.isEmpty else { throw PlanProofError(direction: .reverse, differences: reverse) }
    }

    /// The differences that matter between what a plan should give and what the engine
    /// read back: the namespace's own name and defaults are the scratch database's, and a
    /// column order the engine cannot change is not one.
    public static func differences(expected: Schema, actual: Schema, advisor: any DiffAdvisor) -> [SchemaDifference] {
        let expected = comparable(expected, advisor: advisor)
        let actual = comparable(actual, advisor: advisor)
        return expected == actual ? [] : expected.differences(to: actual)
    }

    /// The schema as ``differences(expected:actual:advisor:)`` compares it: two schemas
    /// have no differences exactly when their comparable forms are equal (and have the
    /// same ``/Schema/Schema/fingerprint``), which makes matching one schema against many cheap.
    public static func comparable(_ schema: Schema, advisor: any DiffAdvisor) -> Schema {
        advisor.reordersColumns ? schema.forComparison : schema.forComparison.withColumnsInNameOrder
    }

    static func inspect(_ connection: any Connection, dialect: any Dialect, namespace: String?) async throws -> Schema {
        try await dialect.inspector.inspect(connection, scope: InspectionScope(namespace: namespace)).schema
    }

    /// Runs statements, with foreign keys suspended around one transaction when asked.
    static func run(
        _ statements: [String], on connection: any Connection, dialect: any Dialect, foreignKeysOff: Bool,
        direction: PlanProofError.Direction
    ) async throws {
        guard !statements.isEmpty else { return }
        do {
            try await SchemaApplier.apply(statements, on: connection, dialect: dialect, foreignKeysOff: foreignKeysOff)
        } catch let failure as SchemaApplier.Failure {
            throw PlanProofError(direction: direction, differences: [], failedStatement: failure.statement, engineMessage: failure.message)
        }
    }
}

/// Runs DDL statements on a connection, with foreign keys suspended where the plan needs it.
public enum SchemaApplier {
    /// A statement the engine refused.
    public struct Failure: Error, Sendable {
        /// The statement.
        public var statement: String
        /// The engine's message.
        public var message: String
    }

    /// Runs `statements` in order. With `foreignKeysOff`, where the dialect has a
    /// ``ForeignKeySuspension``, they run in one transaction with enforcement suspended
    /// around it and verified before `COMMIT`.
    ///
    /// - Throws: ``Failure`` for a statement the engine refused (after rolling back where
    ///   a transaction was open), or the suspension's error.
    public static func apply(
        _ statements: [String], on connection: any Connection, dialect: any Dialect, foreignKeysOff: Bool
    ) async throws {
        guard foreignKeysOff, let suspension = dialect.foreignKeySuspension else {
            for statement in statements { try await execute(statement, on: connection) }
            return
        }
        let state = try await suspension.suspend(on: connection)
        do {
            try await connection.execute(dialect.beginTransaction)
            do {
                for statement in statements { try await execute(statement, on: connection) }
                try await suspension.verify(on: connection, state)
                try await connection.execute("COMMIT")
            } catch {
                try? await connection.execute("ROLLBACK")
                throw error
            }
        } catch {
            try? await suspension.resume(on: connection, state)
            throw error
        }
        try await suspension.resume(on: connection, state)
    }

    private static func execute(_ statement: String, on connection: any Connection) async throws {
        do {
            try await connection.execute(statement)
        } catch let error as DatabaseError {
            throw Failure(statement: statement, message: error.message)
        }
    }
}

/// A plan that did not prove itself on the scratch database: it is never shown, written or
/// applied.
public struct PlanProofError: Error, Sendable, CustomStringConvertible {
    /// Which part of the proof failed.
    public enum Direction: String, Sendable {
        /// Creating the *from* schema on the scratch database.
        case setUp = "creating the current schema"
        /// Running the forward statements.
        case forward = "the forward plan"
        /// Running the reverse statements.
        case reverse = "the reverse plan"
    }

    /// Which part failed.
    public var direction: Direction
    /// The objects that came out differently.
    public var differences: [SchemaDifference]
    /// The statement the engine refused, if that was the failure.
    public var failedStatement: String?
    /// The engine's message for it.
    public var engineMessage: String?

    /// The message: the statement the engine refused, or the first five objects that came out
    /// differently, and that nothing was shown, written or applied.
    public var description: String {
        if let failedStatement {
            let first = failedStatement.split(separator: "\n").first.map(String.init) ?? failedStatement
            return "the plan did not prove itself on a scratch database: \(direction.rawValue) failed at `\(first)`: \(engineMessage ?? ""); nothing was shown, written or applied. Where the engine cannot make that change (a type with no conversion), write the step by hand in a migration (`strata new`)"
        }
        let names = differences.prefix(5).map(\.description).joined(separator: "; ")
        let more = differences.count > 5 ? " and \(differences.count - 5) more" : ""
        return "the plan did not prove itself on a scratch database: after \(direction.rawValue), \(names)\(more) came out differently; nothing was shown, written or applied (please report this with `strata dump` of both schemas)"
    }
}

extension Schema {
    /// The schema without what belongs to its namespace rather than its objects.
    var forComparison: Schema {
        var copy = self
        copy.name = nil
        copy.defaultCharacterSet = nil
        copy.defaultCollation = nil
        return copy
    }

    /// Every table's columns sorted by name, for engines that cannot reorder columns.
    var withColumnsInNameOrder: Schema {
        var copy = self
        copy.tables = tables.map { table in
            var table = table
            table.columns.sort { $0.name < $1.name }
            return table
        }
        return copy
    }
}
