import Schema
import SchemaDiff

/// A desired schema declared in Swift: the model, and the renames declared with it.
public struct DeclaredSchema: Sendable, Hashable {
    /// The model.
    public var schema: Schema
    /// The renames declared with `renamedFrom:`.
    public var renames: [Rename]

    /// Creates a declared schema from a model and its renames.
    public init(schema: Schema, renames: [Rename] = []) {
        self.schema = schema
        self.renames = renames
    }
}
