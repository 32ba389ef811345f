import Strata

/// The schema the migrations build, declared in Swift: the desired state of
/// `app migrate sync`, `generate` and `check` (`app migrate check` proves in CI that the
/// files and this declaration agree).
public enum AppSchema {
    /// The schema for one engine: `TIMESTAMP` is a time without zone on PostgreSQL.
    public static func declared(for engine: SQLDialect) -> DeclaredSchema {
        DeclaredSchema {
            DeclaredTable("notes") {
                DeclaredColumn("id", .integer).primaryKey()
                DeclaredColumn("title", .string(200)).notNull()
                DeclaredColumn("body", .text)
                DeclaredColumn("created_at", engine == .postgres ? .datetime : .timestamp).notNull().default(.now)
                DeclaredColumn("slug", .string(200))
                DeclaredIndex("notes_slug", on: "slug").unique()
            }
        }
    }
}
