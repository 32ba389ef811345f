import Schema
import SchemaDSL
import Testing

/// The one column of the one table of a declaration with a table `t` holding `column`.
private func model(of column: DeclaredColumn) -> Column? {
    DeclaredSchema {
        DeclaredTable("t") { column }
    }.schema.table(named: "t")?.columns.first
}

/// The table `t` declared with `content`.
private func table(@DeclaredTableBuilder _ content: () -> [TableElement]) -> Table? {
    DeclaredSchema {
        DeclaredTable("t", content)
    }.schema.table(named: "t")
}

@Suite("Schema DSL: column modifiers")
struct ColumnModifierTests {
    @Test func aColumnAcceptsNullUntilNotNull() {
        #expect(model(of: DeclaredColumn("a", .int)) == Column("a", .int))
        #expect(model(of: DeclaredColumn("a", .int).notNull())?.isNullable == false)
        #expect(model(of: DeclaredColumn("a", .int).notNull().nullable())?.isNullable == true)
    }

    @Test func typedDefaults() {
        #expect(model(of: DeclaredColumn("a", .text).default("x'y"))?.defaultValue == .string("x'y"))
        #expect(model(of: DeclaredColumn("a", .int).default(42))?.defaultValue == .number("42"))
        #expect(model(of: DeclaredColumn("a", .int).default(-7))?.defaultValue == .number("-7"))
        #expect(model(of: DeclaredColumn("a", .double).default(1.50))?.defaultValue == .number("1.5"))
        #expect(model(of: DeclaredColumn("a", .double).default(100.0))?.defaultValue == .number("100"))
        #expect(model(of: DeclaredColumn("a", .bool).default(true))?.defaultValue == .bool(true))
        #expect(model(of: DeclaredColumn("a", .timestamp).default(.now))?.defaultValue == .currentTimestamp)
        #expect(model(of: DeclaredColumn("a", .date).default(.currentDate))?.defaultValue == .currentDate)
        #expect(model(of: DeclaredColumn("a", .text).default(.null))?.defaultValue == .null)
        #expect(model(of: DeclaredColumn("a", .uuid).default(.sql("gen_random_uuid()")))?.defaultValue == .expression("gen_random_uuid()"))
        #expect(model(of: DeclaredColumn("a", .decimal(10, 2)).default(.decimal("009.90")))?.defaultValue == .number("9.9"))
        #expect(model(of: DeclaredColumn("a", .bigint).default(.nextValue(sequence: "ids")))?.defaultValue == .nextValue(sequence: "ids"))
    }

    @Test func defaultsThatAreNotPlainDecimalsStayExpressions() {
        #expect(ColumnDefault.decimal("1e3") == .expression("1e3"))
        #expect(ColumnDefault.double(1e-7) == .expression("1e-07"))
        #expect(ColumnDefault.integer(0) == .number("0"))
    }

    @Test func onUpdate() {
        #expect(model(of: DeclaredColumn("a", .timestamp).onUpdate(.now))?.onUpdate == .currentTimestamp)
    }

    @Test func identities() {
        #expect(model(of: DeclaredColumn("a", .bigint).autoIncrement())?.identity == .autoIncrement)
        #expect(model(of: DeclaredColumn("a", .bigint).identity())?.identity == .byDefault)
        #expect(model(of: DeclaredColumn("a", .bigint).identity(.always))?.identity == .always)
        let custom = Identity(kind: .byDefault, sequenceOptions: SequenceOptions(start: 100))
        #expect(model(of: DeclaredColumn("a", .bigint).identity(custom))?.identity == custom)
    }

    @Test func textAttributes() {
        let column = model(of: DeclaredColumn("a", .text)
            .collation(.utf8mb4Bin).characterSet(.utf8mb4).comment("Shown to users"))
        #expect(column?.collation == "utf8mb4_bin")
        #expect(column?.characterSet == "utf8mb4")
        #expect(column?.comment == "Shown to users")
        #expect(model(of: DeclaredColumn("a", .text).collation("de-x-icu"))?.collation == "de-x-icu")
    }

    @Test func primaryKeyGoesToTheTableAndMakesTheColumnNotNull() {
        let declared = table { DeclaredColumn("id", .bigint).primaryKey() }
        #expect(declared?.primaryKey == PrimaryKey(columns: ["id"]))
        #expect(declared?.columns == [Column("id", .bigint, isNullable: false)])
    }

