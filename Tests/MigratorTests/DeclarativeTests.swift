import Dialects
import Drivers
import Foundation
import Migrations
@testable import Migrator
import Schema
import SchemaDiff
import SQLText
import StrataTestSupport
import Testing

/// The declarative workflow end to end on every engine: sync from a model, generate a
/// migration from a changed model and apply it with `up`, refuse what loses data, and
/// refuse production.
@Suite struct DeclarativeTests {
    typealias Lifecycle = SchemaLifecycleTests

    // MARK: - Models

    static func accounts(emailLength: Int = 120) -> Table {
        Table(
            name: "accounts",
            columns: [
                Column("id", .bigint, isNullable: false, identity: Identity(kind: .byDefault)),
                Column("email", .string(length: emailLength), isNullable: false),
                Column("nickname", .string(length: 40)),
                Column("created_at", .datetime(), isNullable: false, default: .currentTimestamp),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            indexes: [Index(name: "accounts_email_key", columns: ["email"], isUnique: true)])
    }

    static func devices(extra: [Column] = []) -> Table {
        Table(
            name: "devices",
            columns: [
                Column("id", .bigint, isNullable: false, identity: Identity(kind: .byDefault)),
                Column("account_id", .bigint, isNullable: false),
                Column("serial", .string(length: 64), isNullable: false),
            ] + extra,
            primaryKey: PrimaryKey(columns: ["id"]),
            indexes: [Index(name: "devices_account_idx", columns: ["account_id"])],
            foreignKeys: [ForeignKey(name: "devices_account_fk", columns: ["account_id"], referencedTable: "accounts", referencedColumns: ["id"], onDelete: .cascade)],
            checks: [Check(name: "devices_serial_nonempty", expression: "serial <> ''")])
    }

    static var version1: Schema {
        Schema(tables: [accounts(), devices()], views: [View(name: "device_owners", definition: "SELECT d.id, a.email FROM devices d JOIN accounts a ON a.id = d.account_id")])
    }

    static func model(_ schema: Schema) -> SchemaSource { .model(schema, renames: [], name: "test model") }

    static func migrator(_ db: TestDatabase, _ dir: String = "/nonexistent-strata-dir", environment: String = "development") -> Migrator {
        Lifecycle.migrator(db, dir, environment: environment)
    }

    /// The live schema, as `diff` reads it.
    static func live(_ db: TestDatabase) async throws -> Schema {
        try await SchemaSource.inspectLive(db.url, options: ConnectOptions()).schema
    }

    static func prepare(_ db: TestDatabase) async throws {
        if db.engine == .postgres { try await Lifecycle.runByHand("SELECT 1", on: db) }
    }

    // MARK: - sync

    @Test(arguments: TestEngine.available)
    func syncOnAnEmptyDatabaseGivesTheModelAndConverges(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.prepare(db)
        let migrator = Self.migrator(db)
        let report = try await migrator.sync(SyncRequest(schema: Self.model(Self.version1)))
        #expect(report.applied && report.changes.count >= 3)
        let canonical = try await Self.model(Self.version1).load(like: db.url).schema
        let live = try await Self.live(db)
        #expect(PlanProof.differences(expected: canonical, actual: live, advisor: engine.dialect.knowledge.diffAdvisor) == [])
        // Convergence: further syncs change nothing and add nothing.
        let runs = 100
        for _ in 0..<runs {
            let again = try await migrator.sync(SyncRequest(schema: Self.model(Self.version1)))
            #expect(again.changes.isEmpty && !again.applied)
        }
        #expect(try await Self.live(db) == live)
        let diff = try await migrator.diff(DiffRequest(to: Self.model(Self.version1)))
        #expect(diff.isEmpty)
        // The sync was logged, with its fingerprint.
        let logs = try await db.query("SELECT event, detail FROM strata_migrations_log WHERE event = 'sync'")
        #expect(logs.count == 1)
        #expect((try logs.first?.optionalString("detail") ?? "").contains("fingerprint"))
    }

    @Test func mysqlDatabaseWithItsOwnCharsetConverges() async throws {
        let db = try await TestEngine.mysql.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("ALTER DATABASE `\(db.name)` CHARACTER SET latin1 COLLATE latin1_swedish_ci", on: db)
        let migrator = Self.migrator(db)
        // A model that names the character set the database has anyway.
        var model = Self.version1
        model.tables = model.tables.map { table in
            var table = table
            table.options.characterSet = "latin1"
            return table
        }
        _ = try await migrator.sync(SyncRequest(schema: Self.model(model)))
        let again = try await migrator.sync(SyncRequest(schema: Self.model(model)))
        #expect(again.changes.map(\.summary) == [], "the scratch database takes the target's character set")
        #expect(try await migrator.diff(DiffRequest(to: Self.model(model))).isEmpty)
    }

    @Test(arguments: TestEngine.available)
    func syncRefusesADestructiveChangeWithoutTheFlag(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.prepare(db)
        let migrator = Self.migrator(db)
        _ = try await migrator.sync(SyncRequest(schema: Self.model(Self.version1)))
        try await Lifecycle.runByHand("INSERT INTO accounts (id, email, nickname) VALUES (1, 'a@example.com', 'ann')", on: db)
        var narrowed = Self.version1
        narrowed.tables = [Self.accounts(), Self.devices()].map { table in
            var table = table
            if table.name == "accounts" { table.columns.removeAll { $0.name == "nickname" } }
            return table
        }
        let before = try await Self.live(db)
        await #expect(throws: MigratorError.self) {
            try await migrator.sync(SyncRequest(schema: Self.model(narrowed)))
        }
        do {
            _ = try await migrator.sync(SyncRequest(schema: Self.model(narrowed)))
        } catch let error as MigratorError {
            #expect(error.code == .needsPermission)
            #expect(error.message.contains("drop column accounts.nickname"))
        }
        #expect(try await Self.live(db) == before, "nothing changed")
        let allowed = try await migrator.sync(SyncRequest(schema: Self.model(narrowed), allowDestructive: true))
        #expect(allowed.applied)
        #expect(try await Self.live(db).table(named: "accounts")?.column(named: "nickname") == nil)
    }

