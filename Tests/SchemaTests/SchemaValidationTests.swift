import Schema
import Testing

/// What a declared or hand-written schema can get wrong.
@Suite struct SchemaValidationTests {
    static func codes(_ schema: Schema) -> [String] {
        schema.validationIssues().map(\.code.rawValue)
    }

    @Test func consistentSchemasHaveNoIssues() {
        #expect(Schema().validationIssues().isEmpty)
        #expect(Fixtures.rich().validationIssues().isEmpty)
    }

    @Test func duplicateNames() {
        let schema = Schema(
            tables: [
                Table(name: "t", columns: [Column("a", .int), Column("a", .text)], indexes: [Index(name: "i", columns: ["a"]), Index(name: "i", columns: ["a"])]),
                Table(name: "t", columns: []),
            ],
            views: [View(name: "t", definition: "SELECT 1")]
        )
        let issues = schema.validationIssues()
        #expect(issues.map(\.code) == [.duplicateName, .duplicateName, .duplicateName])
        #expect(issues.map(\.path) == ["tables[\"t\"]", "tables[\"t\"].columns[\"a\"]", "tables[\"t\"].indexes[\"i\"]"])
        #expect(issues[0].description == "tables[\"t\"]: more than one table or view is named \"t\"; rename or remove one")
    }

    @Test func unknownColumnsAndTables() {
        let schema = Schema(
            tables: [
                Table(
                    name: "child",
                    columns: [Column("id", .int), Column("parent_id", .int), Column("mood", .enumType(name: "feeling"))],
                    primaryKey: PrimaryKey(columns: ["ident"]),
                    uniqueConstraints: [UniqueConstraint(columns: [])],
                    indexes: [Index(name: "i", parts: [.column("nope"), .expression("lower(x)")], include: ["gone"])],
                    foreignKeys: [
                        ForeignKey(name: "a", columns: ["parent_id"], referencedTable: "parent", referencedColumns: ["uid"]),
                        ForeignKey(name: "b", columns: ["parent_id", "id"], referencedTable: "nowhere", referencedColumns: ["id"]),
                    ]
                ),
                Table(name: "parent", columns: [Column("id", .int)]),
            ],
            sequences: [SequenceDefinition(name: "s", ownedBy: ColumnReference(table: "parent", column: "nope"))],
            unmodelled: [UnmodelledObject(kind: .trigger, name: "t", table: "ghost", definition: "CREATE TRIGGER …")]
        )
        #expect(Self.codes(schema) == [
            "unknownType", "unknownColumn", "emptyKey", "unknownColumn", "unknownColumn",
            "unknownColumn", "columnCountMismatch", "unknownTable", "unknownColumn", "unknownTable",
        ])
    }

    @Test func identities() {
        let schema = Schema(tables: [Table(name: "t", columns: [
            Column("a", .text, identity: .always),
            Column("b", .bigint, default: .number("1"), identity: .byDefault),
            Column("c", .custom("INT UNSIGNED"), identity: .autoIncrement),
        ])])
        #expect(Self.codes(schema) == ["identityOnNonInteger", "identityWithDefault"])
    }
}
