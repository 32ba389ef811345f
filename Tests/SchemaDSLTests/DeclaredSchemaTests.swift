import Foundation
import Schema
import SchemaDSL
import SchemaDiff
import Testing

@Suite("Schema DSL")
struct DeclaredSchemaTests {
    @Test func emptyDeclaration() {
        #expect(DeclaredSchema(schema: Schema()).schema.tables.isEmpty)
        #expect(DeclaredSchema {}.schema == Schema())
        #expect(DeclaredSchema {} == DeclaredSchema(schema: Schema()))
    }

    @Test func schemaLevelSettings() {
        let declared = DeclaredSchema(name: "app", characterSet: .utf8mb4, collation: .utf8mb4AccentInsensitiveCI) {}
        #expect(declared.schema == Schema(name: "app", defaultCharacterSet: "utf8mb4", defaultCollation: "utf8mb4_0900_ai_ci"))
    }

    @Test func viewsWithEveryOption() {
        let declared = DeclaredSchema {
            DeclaredView("v", "SELECT 1 AS one").columns("uno").checkOption(.local).comment("A view")
            View(name: "w", definition: "SELECT 2")
        }
        #expect(declared.schema.views == [
            View(name: "v", definition: "SELECT 1 AS one", columns: ["uno"], checkOption: .local, comment: "A view"),
            View(name: "w", definition: "SELECT 2"),
        ])
    }

    @Test func enumTypes() {
        let declared = DeclaredSchema {
            DeclaredEnum("mood", values: "sad", "ok", "happy").comment("Feelings")
            DeclaredEnum("size", values: ["s", "m"])
            EnumType(name: "colour", values: ["red"])
            DeclaredTable("people") { DeclaredColumn("mood", .enumType("mood")).notNull().default("ok") }
        }
        #expect(declared.schema.enumTypes == [
            EnumType(name: "colour", values: ["red"]),
            EnumType(name: "mood", values: ["sad", "ok", "happy"], comment: "Feelings"),
            EnumType(name: "size", values: ["s", "m"]),
        ])
        #expect(declared.issues.isEmpty)
    }

    @Test func sequences() {
        let declared = DeclaredSchema {
            DeclaredSequence("invoice_numbers", as: .bigint)
                .start(1000).increment(5).minValue(1000).maxValue(9999).cache(10).cycle()
                .ownedBy("invoices", "number").comment("Invoice numbers")
            DeclaredSequence("plain")
            DeclaredTable("invoices") {
                DeclaredColumn("number", .bigint).notNull().default(.nextValue(sequence: "invoice_numbers"))
            }
        }
        #expect(declared.schema.sequences == [
            SequenceDefinition(
                name: "invoice_numbers", type: .bigint,
                options: SequenceOptions(start: 1000, increment: 5, minValue: 1000, maxValue: 9999, cache: 10, cycle: true),
                ownedBy: ColumnReference(table: "invoices", column: "number"), comment: "Invoice numbers"
            ),
            SequenceDefinition(name: "plain"),
        ])
        #expect(declared.issues.isEmpty)
    }

    @Test func tablesAreKeptInOrderOfName() {
        let declared = DeclaredSchema {
            DeclaredTable("b") { DeclaredColumn("a", .int) }
            DeclaredTable("a") { DeclaredColumn("a", .int) }
        }
        #expect(declared.schema.tables.map(\.name) == ["a", "b"])
    }

    @Test func controlFlowInTheSchema() {
        let tenants = ["acme", "globex"]
        let withViews = false
        let declared = DeclaredSchema {
            for tenant in tenants {
                DeclaredTable("\(tenant)_events") { DeclaredColumn("id", .bigint).primaryKey() }
            }
            if withViews {
                DeclaredView("v", "SELECT 1")
            }
            auditTables()
        }
        #expect(declared.schema.tables.map(\.name) == ["acme_events", "audit_log", "globex_events"])
        #expect(declared.schema.views.isEmpty)
    }

    @DeclaredSchemaBuilder
    private func auditTables() -> [SchemaElement] {
        DeclaredTable("audit_log") { DeclaredColumn("id", .bigint).primaryKey() }
    }

    @Test func theDeclarationRoundTripsThroughJSON() throws {
        let schema = Sketch.declared().schema
        #expect(try Schema(json: schema.jsonData()) == schema)
    }
}