    @Test(arguments: TestEngine.available)
    func productionRefusesSyncAndForceInTheLibrary(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        let migrator = Self.migrator(db, environment: "production")
        for request in [SyncRequest(schema: Self.model(Self.version1)), SyncRequest(schema: Self.model(Self.version1), force: true),
                        SyncRequest(schema: Self.model(Self.version1), allowDestructive: true)] {
            do {
                _ = try await migrator.sync(request)
                Issue.record("sync ran in production")
            } catch let error as MigratorError {
                #expect(error.code == .notAllowed)
                #expect(error.message.contains("generate"))
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func forceDropsAndRecreates(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.prepare(db)
        let migrator = Self.migrator(db)
        _ = try await migrator.sync(SyncRequest(schema: Self.model(Self.version1)))
        try await Lifecycle.runByHand("INSERT INTO accounts (id, email) VALUES (1, 'a@example.com')", on: db)
        let report = try await migrator.sync(SyncRequest(schema: Self.model(Self.version1), force: true))
        #expect(report.recreated && report.applied)
        #expect(try await db.query("SELECT id FROM accounts").isEmpty)
        #expect(try await migrator.diff(DiffRequest(to: Self.model(Self.version1))).isEmpty)
    }

    // MARK: - generate

    @Test(arguments: TestEngine.available)
    func generatedMigrationAppliesWithUpKeepsTheDataAndLeavesNoDiff(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.prepare(db)
        try await Lifecycle.withDirectory([:]) { dir in
            let migrator = Self.migrator(db, dir)
            // The first migration, generated from nothing, then applied.
            let first = try await migrator.generate(GenerateRequest(name: "create accounts and devices", schema: Self.model(Self.version1)))
            #expect(first.file != nil && first.needingPermission.isEmpty)
            _ = try await migrator.up()
            try await Lifecycle.runByHand("""
                INSERT INTO accounts (id, email, nickname) VALUES (1, 'a@example.com', 'ann');
                INSERT INTO devices (id, account_id, serial) VALUES (10, 1, 'SN-1')
                """, on: db)
            // Version 2: a wider column, a new nullable column, an index, a new table with a
            // foreign key, and a declared rename of a column holding data.
            var accounts = Self.accounts(emailLength: 250)
            accounts.columns[2].name = "display_name"
            accounts.columns.append(Column("locale", .string(length: 10)))
            var devices = Self.devices(extra: [Column("retired_at", .datetime())])
            devices.indexes.append(Index(name: "devices_serial_idx", columns: ["serial"]))
            let firmware = Table(
                name: "firmware", columns: [Column("id", .bigint, isNullable: false), Column("device_id", .bigint, isNullable: false), Column("version", .string(length: 32), isNullable: false)],
                primaryKey: PrimaryKey(columns: ["id"]),
                foreignKeys: [ForeignKey(name: "firmware_device_fk", columns: ["device_id"], referencedTable: "devices", referencedColumns: ["id"], onDelete: .cascade)])
            let version2 = Schema(tables: [accounts, devices, firmware], views: Self.version1.views.map { view in
                var view = view
                view.definition = "SELECT d.id, a.email, a.display_name FROM devices d JOIN accounts a ON a.id = d.account_id"
                return view
            })
            let source = SchemaSource.model(version2, renames: [.column(table: "accounts", from: "nickname", to: "display_name")], name: "version 2")
            let second = try await migrator.generate(GenerateRequest(name: "version 2", schema: source))
            #expect(second.needingPermission.isEmpty, "\(second.needingPermission.map(\.summary))")
            #expect(second.changes.contains { $0.rule == "rename-column" })
            let applied = try await migrator.up()
            #expect(applied.applied.count == 1)
            #expect(try await migrator.diff(DiffRequest(to: source)).isEmpty)
            let rows = try await db.query("SELECT email, display_name FROM accounts WHERE id = 1")
            #expect(try rows.first?.optionalString("display_name") == "ann", "the renamed column kept its value")
            #expect(try await db.query("SELECT serial FROM devices WHERE id = 10").count == 1)
            // The down section goes back to version 1.
            _ = try await migrator.down()
            #expect(try await migrator.diff(DiffRequest(to: Self.model(Self.version1))).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func generateMarksADestructiveStepAndSaysSo(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.prepare(db)
        try await Lifecycle.withDirectory([:]) { dir in
            let migrator = Self.migrator(db, dir)
            _ = try await migrator.generate(GenerateRequest(name: "initial", schema: Self.model(Self.version1)))
            var smaller = Self.version1
            smaller.views = []
            smaller.tables = [Self.accounts()]
            do {
                _ = try await migrator.generate(GenerateRequest(name: "drop devices", schema: Self.model(smaller)))
                Issue.record("generate did not stop for a destructive step")
            } catch let error as MigratorError {
                #expect(error.code == .needsPermission)
                #expect(error.message.contains("drop table devices"))
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            #expect(files.count == 2, "the file is written, marked for review")
            let text = try String(contentsOfFile: dir + "/" + (files.last ?? ""), encoding: .utf8)
            #expect(text.contains("-- strata: REVIEW destructive [drop-table]"))
            // The file written is the plan: generating again finds nothing to do.
            let again = try await migrator.generate(GenerateRequest(name: "drop devices again", schema: Self.model(smaller), allowDestructive: true))
            #expect(again.file == nil)
        }
    }

    @Test func undeclaredRenameStopsGenerateWithTheAnnotation() async throws {
        let db = try await TestEngine.sqlite.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.withDirectory([:]) { dir in
            let migrator = Self.migrator(db, dir)
            _ = try await migrator.generate(GenerateRequest(name: "initial", schema: Self.model(Self.version1)))
            var renamed = Self.version1
            var accounts = Self.accounts()
            accounts.columns[2].name = "display_name"
            renamed.tables = [accounts, Self.devices()]
            do {
                _ = try await migrator.generate(GenerateRequest(name: "rename", schema: Self.model(renamed)))
                Issue.record("an undeclared rename went through")
            } catch let error as MigratorError {
                #expect(error.code == .needsPermission)
                #expect(error.message.contains("-- strata:renamed from=nickname"))
                #expect(error.message.contains("--rename accounts.nickname=accounts.display_name"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1, "nothing written")
        }
    }

    @Test func schemaSQLRenameAnnotationsAreRead() throws {
        let script = """
            CREATE TABLE accounts ( -- strata:renamed from=users
                id INTEGER PRIMARY KEY,
                display_name TEXT, -- strata:renamed from=nickname
                -- strata:renamed from="Mail"
                "E-mail" TEXT
            );
            """
        let renames = try RenameAnnotations.read(script, file: "schema.sql", dialect: .sqlite)
        #expect(renames == [.table(from: "users", to: "accounts"), .column(table: "accounts", from: "nickname", to: "display_name"), .column(table: "accounts", from: "Mail", to: "E-mail")])
        #expect(throws: RenameAnnotations.Failure.self) {
            try RenameAnnotations.read("CREATE INDEX i ON t (a); -- strata:renamed from=x\n", file: "schema.sql", dialect: .sqlite)
        }
    }
}
