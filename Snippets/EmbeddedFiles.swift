// Migrations built into the app: the StrataMigrations plugin generates
// `EmbeddedMigrations.module` from the target's `migrations/` directory, as below; nothing
// is read from disk at run time.
import Strata

// snippet.hide
// What the plugin generates inside the target (`static let module`), written out here
// because a snippet has no build plugin:
extension EmbeddedMigrations {
    static let module = EmbeddedMigrations(displayPath: "Sources/App/migrations", files: [
        EmbeddedMigrations.File("001_create_notes.sql", contents: """
            -- migrate:up
            CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
            -- migrate:down
            DROP TABLE notes;
            """),
    ])
}
// snippet.show
let migrator = try Migrator(url: "sqlite:app.db", migrations: .embedded(.module))
let report = try await migrator.up()
print("applied", report.applied.map(\.version))
