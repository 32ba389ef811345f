@testable import Schema
import Testing

/// Mermaid and DOT diagrams, and the named differences between two schemas.
struct SchemaDiagramTests {
    static let schema = Schema(tables: [
        Table(
            name: "users",
            columns: [Column("id", .bigint, isNullable: false), Column("email", .string(length: 200), isNullable: false, comment: "login")],
            primaryKey: PrimaryKey(columns: ["id"]),
            indexes: [Index(name: "users_email", columns: ["email"], isUnique: true)]),
        Table(
            name: "we\"ird table",
            columns: [Column("id", .int, isNullable: false), Column("user id", .bigint)],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(name: "fk_user", columns: ["user id"], referencedTable: "users", referencedColumns: ["id"])]),
    ])

    @Test func mermaidNamesEveryTableAndRelationshipWithSafeIdentifiers() {
        let text = SchemaDiagram.mermaid(Self.schema)
        #expect(text.hasPrefix("erDiagram\n"))
        #expect(text.contains("    users {\n        bigint id PK\n        string(200) email UK \"not null; login\"\n    }"), "\(text)")
        #expect(text.contains("t_1[\"we#quot;ird table\"] {"), "\(text)")
        #expect(text.contains("bigint c_1 FK \"user id\""), "\(text)")
        #expect(text.contains("users |o--o{ t_1 : \"fk_user\""), "\(text)")
        // Deterministic: the same schema built in another order gives the same text.
        let reversed = Schema(tables: Self.schema.tables.reversed())
        #expect(SchemaDiagram.mermaid(reversed) == text)
    }

    @Test func dotDrawsARecordPerTableAndAnEdgePerForeignKey() {
        let text = SchemaDiagram.dot(Self.schema)
        #expect(text.hasPrefix("digraph schema {\n"))
        #expect(text.contains("\"we\\\"ird table\" [label=<"), "\(text)")
        #expect(text.contains("<b>we&quot;ird table</b>"))
        #expect(text.contains("\"we\\\"ird table\":c1 -> \"users\":c0 [label=\"fk_user\"];"), "\(text)")
        #expect(text.hasSuffix("}\n"))
    }

    @Test func differencesNameWhatWasAddedRemovedAndChanged() {
        var changed = Self.schema
        changed.tables[0].columns[1].type = .string(length: 300)
        changed.tables[0].columns.append(Column("nickname", .text))
        changed.tables[0].indexes = []
        changed.views = [View(name: "active", definition: "SELECT 1")]
        let names = Self.schema.differences(to: changed).map(\.description)
        #expect(names == [
            "column users.email changed: type string(200) → string(300)",
            "column users.nickname added",
            "index users.users_email removed",
            "view active added",
        ])
        #expect(Self.schema.differences(to: Self.schema).isEmpty)
        #expect(changed.differences(to: Self.schema).map(\.change) == [.changed, .removed, .added, .removed])
    }
}
