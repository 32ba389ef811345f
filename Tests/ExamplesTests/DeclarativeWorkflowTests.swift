import Foundation
import Strata
import StrataTestSupport
import Testing

/// The example's DSL model against its migrations, and the declarative way of working end
/// to end on every engine: sync from the DSL in development, generate a migration from the
/// same DSL before a commit, only migrations in CI and production, and drift from a hand-made
/// change caught at deploy time.
@Suite struct DeclarativeWorkflowTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples/ota-service").standardizedFileURL.path
    static var migrations: String { examples + "/migrations" }

    static func prepare(_ db: TestDatabase) async throws {
        guard db.engine == .postgres else { return }
        let connection = try await db.connect()
        try await connection.execute("CREATE SCHEMA IF NOT EXISTS \"\(db.name)\"")
        try await connection.close()
    }

    static func migrator(_ db: TestDatabase, _ dir: String, environment: String = "development") -> Migrator {
        Migrator(url: db.url, directory: LocalDirectory(dir), options: MigratorOptions(actor: "tester@test", environment: environment))
    }

    @Test(arguments: TestEngine.available)
    func theDSLModelMatchesTheMigrations(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.prepare(db)
        let declared = OTASchema.declared(for: engine.dialect)
        try declared.validate()
        let report = try await Self.migrator(db, Self.migrations).diff(DiffRequest(from: .directory(Self.migrations), to: .declared(declared)))
        #expect(report.changes.map(\.summary) == [], "the DSL and the migrations disagree")
        #expect(report.notes == [])
    }

    @Test(arguments: TestEngine.available)
    func syncInDevelopmentThenGenerateThenOnlyMigrationsThenDrift(engine: TestEngine) async throws {
        let dev = try await engine.makeDatabase()
        let ci = try await engine.makeDatabase()
        defer { Task { await dev.drop(); await ci.drop() } }
        try await Self.prepare(dev)
        try await Self.prepare(ci)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-workflow-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.copyItem(atPath: Self.migrations, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // Development: the app syncs its database to the DSL at start-up.
        let devMigrator = Self.migrator(dev, dir)
        try await devMigrator.syncInDevelopment(OTASchema.declared(for: engine.dialect))
        // The model grows: a new column and an index, synced again without losing rows.
        let connection = try await dev.connect()
        try await connection.execute("INSERT INTO accounts (id, email, name) VALUES ('a1', 'a@example.com', 'Ann')")
        try await connection.close()
        var grown = OTASchema.declared(for: engine.dialect)
        let accounts = try #require(grown.schema.tables.firstIndex { $0.name == "accounts" })
        grown.schema.tables[accounts].columns.append(Column("avatar_url", .text))
        grown.schema.tables[accounts].indexes.append(Index(name: "idx_accounts_name", columns: ["name"]))
        let synced = try await devMigrator.syncInDevelopment(grown)
        #expect(synced.changes.map(\.rule).sorted() == ["add-column", "add-index"])
        #expect(try await dev.query("SELECT id FROM accounts").count == 1)

        // Before the commit: a migration from the same DSL, reviewed with the code.
        let generated = try await devMigrator.generate(GenerateRequest(name: "add account avatar", schema: .declared(grown)))
        let file = try #require(generated.file)
        #expect(generated.needingPermission.isEmpty)
        #expect(file.hasSuffix("_add_account_avatar.sql"))

        // CI and production: only migrations run, and the result is the DSL's schema.
        let ciMigrator = Self.migrator(ci, dir, environment: "production")
        let applied = try await ciMigrator.up()
        #expect(applied.applied.count == 19)
        #expect(try await ciMigrator.diff(DiffRequest(to: .declared(grown))).isEmpty)
        await #expect(throws: MigratorError.self) { try await ciMigrator.syncInDevelopment(grown) }

        // A hand-made change on the production database shows up at the next deploy.
        let ciConnection = try await ci.connect()
        try await ciConnection.execute("ALTER TABLE accounts ADD COLUMN hotfix_note VARCHAR(20)")
        try await ciConnection.close()
        _ = try MigrationWriter.create(named: "next change", contents: "-- migrate:up\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE notes;\n",
                                       in: LocalDirectory(dir), now: Int64(Date().timeIntervalSince1970))
        do {
            _ = try await ciMigrator.up()
            Issue.record("up went on over drift")
        } catch let error as MigratorError {
            #expect(error.code == .drift)
            #expect(error.message.contains("hotfix_note"))
        }
    }
}
