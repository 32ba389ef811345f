import Schema

/// The ordered changes from one schema to another, with what the differ noticed but will
/// not do by itself.
public struct SchemaPlan: Sendable, Hashable {
    /// The changes, in the order they must run.
    public var changes: [SchemaChange]
    /// Drops and adds that look like renames nobody declared. The plan does them as a drop
    /// and an add; `diff` and `generate` show the annotation that declares the rename.
    public var suggestedRenames: [SuggestedRename]
    /// Objects that differ but that the plan leaves alone, each with the reason (a table
    /// holding something Strata does not model, a column order the engine cannot change).
    public var notes: [String]

    /// Creates a plan.
    public init(changes: [SchemaChange] = [], suggestedRenames: [SuggestedRename] = [], notes: [String] = []) {
        self.changes = changes
        self.suggestedRenames = suggestedRenames
        self.notes = notes
    }

    /// Whether there is nothing to do.
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes that drop or narrow something, or depend on the rows present.
    public var changesNeedingPermission: [SchemaChange] { changes.filter(\.needsPermission) }
}
