import Dialects
import Schema
import Testing

/// The SQLite normaliser on its own: synonyms, implied facts, what SQLite lacks. No database.
@Suite("SQLite schema normaliser")
struct SQLiteSchemaNormalizerTests {
    let normalizer = SQLiteDialect().normalizer

    func table(_ columns: [Column], key: [String]? = nil, options: TableOptions = TableOptions()) -> Table {
        Table(name: "t", columns: columns, primaryKey: key.map { PrimaryKey(columns: $0) }, options: options)
    }

    func normalized(_ table: Table) -> Table? {
        normalizer.normalize(Schema(tables: [table])).tables.first
    }

    func type(_ type: ColumnType, strict: Bool = false, key: Bool = false) -> ColumnType? {
        normalized(table([Column("c", type)], key: key ? ["c"] : nil, options: TableOptions(isStrict: strict)))?.columns.first?.type
    }

    @Test("declared-type synonyms become the portable type", arguments: [
        (ColumnType.custom("integer"), ColumnType.int),
        (.custom("INT"), .int),
        (.custom("bigint"), .bigint),
        (.custom("smallint"), .smallint),
        (.custom("varchar ( 12 )"), .string(length: 12)),
        (.custom("character varying(5)"), .string(length: 5)),
        (.custom("text"), .text),
        (.custom("bool"), .bool),
        (.custom("boolean"), .bool),
        (.custom("decimal(10, 2)"), .decimal(precision: 10, scale: 2)),
        (.custom("numeric(7)"), .decimal(precision: 7, scale: 0)),
        (.custom("numeric"), .decimal()),
        (.custom("double precision"), .double),
        (.custom("double"), .double),
        (.custom("real"), .double),
        (.custom("float"), .float),
        (.custom("date"), .date),
        (.custom("time(3)"), .time(precision: 3)),
        (.custom("datetime"), .datetime()),
        (.custom("timestamp"), .timestampWithZone()),
        (.custom("uuid"), .uuid),
        (.custom("json"), .json),
        (.custom("blob"), .binary()),
        (.custom("blob(16)"), .binary(length: 16)),
        (.custom("nvarchar(10)"), .custom("NVARCHAR(10)")),
        (.custom("unsigned   big int"), .custom("UNSIGNED BIG INT")),
        (.custom(""), .custom("")),
    ])
    func typeSynonyms(written: ColumnType, expected: ColumnType) {
        #expect(type(written) == expected)
    }

