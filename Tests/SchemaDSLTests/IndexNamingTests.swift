import Schema
import SchemaDSL
import Testing

@Suite("Schema DSL: generated index names")
struct IndexNamingTests {
    private func indexNames(
        table: String = "devices",
        @DeclaredTableBuilder _ content: () -> [TableElement]
    ) -> [String] {
        DeclaredSchema { DeclaredTable(table, content) }.schema.table(named: table)?.indexes.map(\.name) ?? []
    }

    @Test func plainAndUniqueIndexes() {
        let names = indexNames {
            DeclaredColumn("account_id", .bigint)
            DeclaredColumn("serial", .text)
            DeclaredIndex(on: "account_id")
            DeclaredIndex(on: "account_id", "serial").unique()
        }
        #expect(names == ["devices_account_id_idx", "devices_account_id_serial_key"])
    }

    @Test func descendingPartsUseTheColumnName() {
        let names = indexNames {
            DeclaredColumn("created_at", .timestamp)
            DeclaredIndex(on: .descending("created_at"))
        }
        #expect(names == ["devices_created_at_idx"])
    }

    @Test func expressionsContributeTheirWords() {
        let names = indexNames {
            DeclaredColumn("serial", .text)
            DeclaredIndex(on: .expression("lower(serial)"), .expression("(serial || '-')"))
            DeclaredIndex(on: .expression("'-'"))
        }
        #expect(names == ["devices_expr_idx", "devices_lower_serial_serial_idx"])
    }

    @Test func aGivenNameIsKept() {
        #expect(indexNames { DeclaredIndex("mine", on: "a") } == ["mine"])
    }

    @Test func namesAreDeterministicAndIndependentOfOrder() {
        let first = indexNames {
            DeclaredIndex(on: "b")
            DeclaredIndex(on: "a")
        }
        let second = indexNames {
            DeclaredIndex(on: "a")
            DeclaredIndex(on: "b")
        }
        #expect(first == ["devices_a_idx", "devices_b_idx"])
        #expect(first == second)
    }

    @Test func longNamesAreShortenedWithAStableHash() {
        let longColumn = String(repeating: "c", count: 70)
        let names = indexNames(table: "measurements") {
            DeclaredIndex(on: longColumn)
            DeclaredIndex(on: longColumn + "x")
        }
        #expect(names.count == 2)
        #expect(names.allSatisfy { $0.utf8.count == 63 })
        #expect(names.contains("measurements_" + String(repeating: "c", count: 41) + "_38e30fcf"))
        #expect(Set(names).count == 2)
        let again = indexNames(table: "measurements") {
            DeclaredIndex(on: longColumn)
            DeclaredIndex(on: longColumn + "x")
        }
        #expect(again == names)
    }

    @Test func aNameAtTheLimitIsKeptWhole() {
        let column = String(repeating: "a", count: 63 - "t__idx".count)
        #expect(indexNames(table: "t") { DeclaredIndex(on: column) } == ["t_\(column)_idx"])
    }
}
