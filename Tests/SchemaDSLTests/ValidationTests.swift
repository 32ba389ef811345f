import Schema
import SchemaDSL
import SchemaDiff
import Testing

@Suite("Schema DSL: validation")
struct ValidationTests {
    private func lines(_ declared: DeclaredSchema) -> [String] {
        declared.issues.map(\.description)
    }

    @Test func aReferenceToAMissingTableNamesTheColumn() throws {
        let declared = DeclaredSchema {
            DeclaredTable("devices") { DeclaredColumn("account_id", .bigint).references("acounts") }
        }
        #expect(declared.issues.map(\.code) == [.unknownTable])
        #expect(declared.issues.first?.path == #"tables["devices"].columns["account_id"].references"#)
        #expect(lines(declared).first?.contains(#"no table "acounts""#) == true)
    }

    @Test func aReferenceToAMissingColumnNamesBothTables() {
        let declared = DeclaredSchema {
            DeclaredTable("accounts") { DeclaredColumn("id", .bigint).primaryKey() }
            DeclaredTable("devices") { DeclaredColumn("owner", .text).references("accounts", column: "email") }
        }
        #expect(lines(declared) == [
            #"tables["devices"].columns["owner"].references: table "accounts" has no column "email" to refer to; fix the name"#,
        ])
    }

    @Test func aCompositeKeyProblemNamesItsColumns() {
        let declared = DeclaredSchema {
            DeclaredTable("apps") { DeclaredColumn("id", .bigint).primaryKey() }
            DeclaredTable("t") {
                DeclaredColumn("a", .int)
                DeclaredForeignKey("a", "b", references: "apps", columns: ["id", "id"])
                DeclaredUnique("a", "c")
            }
        }
        let paths = declared.issues.map(\.path)
        #expect(paths.contains(#"tables["t"].foreignKeys[("a", "b")]"#))
        #expect(paths.contains(#"tables["t"].uniqueConstraints[("a", "c")]"#))
    }

    @Test func aDuplicateColumnIsReported() {
        let declared = DeclaredSchema {
            DeclaredTable("t") {
                DeclaredColumn("a", .int)
                DeclaredColumn("a", .text)
            }
        }
        #expect(lines(declared) == [#"tables["t"].columns["a"]: more than one column is named "a"; rename or remove one"#])
    }

    @Test func anIndexOverAMissingColumnIsReported() {
        let declared = DeclaredSchema {
            DeclaredTable("t") {
                DeclaredColumn("a", .int)
                DeclaredIndex(on: "b")
            }
        }
        #expect(declared.issues.map(\.path) == [#"tables["t"].indexes["t_b_idx"]"#])
    }

    @Test func twoPrimaryKeysAreReported() {
        let declared = DeclaredSchema {
            DeclaredTable("t") {
                DeclaredColumn("a", .int).primaryKey()
                DeclaredColumn("b", .int).primaryKey()
            }
            DeclaredTable("u") {
                DeclaredColumn("a", .int).primaryKey()
                DeclaredPrimaryKey("a")
            }
        }
        #expect(declared.issues.map(\.code) == [.conflictingPrimaryKeys, .conflictingPrimaryKeys])
        #expect(declared.issues.map(\.path) == [#"tables["t"].primaryKey"#, #"tables["u"].primaryKey"#])
        #expect(lines(declared)[0].contains(#"primaryKey() on "a", "b""#))
        #expect(lines(declared)[1].contains("a DeclaredPrimaryKey"))
    }

    @Test func aNullablePrimaryKeyColumnIsReported() {
        let declared = DeclaredSchema {
            DeclaredTable("t") { DeclaredColumn("id", .int).nullable().primaryKey() }
        }
        #expect(declared.issues.map(\.code) == [.nullablePrimaryKey])
        #expect(declared.issues.first?.path == #"tables["t"].columns["id"]"#)
        #expect(declared.schema.table(named: "t")?.columns.first?.isNullable == false)
    }

    @Test func identityWithDefaultAndMissingEnumTypeComeFromTheModel() {
        let declared = DeclaredSchema {
            DeclaredTable("t") {
                DeclaredColumn("id", .bigint).autoIncrement().default(1)
                DeclaredColumn("mood", .enumType("mood"))
            }
        }
        #expect(declared.issues.map(\.code) == [.identityWithDefault, .unknownType])
    }

    @Test func renameIssuesNameTheTableAndColumn() {
        let declared = DeclaredSchema {
            DeclaredTable("users", renamedFrom: "people") {
                DeclaredColumn("email", .text, renamedFrom: "mail")
                DeclaredColumn("mail", .text)
                DeclaredColumn("same", .text, renamedFrom: "same")
            }
            DeclaredTable("people") { DeclaredColumn("id", .int) }
            Rename.table(from: "x", to: "missing")
            Rename.column(table: "users", from: "a", to: "nothing")
            Rename.column(table: "users", from: "mail", to: "same")
        }
        #expect(lines(declared) == [
            #"tables["users"].renamedFrom: "people" is renamed to "users" but is still declared; remove one of them or the rename"#,
            #"tables["missing"].renamedFrom: no table "missing" is declared to be renamed from "x"; name the table by its new name"#,
            #"tables["users"].columns["nothing"].renamedFrom: table "users" has no column "nothing" to be renamed from "a"; name the column by its new name"#,
            #"tables["users"].columns["email"].renamedFrom: column "mail" of table "users" is renamed to "email" but is still declared; remove one of them or the rename"#,
            #"tables["users"].columns["same"].renamedFrom: column "mail" of table "users" is renamed to "same" but is still declared; remove one of them or the rename"#,
            #"tables["users"].columns["same"].renamedFrom: column "same" is renamed from its own name; remove renamedFrom"#,
            #"tables["users"].columns["same"].renamedFrom: more than one column of table "users" is renamed from "mail"; keep one rename"#,
            #"tables["users"].columns["same"].renamedFrom: "same" is renamed more than once; keep one rename"#,
        ])
    }

    @Test func aRenameOfAMissingTablesColumn() {
        let declared = DeclaredSchema {
            Rename.column(table: "ghost", from: "a", to: "b")
        }
        #expect(declared.issues.map(\.code) == [.unknownRenameTarget])
        #expect(declared.issues.first?.path == #"tables["ghost"].columns["b"].renamedFrom"#)
    }

    @Test func validateThrowsOneLinePerIssue() {
        let declared = DeclaredSchema {
            DeclaredTable("devices") {
                DeclaredColumn("account_id", .bigint).references("acounts")
                DeclaredIndex(on: "serial")
            }
        }
        #expect(throws: DeclaredSchemaError.self) { try declared.validate() }
        do {
            try declared.validate()
        } catch {
            let text = error.description.split(separator: "\n").map(String.init)
            #expect(text.count == 3)
            #expect(text.first == "the declared schema has 2 issues:")
            #expect(text[1].hasPrefix(#"  tables["devices"].indexes["devices_serial_idx"]: "#))
            #expect(text[2].hasPrefix(#"  tables["devices"].columns["account_id"].references: "#))
            #expect(error.errorDescription == error.description)
        }
    }

    @Test func aConsistentDeclarationValidates() throws {
        try DeclaredSchema(schema: Schema()).validate()
        try Sketch.declared().validate()
    }
}
