import Drivers

/// Switches SQLite's foreign key enforcement off around a transaction and proves that the
/// transaction left no new violation.
///
/// `PRAGMA foreign_keys` is a no-op inside a transaction, so ``suspend(on:)`` reads it
/// back and refuses to go on when it did not take: a rebuild run with enforcement on
/// would delete the children of the rebuilt table (`ON DELETE CASCADE`) or empty their
/// keys (`SET NULL`) when it drops the old table. ``verify(on:_:)`` compares
/// `PRAGMA foreign_key_check` with what it reported before.
struct SQLiteForeignKeySuspension: ForeignKeySuspension {
    /// One row of `PRAGMA foreign_key_check`.
    struct Violation: Sendable, Hashable {
        /// The table of the row that points nowhere.
        var table: String
        /// Its rowid, or `NULL` in a `WITHOUT ROWID` table.
        var rowid: String
        /// The table it should point at.
        var parent: String

        /// `table:rowid:parent`, as ``SuspendedForeignKeys/violationsBefore`` keeps it.
        var key: String { table + ":" + rowid + ":" + parent }
    }

    /// Turns enforcement off and records the violations already present.
    ///
    /// - Throws: `DatabaseError` when enforcement stayed on (inside a transaction).
    func suspend(on connection: any Connection) async throws -> SuspendedForeignKeys {
        let wasEnabled = try await isEnabled(connection)
        try await connection.execute("PRAGMA foreign_keys = OFF")
        guard try await !isEnabled(connection) else {
            throw DatabaseError(.statement, "could not switch foreign keys off (inside a transaction?); a rebuild would fire ON DELETE CASCADE, so it was not run")
        }
        let state = SuspendedForeignKeys(wasEnabled: wasEnabled, violationsBefore: [])
        do {
            return SuspendedForeignKeys(wasEnabled: wasEnabled, violationsBefore: Set(try await violations(connection).map(\.key)))
        } catch {
            try? await resume(on: connection, state)
            throw error
        }
    }

    /// Checks `PRAGMA foreign_key_check` against the violations before.
    ///
    /// - Throws: `DatabaseError` naming the table, rowid and parent of the first new one.
    func verify(on connection: any Connection, _ state: SuspendedForeignKeys) async throws {
        let found = try await violations(connection)
        guard let violation = found.first(where: { !state.violationsBefore.contains($0.key) }) else { return }
        throw DatabaseError(
            .statement,
            "the change would leave row \(violation.rowid) of \(violation.table) pointing at no row of \(violation.parent) (PRAGMA foreign_key_check); it was rolled back"
        )
    }

    /// Switches enforcement back on if it was on.
    func resume(on connection: any Connection, _ state: SuspendedForeignKeys) async throws {
        if state.wasEnabled { try await connection.execute("PRAGMA foreign_keys = ON") }
    }

    private func isEnabled(_ connection: any Connection) async throws -> Bool {
        try await connection.query("PRAGMA foreign_keys").first?[0].int == 1
    }

    private func violations(_ connection: any Connection) async throws -> [Violation] {
        try await connection.query("PRAGMA foreign_key_check").map { row in
            Violation(
                table: row[0].string ?? "",
                rowid: row[1].int.map { String($0) } ?? "NULL",
                parent: row[2].string ?? ""
            )
        }
    }
}
