import Migrator
import SchemaDSL

extension SchemaSource {
    /// A schema declared with the Swift DSL, with its `renamedFrom:` renames.
    ///
    /// - Parameters:
    ///   - declared: The schema built with ``/SchemaDSL/DeclaredSchema``.
    ///   - name: How messages name it.
    public static func declared(_ declared: DeclaredSchema, name: String = "the declared schema") -> SchemaSource {
        .model(declared.schema, renames: declared.renames, name: name)
    }
}

extension Migrator {
    /// Makes the database match a schema declared in Swift: the one call an app makes at
    /// its development start-up, the way an ORM's auto-sync would, but under the lock,
    /// logged, proven on a scratch database first, and never losing data unless
    /// `allowDestructive`.
    ///
    /// ```swift
    /// let migrator = try Migrator(url: "sqlite:dev.db", options: MigratorOptions(environment: "development"))
    /// try await migrator.syncInDevelopment(AppSchema.declared)
    /// ```
    ///
    /// In production it refuses with ``/Migrator/MigratorError`` `.notAllowed`, whatever the
    /// caller passes: there, generate a migration (`strata generate`) and run `up`.
    ///
    /// - Parameters:
    ///   - declared: The desired schema, with its declared renames.
    ///   - allowDestructive: Also apply the changes that drop data or depend on the rows
    ///     present.
    /// - Returns: What the sync changed.
    /// - Throws: ``/Migrator/MigratorError`` `.notAllowed` in production, `.needsPermission`
    ///   naming the changes that would drop data or depend on the rows present (nothing is
    ///   changed), or what ``/Migrator/Migrator/sync(_:)`` throws.
    @discardableResult
    public func syncInDevelopment(_ declared: DeclaredSchema, allowDestructive: Bool = false) async throws -> SyncReport {
        try await sync(SyncRequest(schema: .declared(declared), allowDestructive: allowDestructive))
    }
}
