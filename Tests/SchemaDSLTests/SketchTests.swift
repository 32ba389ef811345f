import Schema
import SchemaDSL
import SchemaDiff
import Testing

/// The declaration of the DSL's documentation, and the model it must build.
enum Sketch {
    static func declared() -> DeclaredSchema {
        DeclaredSchema {
            DeclaredTable("accounts") {
                DeclaredColumn("id", .bigint).primaryKey().autoIncrement()
                DeclaredColumn("email", .string(200)).notNull().unique()
                DeclaredColumn("created_at", .timestamp).notNull().default(.now)
            }
            DeclaredTable("devices", renamedFrom: "gadgets") {
                DeclaredColumn("id", .uuid).primaryKey()
                DeclaredColumn("account_id", .bigint).notNull().references("accounts", onDelete: .cascade)
                DeclaredColumn("serial", .string(64), renamedFrom: "serial_no").notNull()
                DeclaredIndex(on: "account_id", "serial").unique()
                DeclaredIndex("devices_active_idx", on: "account_id").where("retired_at IS NULL")
                DeclaredCheck("serial <> ''")
            }
            DeclaredView("active_devices", "SELECT id FROM devices WHERE retired_at IS NULL")
        }
    }

    /// The same declaration with every collection in another order.
    static func reordered() -> DeclaredSchema {
        DeclaredSchema {
            DeclaredView("active_devices", "SELECT id FROM devices WHERE retired_at IS NULL")
            DeclaredTable("devices", renamedFrom: "gadgets") {
                DeclaredCheck("serial <> ''")
                DeclaredIndex("devices_active_idx", on: "account_id").where("retired_at IS NULL")
                DeclaredIndex(on: "account_id", "serial").unique()
                DeclaredColumn("id", .uuid).primaryKey()
                DeclaredColumn("account_id", .bigint).notNull().references("accounts", onDelete: .cascade)
                DeclaredColumn("serial", .string(64)).renamed(from: "serial_no").notNull()
            }
            DeclaredTable("accounts") {
                DeclaredColumn("id", .bigint).autoIncrement().primaryKey()
                DeclaredColumn("email", .string(length: 200)).unique().notNull()
                DeclaredColumn("created_at", .timestampWithZone()).default(.currentTimestamp).notNull()
            }
        }
    }

    static let expected = Schema(
        tables: [
            Table(
                name: "accounts",
                columns: [
                    Column("id", .bigint, isNullable: false, identity: .autoIncrement),
                    Column("email", .string(length: 200), isNullable: false),
                    Column("created_at", .timestampWithZone(precision: nil), isNullable: false, default: .currentTimestamp),
                ],
                primaryKey: PrimaryKey(columns: ["id"]),
                uniqueConstraints: [UniqueConstraint(columns: ["email"])]
            ),
            Table(
                name: "devices",
                columns: [
                    Column("id", .uuid, isNullable: false),
                    Column("account_id", .bigint, isNullable: false),
                    Column("serial", .string(length: 64), isNullable: false),
                ],
                primaryKey: PrimaryKey(columns: ["id"]),
                indexes: [
                    Index(name: "devices_account_id_serial_key", columns: ["account_id", "serial"], isUnique: true),
                    Index(name: "devices_active_idx", columns: ["account_id"], predicate: "retired_at IS NULL"),
                ],
                foreignKeys: [
                    ForeignKey(columns: ["account_id"], referencedTable: "accounts", referencedColumns: ["id"], onDelete: .cascade),
                ],
                checks: [Check(expression: "serial <> ''")]
            ),
        ],
        views: [View(name: "active_devices", definition: "SELECT id FROM devices WHERE retired_at IS NULL")]
    )
}

@Suite("Schema DSL: the documented sketch")
struct SketchTests {
    @Test func buildsTheHandWrittenModelExactly() {
        #expect(Sketch.declared().schema == Sketch.expected)
    }

    @Test func collectsTheRenames() {
        #expect(Sketch.declared().renames == [
            .table(from: "gadgets", to: "devices"),
            .column(table: "devices", from: "serial_no", to: "serial"),
        ])
    }

    @Test func declarationOrderDoesNotMatter() {
        #expect(Sketch.reordered() == Sketch.declared())
        #expect(Sketch.reordered().schema.fingerprint == Sketch.expected.fingerprint)
    }

    @Test func fingerprintIsStable() {
        let fingerprints = Set((0..<5).map { _ in Sketch.declared().schema.fingerprint })
        #expect(fingerprints == [Sketch.expected.fingerprint])
        #expect(Sketch.declared().schema.canonicalJSON == Sketch.expected.canonicalJSON)
    }

    @Test func validates() throws {
        try Sketch.declared().validate()
        #expect(Sketch.declared().issues.isEmpty)
    }
}
