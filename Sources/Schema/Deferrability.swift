/// Whether a constraint is checked at each statement or may wait until commit
/// (PostgreSQL; SQLite foreign keys).
///
/// Written in the JSON form under `deferrable` as the case name, and omitted for
/// ``notDeferrable``.
public enum Deferrability: String, Sendable, Hashable, Codable, CaseIterable {
    /// `NOT DEFERRABLE`: checked after each statement; the default.
    case notDeferrable
    /// `DEFERRABLE INITIALLY IMMEDIATE`: checked after each statement unless a transaction
    /// runs `SET CONSTRAINTS … DEFERRED`.
    case initiallyImmediate
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit.
    case initiallyDeferred
}