    @Test func uniqueIsAnUnnamedConstraintUnlessNamed() {
        #expect(table { DeclaredColumn("a", .int).unique() }?.uniqueConstraints == [UniqueConstraint(columns: ["a"])])
        #expect(table { DeclaredColumn("a", .int).unique(name: "t_a_key") }?.uniqueConstraints
            == [UniqueConstraint(name: "t_a_key", columns: ["a"])])
    }

    @Test func checkIsATableCheck() {
        let declared = table {
            DeclaredColumn("n", .int).check("n > 0").check("n < 10", name: "t_n_small")
        }
        #expect(declared?.checks == [Check(expression: "n > 0"), Check(name: "t_n_small", expression: "n < 10")])
    }

    @Test func referencesWithEveryOption() {
        let declared = DeclaredSchema {
            DeclaredTable("parents") { DeclaredColumn("code", .text).primaryKey() }
            DeclaredTable("t") {
                DeclaredColumn("parent", .text).references(
                    "parents", column: "code", onDelete: .setNull, onUpdate: .cascade, name: "t_parent_fk"
                )
            }
        }
        #expect(declared.schema.table(named: "t")?.foreignKeys == [ForeignKey(
            name: "t_parent_fk", columns: ["parent"], referencedTable: "parents", referencedColumns: ["code"],
            onDelete: .setNull, onUpdate: .cascade
        )])
    }

    @Test func columnsKeepTheirDeclaredOrder() {
        let declared = table {
            DeclaredColumn("z", .int)
            DeclaredColumn("a", .int)
            DeclaredColumn("m", .int)
        }
        #expect(declared?.columns.map(\.name) == ["z", "a", "m"])
    }

    @Test func modifiersReturnCopies() {
        let plain = DeclaredColumn("a", .int)
        _ = plain.notNull().comment("x")
        #expect(plain.column == Column("a", .int))
        #expect(plain.name == "a")
        #expect(plain.renamedFrom == nil)
        #expect(plain.renamed(from: "b").renamedFrom == "b")
    }
}

@Suite("Schema DSL: type and default spellings")
struct SpellingTests {
    @Test func columnTypeHelpers() {
        #expect(ColumnType.string(200) == .string(length: 200))
        #expect(ColumnType.varchar(20) == .string(length: 20))
        #expect(ColumnType.integer == .int)
        #expect(ColumnType.boolean == .bool)
        #expect(ColumnType.decimal(10, 2) == .decimal(precision: 10, scale: 2))
        #expect(ColumnType.decimal(10) == .decimal(precision: 10, scale: 0))
        #expect(ColumnType.timestamp == .timestampWithZone(precision: nil))
        #expect(ColumnType.timestamp(3) == .timestampWithZone(precision: 3))
        #expect(ColumnType.timestamptz == .timestampWithZone(precision: nil))
        #expect(ColumnType.datetime == .datetime(precision: nil))
        #expect(ColumnType.time == .time(precision: nil))
        #expect(ColumnType.binary == .binary(length: nil))
        #expect(ColumnType.varbinary(16) == .binary(length: 16))
        #expect(ColumnType.enum("a", "b") == .enum(values: ["a", "b"]))
        #expect(ColumnType.enumType("mood") == .enumType(name: "mood"))
    }

    @Test func engineAttributeNames() {
        #expect(Collation.utf8mb4Bin.rawValue == "utf8mb4_bin")
        #expect(Collation.utf8mb4UnicodeCI.rawValue == "utf8mb4_unicode_ci")
        #expect(Collation.utf8mb4AccentInsensitiveCI.rawValue == "utf8mb4_0900_ai_ci")
        #expect(Collation.noCase.rawValue == "NOCASE")
        #expect(Collation.c.rawValue == "C")
        #expect(Collation("und-x-icu") == "und-x-icu")
        #expect(Charset("UTF8MB4") == .utf8mb4)
        #expect(StorageEngine.innoDB.rawValue == "InnoDB")
        #expect(StorageEngine.myISAM.rawValue == "MyISAM")
        #expect(StorageEngine("ROCKSDB") == "ROCKSDB")
        #expect(RowFormat("dynamic") == .dynamic)
    }

    @Test func indexPartHelpers() {
        #expect(IndexPart.descending("a") == .column("a", direction: .descending))
        #expect(IndexPart.ascending("a") == .column("a"))
    }
}
