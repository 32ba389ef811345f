import Strata

/// The app's migrations: the SQL files of `migrations/`, built into the binary by the
/// StrataMigrations plugin, and one written in Swift between them.
public enum AppMigrations {
    /// 003: a welcome note, and a slug for every note from its title — logic that is the
    /// app's own (`slug(for:)`), so it is Swift rather than SQL.
    static let backfillSlugs = SwiftMigration("003", "backfill_slugs", checksum: "1") { db in
        let placeholder = { (n: Int) in db.engine == .postgres ? "$\(n)" : "?" }
        try await db.query("INSERT INTO notes (id, title) VALUES (\(placeholder(1)), \(placeholder(2)))",
                           [.int(1), .text("Welcome to Strata")])
        for row in try await db.query("SELECT id, title FROM notes WHERE slug IS NULL") {
            let slug = slug(for: try row.string("title"))
            try await db.query("UPDATE notes SET slug = \(placeholder(1)) WHERE id = \(placeholder(2))", [.text(slug), row[0]])
            db.logger.info("slug \(slug) for note \(row[0])")
        }
    } down: { db in
        try await db.execute("UPDATE notes SET slug = NULL")
        try await db.execute("DELETE FROM notes WHERE id = 1")
    }

    /// Lowercase words joined by `-`.
    public static func slug(for title: String) -> String {
        title.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }

    /// Everything `up` applies, in order of version.
    public static var source: MigrationSource {
        .embedded(.module, swift: [backfillSlugs])
    }
}
