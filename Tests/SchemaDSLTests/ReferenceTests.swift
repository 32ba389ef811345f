import Schema
import SchemaDSL
import Testing

@Suite("Schema DSL: references")
struct ReferenceTests {
    private func foreignKeys(of table: String, in declared: DeclaredSchema) -> [ForeignKey] {
        declared.schema.table(named: table)?.foreignKeys ?? []
    }

    @Test func resolvesTheTargetsSinglePrimaryKeyColumn() {
        let declared = DeclaredSchema {
            DeclaredTable("accounts") { DeclaredColumn("account_no", .bigint).primaryKey() }
            DeclaredTable("devices") { DeclaredColumn("owner", .bigint).references("accounts") }
        }
        #expect(foreignKeys(of: "devices", in: declared) == [
            ForeignKey(columns: ["owner"], referencedTable: "accounts", referencedColumns: ["account_no"]),
        ])
    }

    @Test func resolvesATableDeclaredLater() {
        let declared = DeclaredSchema {
            DeclaredTable("devices") { DeclaredColumn("owner", .bigint).references("accounts") }
            DeclaredTable("accounts") {
                DeclaredColumn("code", .text)
                DeclaredPrimaryKey("code")
            }
        }
        #expect(foreignKeys(of: "devices", in: declared).first?.referencedColumns == ["code"])
    }

    @Test func resolvesASelfReference() {
        let declared = DeclaredSchema {
            DeclaredTable("categories") {
                DeclaredColumn("key", .text).primaryKey()
                DeclaredColumn("parent", .text).references("categories", onDelete: .setNull)
            }
        }
        #expect(foreignKeys(of: "categories", in: declared) == [
            ForeignKey(columns: ["parent"], referencedTable: "categories", referencedColumns: ["key"], onDelete: .setNull),
        ])
    }

    @Test func resolvesAModelTablesKey() {
        let declared = DeclaredSchema {
            Table(name: "legacy", columns: [Column("uid", .int, isNullable: false)], primaryKey: PrimaryKey(columns: ["uid"]))
            DeclaredTable("t") { DeclaredColumn("legacy_uid", .int).references("legacy") }
        }
        #expect(foreignKeys(of: "t", in: declared).first?.referencedColumns == ["uid"])
    }

    @Test func fallsBackToIDWithoutASingleColumnKey() {
        let declared = DeclaredSchema {
            DeclaredTable("keyless") { DeclaredColumn("id", .int) }
            DeclaredTable("pair") {
                DeclaredColumn("a", .int)
                DeclaredColumn("b", .int)
                DeclaredPrimaryKey("a", "b")
            }
            DeclaredTable("t") {
                DeclaredColumn("keyless_id", .int).references("keyless")
                DeclaredColumn("pair_id", .int).references("pair")
                DeclaredColumn("remote_id", .int).references("missing")
            }
        }
        #expect(foreignKeys(of: "t", in: declared).map(\.referencedColumns) == [["id"], ["id"], ["id"]])
    }

    @Test func anExplicitColumnWins() {
        let declared = DeclaredSchema {
            DeclaredTable("accounts") {
                DeclaredColumn("id", .bigint).primaryKey()
                DeclaredColumn("email", .text).unique()
            }
            DeclaredTable("t") { DeclaredColumn("email", .text).references("accounts", column: "email") }
        }
        #expect(foreignKeys(of: "t", in: declared).first?.referencedColumns == ["email"])
    }

    @Test func aKeyToAnotherSchemaIsNotResolvedLocally() {
        let declared = DeclaredSchema {
            DeclaredTable("accounts") { DeclaredColumn("code", .text).primaryKey() }
            DeclaredTable("t") {
                DeclaredColumn("account_id", .bigint)
                DeclaredForeignKey("account_id", references: "accounts").inSchema("billing")
            }
        }
        #expect(foreignKeys(of: "t", in: declared) == [
            ForeignKey(columns: ["account_id"], referencedSchema: "billing", referencedTable: "accounts", referencedColumns: ["id"]),
        ])
    }
}
