import Drivers
import Schema
import SchemaDiff

/// Writes the differ's changes as one engine's DDL.
///
/// Like ``SchemaRenderer`` (which it usually delegates to for whole objects), every
/// statement comes without its `;`, with every identifier quoted, and unqualified.
public protocol ChangeRenderer: Sendable {
    /// The statements of one change. `from` is the schema before the whole plan and `to`
    /// the schema after it: a renderer looks up there what a change needs beyond itself
    /// (a rebuild's indexes and triggers, the column a new one goes after).
    func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String]

    /// Whether the change needs foreign key enforcement off while it runs (a SQLite
    /// rebuild: dropping the old table would otherwise fire `ON DELETE CASCADE`).
    func needsForeignKeysOff(_ change: SchemaChange.Kind) -> Bool
}

extension ChangeRenderer {
    /// False: engines that alter tables in place never need enforcement off.
    public func needsForeignKeysOff(_ change: SchemaChange.Kind) -> Bool { false }
}

/// Switches foreign key enforcement off around a transaction, where the engine can only do
/// that outside one (SQLite: `PRAGMA foreign_keys` is a no-op inside a transaction), and
/// proves that the transaction left no new violation.
///
/// The caller runs ``suspend(on:)`` before `BEGIN`, ``verify(on:_:)`` before `COMMIT`,
/// and ``resume(on:_:)`` after `COMMIT` or `ROLLBACK`, on every path.
public protocol ForeignKeySuspension: Sendable {
    /// Turns enforcement off and returns what to restore.
    ///
    /// - Throws: `DatabaseError` when enforcement did not go off (inside a transaction,
    ///   for instance): a rebuild must not run then.
    func suspend(on connection: any Connection) async throws -> SuspendedForeignKeys
    /// Checks that the violations now are no more than before ``suspend(on:)``.
    ///
    /// - Throws: `DatabaseError` naming the table and row of the first new violation.
    func verify(on connection: any Connection, _ state: SuspendedForeignKeys) async throws
    /// Restores enforcement as it was.
    func resume(on connection: any Connection, _ state: SuspendedForeignKeys) async throws
}

/// What ``ForeignKeySuspension/suspend(on:)`` found before it switched enforcement off.
public struct SuspendedForeignKeys: Sendable, Hashable {
    /// Whether enforcement was on.
    public var wasEnabled: Bool
    /// The violations present before, as `table:rowid:parent` strings.
    public var violationsBefore: Set<String>

    /// Creates the state.
    public init(wasEnabled: Bool, violationsBefore: Set<String>) {
        self.wasEnabled = wasEnabled
        self.violationsBefore = violationsBefore
    }
}