    @Test("only INTEGER is a rowid alias: INT on a rowid table's lone key column stays INT")
    func rowIDAlias() {
        #expect(type(.custom("INT"), key: true) == .custom("INT"))
        #expect(type(.custom("INTEGER"), key: true) == .int)
        #expect(type(.bigint, key: true) == .bigint)
        let alias = normalized(table([Column("id", .int)], key: ["id"]))
        #expect(alias?.columns.first?.isNullable == false)
        let textKey = normalized(table([Column("code", .text)], key: ["code"]))
        #expect(textKey?.columns.first?.isNullable == true)
        let withoutRowID = normalized(table([Column("code", .text)], key: ["code"], options: TableOptions(isWithoutRowID: true)))
        #expect(withoutRowID?.columns.first?.isNullable == false)
        #expect(normalized(table([Column("id", .custom("INT"))], key: ["id"], options: TableOptions(isWithoutRowID: true)))?
            .columns.first?.type == .int)
    }

    @Test("a STRICT table has only the types it accepts", arguments: [
        (ColumnType.smallint, ColumnType.int), (.bigint, .int), (.bool, .int), (.string(length: 9), .text),
        (.decimal(precision: 5, scale: 1), .text), (.float, .double), (.double, .double), (.date, .text),
        (.datetime(precision: 3), .text), (.uuid, .text), (.json, .text), (.binary(length: 4), .binary()),
        (.custom("any"), .custom("ANY")), (.enum(values: ["a"]), .enum(values: ["a"])),
    ])
    func strictTypes(written: ColumnType, expected: ColumnType) {
        #expect(type(written, strict: true) == expected)
    }

    @Test("named enums become inline enums; enum types and sequences go")
    func enums() {
        let schema = Schema(
            tables: [table([Column("m", .enumType(name: "mood")), Column("x", .enumType(name: "missing"))])],
            enumTypes: [EnumType(name: "mood", values: ["sad", "ok"])],
            sequences: [SequenceDefinition(name: "s")]
        )
        let result = normalizer.normalize(schema)
        #expect(result.tables[0].columns.map(\.type) == [.enum(values: ["sad", "ok"]), .text])
        #expect(result.enumTypes.isEmpty && result.sequences.isEmpty)
    }

    @Test("defaults reduce to one spelling", arguments: [
        (ColumnType.int, ColumnDefault.string("5"), ColumnDefault.number("5")),
        (.text, .string("5"), .string("5")),
        (.decimal(precision: 5, scale: 2), .string("1.50"), .number("1.5")),
        (.bool, .number("1"), .bool(true)),
        (.bool, .string("0"), .bool(false)),
        (.int, .expression("((1))"), .number("1")),
        (.int, .expression("(-2)"), .number("-2")),
        (.text, .expression("('x')"), .string("x")),
        (.text, .expression("(CURRENT_TIMESTAMP)"), .currentTimestamp),
        (.text, .expression("NULL"), .null),
        (.text, .expression("(  lower( 'X' ) /* c */ )"), .expression("lower( 'X' )")),
        (.int, .nextValue(sequence: "ids"), .expression("nextval('ids')")),
        (.int, .expression("1e3"), .expression("1e3")),
    ])
    func defaults(type: ColumnType, written: ColumnDefault, expected: ColumnDefault) {
        let result = normalized(table([Column("c", type, default: written)]))
        #expect(result?.columns.first?.defaultValue == expected)
    }

    @Test("identities: autoIncrement on the lone integer key of a rowid table, else none")
    func identities() {
        let serial = normalized(table([Column("id", .bigint, default: .number("1"), identity: .serial)], key: ["id"]))
        #expect(serial?.columns.first == Column("id", .int, isNullable: false, identity: .autoIncrement))
        let composite = normalized(table([Column("a", .int, identity: .autoIncrement), Column("b", .int)], key: ["a", "b"]))
        #expect(composite?.columns.first?.identity == nil)
        let noRowID = normalized(table([Column("a", .int, identity: .byDefault)], key: ["a"], options: TableOptions(isWithoutRowID: true)))
        #expect(noRowID?.columns.first?.identity == nil)
    }

    @Test("collations, keys, indexes and expressions")
    func keysAndIndexes() throws {
        let parent = Table(name: "Parent", columns: [Column("ID", .int)], primaryKey: PrimaryKey(columns: ["ID"]))
        let child = Table(
            name: "child",
            columns: [Column("a", .text, collation: "nocase"), Column("b", .text, collation: "binary"), Column("p", .int)],
            primaryKey: PrimaryKey(columns: ["a"]),
            uniqueConstraints: [UniqueConstraint(name: "dup_of_key", columns: ["a"]), UniqueConstraint(name: "u1", columns: ["b"]),
                                UniqueConstraint(name: "u2", columns: ["b"])],
            indexes: [Index(name: "i", parts: [
                .column("a", collation: "NOCASE"), .column("b", collation: "NoCase"), .expression("(\"p\")"),
                .expression("lower(  a )", operatorClass: "x"),
            ], predicate: "(p  > 0)", method: .hash, comment: "c")],
            foreignKeys: [ForeignKey(columns: ["p"], referencedSchema: "other", referencedTable: "parent", referencedColumns: [])],
            checks: [Check(expression: "(a <> '')", isEnforced: false)],
            comment: "x",
            options: TableOptions(storageEngine: "InnoDB", collation: "utf8mb4_bin")
        )
        let result = normalizer.normalize(Schema(name: "db", defaultCollation: "x", tables: [parent, child]))
        let table = try #require(result.table(named: "child"))
        #expect(table.columns.map(\.collation) == ["NOCASE", nil, nil])
        #expect(table.uniqueConstraints == [UniqueConstraint(name: "u1", columns: ["b"])])
        #expect(table.indexes.first == Index(name: "i", parts: [
            .column("a"), .column("b", collation: "NOCASE"), .column("p"), .expression("lower( a )"),
        ], predicate: "p > 0"))
        #expect(table.foreignKeys.first == ForeignKey(columns: ["p"], referencedTable: "Parent", referencedColumns: ["ID"]))
        #expect(table.checks == [Check(expression: "a <> ''")])
        #expect(table.comment == nil && table.options == TableOptions())
        #expect(result.name == nil && result.defaultCollation == nil)
    }

    @Test("normalising is idempotent on the model corpus")
    func idempotent() {
        let once = normalizer.normalize(SQLiteSchemaModelTests.corpus)
        #expect(normalizer.normalize(once) == once)
    }

    @Test("rendering is deterministic and quotes every identifier")
    func rendering() {
        let schema = normalizer.normalize(SQLiteSchemaModelTests.corpus)
        let renderer = SQLiteDialect().renderer
        let first = SchemaScript.creating(schema, with: renderer)
        #expect(first == SchemaScript.creating(schema, with: renderer))
        #expect(first.contains { $0.hasPrefix("CREATE TABLE \"we\"\"ird\" (") })
        #expect(first.contains { $0.contains("\"order\"") && $0.contains("\"select\" INTEGER NOT NULL") })
        #expect(SchemaScript.dropping(schema, with: renderer).contains("DROP TABLE \"order\""))
    }
}
