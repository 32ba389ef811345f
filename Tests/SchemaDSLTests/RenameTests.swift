import Schema
import SchemaDSL
import SchemaDiff
import Testing

@Suite("Schema DSL: renames")
struct RenameTests {
    @Test func tableAndColumnRenamesAreCollected() {
        let declared = DeclaredSchema {
            DeclaredTable("users", renamedFrom: "people") {
                DeclaredColumn("id", .bigint).primaryKey()
                DeclaredColumn("email", .text, renamedFrom: "mail")
                DeclaredColumn("name", .text).renamed(from: "full_name")
            }
        }
        #expect(declared.renames == [
            .table(from: "people", to: "users"),
            .column(table: "users", from: "full_name", to: "name"),
            .column(table: "users", from: "mail", to: "email"),
        ])
        #expect(declared.issues.isEmpty)
    }

    @Test func columnRenamesNameTheTablesNewName() {
        let declared = DeclaredSchema {
            DeclaredTable("b", renamedFrom: "a") { DeclaredColumn("y", .int, renamedFrom: "x") }
        }
        #expect(declared.renames.last == .column(table: "b", from: "x", to: "y"))
    }

    @Test func freeStandingRenamesJoinThemSortedTablesFirst() {
        let declared = DeclaredSchema {
            Rename.column(table: "z", from: "old", to: "new")
            DeclaredTable("z") { DeclaredColumn("new", .int) }
            DeclaredTable("m", renamedFrom: "k") { DeclaredColumn("id", .int) }
        }
        #expect(declared.renames == [.table(from: "k", to: "m"), .column(table: "z", from: "old", to: "new")])
    }

    @Test func noRenamesWithoutRenamedFrom() {
        #expect(Sketch.expected == DeclaredSchema(schema: Sketch.expected).schema)
        #expect(DeclaredSchema { DeclaredTable("t") { DeclaredColumn("a", .int) } }.renames.isEmpty)
    }
}
