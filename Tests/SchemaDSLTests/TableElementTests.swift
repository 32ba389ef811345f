import Schema
import SchemaDSL
import Testing

/// The table `t` declared with `content`.
private func table(@DeclaredTableBuilder _ content: () -> [TableElement]) -> Table? {
    DeclaredSchema {
        DeclaredTable("t", content)
    }.schema.table(named: "t")
}

@Suite("Schema DSL: table elements")
struct TableElementTests {
    @Test func compositePrimaryKeyMakesItsColumnsNotNull() {
        let declared = table {
            DeclaredColumn("a", .int)
            DeclaredColumn("b", .int)
            DeclaredColumn("c", .int)
            DeclaredPrimaryKey("b", "a")
        }
        #expect(declared?.primaryKey == PrimaryKey(columns: ["b", "a"]))
        #expect(declared?.columns.map(\.isNullable) == [false, false, true])
    }

    @Test func namedDeferrablePrimaryKey() {
        let declared = table {
            DeclaredColumn("a", .int)
            DeclaredPrimaryKey(["a"], name: "t_pk").deferrable()
        }
        #expect(declared?.primaryKey == PrimaryKey(name: "t_pk", columns: ["a"], deferrability: .initiallyDeferred))
    }

    @Test func uniqueConstraints() {
        let declared = table {
            DeclaredColumn("a", .int)
            DeclaredColumn("b", .int)
            DeclaredUnique("a", "b")
            DeclaredUnique(["b"], name: "t_b_key").nullsNotDistinct().deferrable(.initiallyImmediate)
        }
        #expect(declared?.uniqueConstraints == [
            UniqueConstraint(columns: ["a", "b"]),
            UniqueConstraint(name: "t_b_key", columns: ["b"], nullsNotDistinct: true, deferrability: .initiallyImmediate),
        ])
    }

    @Test func indexesWithEveryOption() {
        let declared = table {
            DeclaredColumn("a", .int)
            DeclaredColumn("b", .text)
            DeclaredColumn("tags", .json)
            DeclaredIndex(on: "a", "b")
            DeclaredIndex("t_recent", on: .column("a"), .descending("b")).where("a > 0")
            DeclaredIndex(on: .expression("lower(b)")).unique()
            DeclaredIndex("t_tags", on: ["tags"]).using(.gin).storageParameter("fastupdate", "off")
            DeclaredIndex("t_cover", on: "a").including("b").nullsNotDistinct().invisible().comment("covering")
        }
        #expect(declared?.indexes == [
            Index(name: "t_a_b_idx", columns: ["a", "b"]),
            Index(
                name: "t_cover", parts: [.column("a")], include: ["b"], nullsNotDistinct: true,
                isInvisible: true, comment: "covering"
            ),
            Index(name: "t_lower_b_key", parts: [.expression("lower(b)")], isUnique: true),
            Index(name: "t_recent", parts: [.column("a"), .column("b", direction: .descending)], predicate: "a > 0"),
            Index(name: "t_tags", parts: [.column("tags")], method: .gin, parameters: [StorageParameter(name: "fastupdate", value: "off")]),
        ])
    }

    @Test func checks() {
        let declared = table {
            DeclaredColumn("n", .int)
            DeclaredCheck("n > 0")
            DeclaredCheck("n < 100", name: "t_n_max").notEnforced()
        }
        #expect(declared?.checks == [Check(expression: "n > 0"), Check(name: "t_n_max", expression: "n < 100", isEnforced: false)])
    }

    @Test func compositeForeignKeys() {
        let declared = DeclaredSchema {
            DeclaredTable("apps") {
                DeclaredColumn("tenant_id", .bigint)
                DeclaredColumn("id", .bigint)
                DeclaredPrimaryKey("tenant_id", "id")
            }
            DeclaredTable("releases") {
                DeclaredColumn("tenant_id", .bigint)
                DeclaredColumn("app_id", .bigint)
                DeclaredForeignKey("tenant_id", "app_id", references: "apps", onDelete: .cascade)
                DeclaredForeignKey(["tenant_id", "app_id"], references: "apps", columns: ["tenant_id", "id"], name: "releases_app_fk")
                    .match(.full).deferrable()
            }
        }
        #expect(declared.schema.table(named: "releases")?.foreignKeys == [
            ForeignKey(columns: ["tenant_id", "app_id"], referencedTable: "apps", referencedColumns: ["tenant_id", "id"], onDelete: .cascade),
            ForeignKey(
                name: "releases_app_fk", columns: ["tenant_id", "app_id"], referencedTable: "apps",
                referencedColumns: ["tenant_id", "id"], match: .full, deferrability: .initiallyDeferred
            ),
        ])
    }

    @Test func commentAndMySQLOptions() {
        let declared = DeclaredSchema {
            DeclaredTable("t") { DeclaredColumn("a", .int) }
                .comment("People")
                .engine(.innoDB)
                .characterSet(.utf8mb4)
                .collation(.utf8mb4UnicodeCI)
                .rowFormat(.dynamic)
        }.schema.table(named: "t")
        #expect(declared?.comment == "People")
        #expect(declared?.options == TableOptions(
            storageEngine: "InnoDB", characterSet: "utf8mb4", collation: "utf8mb4_unicode_ci", rowFormat: "DYNAMIC"
        ))
    }

    @Test func sqliteAndPostgresOptions() {
        let sqlite = DeclaredSchema {
            DeclaredTable("t") { DeclaredColumn("a", .int).primaryKey() }.strict().withoutRowID()
        }.schema.table(named: "t")
        #expect(sqlite?.options == TableOptions(isStrict: true, isWithoutRowID: true))
        let postgres = DeclaredSchema {
            DeclaredTable("t") { DeclaredColumn("a", .int) }.unlogged().storageParameter("fillfactor", "70")
        }.schema.table(named: "t")
        #expect(postgres?.options == TableOptions(isUnlogged: true, parameters: [StorageParameter(name: "fillfactor", value: "70")]))
    }

    @Test func modelValuesAreTakenAsTheyAre() {
        let declared = table {
            Column("a", .int, isNullable: false)
            Column("b", .text)
            PrimaryKey(name: "t_pkey", columns: ["a"])
            UniqueConstraint(name: "t_b_key", columns: ["b"])
            Index(name: "t_b_idx", columns: ["b"])
            Index(name: "", columns: ["a", "b"])
            ForeignKey(columns: ["b"], referencedTable: "t", referencedColumns: ["b"])
            Check(name: "t_a", expression: "a > 0")
        }
        #expect(declared == Table(
            name: "t",
            columns: [Column("a", .int, isNullable: false), Column("b", .text)],
            primaryKey: PrimaryKey(name: "t_pkey", columns: ["a"]),
            uniqueConstraints: [UniqueConstraint(name: "t_b_key", columns: ["b"])],
            indexes: [Index(name: "t_a_b_idx", columns: ["a", "b"]), Index(name: "t_b_idx", columns: ["b"])],
            foreignKeys: [ForeignKey(columns: ["b"], referencedTable: "t", referencedColumns: ["b"])],
            checks: [Check(name: "t_a", expression: "a > 0")]
        ))
    }

    @Test func controlFlowInTheBody() {
        let withAudit = true
        let locales = ["en", "fr"]
        let declared = table {
            DeclaredColumn("id", .bigint).primaryKey()
            if withAudit {
                DeclaredColumn("updated_at", .timestamp)
            }
            if !withAudit {
                DeclaredColumn("never", .int)
            } else {
                DeclaredColumn("audited", .bool)
            }
            for locale in locales {
                DeclaredColumn("title_\(locale)", .text)
            }
            sharedColumns()
        }
        #expect(declared?.columns.map(\.name) == ["id", "updated_at", "audited", "title_en", "title_fr", "created_by"])
    }

    @DeclaredTableBuilder
    private func sharedColumns() -> [TableElement] {
        DeclaredColumn("created_by", .text)
    }
}
