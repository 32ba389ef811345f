// Migrations held in memory, applied to an SQLite database in memory: no files, no server.
import Strata

let migrations = MemoryDirectory([
    "001_create_users.sql": """
        -- migrate:up
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
        -- migrate:down
        DROP TABLE users;
        """,
    "002_add_display_name.sql": """
        -- migrate:up
        ALTER TABLE users ADD COLUMN display_name TEXT;
        -- migrate:down
        ALTER TABLE users DROP COLUMN display_name;
        """,
])
let migrator = Migrator(url: try DatabaseURL("sqlite::memory:"), directory: migrations)
let report = try await migrator.up()
for migration in report.applied {
    print(migration.version, migration.name, "\(migration.statements) statement(s), \(migration.durationMs) ms")
}
