// Declare the desired schema in Swift, let a development database follow it, and write
// the difference as a reviewed migration.
import Strata

let declared = DeclaredSchema {
    DeclaredTable("accounts") {
        DeclaredColumn("id", .bigint).primaryKey().autoIncrement()
        DeclaredColumn("email", .string(200)).notNull().unique()
        DeclaredColumn("created_at", .timestamp).notNull().default(.now)
    }
    DeclaredTable("devices") {
        DeclaredColumn("id", .bigint).primaryKey().autoIncrement()
        DeclaredColumn("account_id", .bigint).notNull().references("accounts", onDelete: .cascade)
        DeclaredColumn("serial", .string(64), renamedFrom: "serial_no").notNull()
        DeclaredColumn("retired_at", .timestamp)
        DeclaredIndex(on: "account_id", "serial").unique()
        DeclaredIndex("devices_active_idx", on: "account_id").where("retired_at IS NULL")
    }
}
try declared.validate()

let migrator = try Migrator(url: "sqlite:dev.db", directory: "migrations")
// Development start-up: create what is missing, apply safe changes (refused in production).
try await migrator.syncInDevelopment(declared)
// Before a commit: a new file in migrations/ with up and down sections.
let generated = try await migrator.generate(GenerateRequest(name: "add devices", schema: .declared(declared)))
print(generated.file ?? "nothing to generate")
