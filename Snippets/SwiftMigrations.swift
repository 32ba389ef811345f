// A migration written in Swift, ordered with the SQL files by its version and recorded in
// the same history, under the same lock.
import Strata

let files = MemoryDirectory([
    "001_create_posts.sql": """
        -- migrate:up
        CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, slug TEXT);
        -- migrate:down
        DROP TABLE posts;
        """,
])
// Change `checksum` whenever the code's effect changes: `up` then stops, as for an edited file.
let backfillSlugs = SwiftMigration("002", "backfill_slugs", checksum: "1") { db in
    for row in try await db.query("SELECT id, title FROM posts WHERE slug IS NULL") {
        let slug = try row.string("title").lowercased().split(separator: " ").joined(separator: "-")
        try await db.query("UPDATE posts SET slug = ? WHERE id = ?", [.text(slug), row[0]])
    }
} down: { db in
    try await db.execute("UPDATE posts SET slug = NULL")
}
let migrator = Migrator(url: try DatabaseURL("sqlite::memory:"), migrations: .files(files, swift: [backfillSlugs]))
try await migrator.up()
