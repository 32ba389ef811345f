import Schema
import SchemaDiff
import Testing

@Suite("Schema differ")
struct SchemaDifferTests {
    struct Neutral: DiffAdvisor {}

    @Test func identicalSchemasHaveNoChanges() {
        let schema = Schema(tables: [Table(name: "users", columns: [Column("id", .bigint, isNullable: false)], primaryKey: PrimaryKey(columns: ["id"]))])
        #expect(SchemaDiffer(advisor: Neutral()).plan(from: schema, to: schema).isEmpty)
    }
}
