import Schema
import SchemaDSL
import Testing

@Suite("Schema DSL")
struct DeclaredSchemaTests {
    @Test func emptyDeclaration() {
        #expect(DeclaredSchema(schema: Schema()).schema.tables.isEmpty)
    }
}
