import Dialects
import Drivers
import Schema
import Testing

/// The MySQL normaliser and renderer offline: synonyms, defaults, names MySQL chooses.
@Suite("MySQL schema normalizer")
struct MySQLSchemaNormalizerTests {
    static let mariaDB = MySQLDialect(server: ServerInfo(mysqlVersion: "5.5.5-10.11.6-MariaDB"))
    static let mysql = MySQLDialect(server: ServerInfo(mysqlVersion: "8.0.36"))

    private func normalized(_ table: Table, _ dialect: MySQLDialect = mariaDB) -> Table {
        dialect.normalizer.normalize(Schema(tables: [table])).tables[0]
    }

    private func column(_ type: ColumnType, default value: ColumnDefault? = nil, nullable: Bool = true) -> Column {
        normalized(Table(name: "t", columns: [Column("c", type, isNullable: nullable, default: value)])).columns[0]
    }

    @Test("type synonyms", arguments: [
        ("int(11)", ColumnType.int), ("INTEGER", .int), ("bigint(20)", .bigint), ("smallint(6)", .smallint),
        ("tinyint(1)", .bool), ("BOOLEAN", .bool), ("bool", .bool), ("varchar(20)", .string(length: 20)),
        ("text", .text), ("char(36)", .uuid), ("decimal(10,2)", .decimal(precision: 10, scale: 2)),
        ("numeric(8)", .decimal(precision: 8, scale: 0)), ("decimal", .decimal(precision: 10, scale: 0)),
        ("float", .float), ("double", .double), ("real", .double), ("date", .date), ("time", .time()),
        ("time(0)", .time()), ("time(3)", .time(precision: 3)), ("datetime(6)", .datetime(precision: 6)),
        ("timestamp", .timestampWithZone()), ("json", .json), ("longblob", .binary()),
        ("varbinary(16)", .binary(length: 16)), ("enum('a','b''c','d\\\\e')", .enum(values: ["a", "b'c", "d\\e"])),
        ("int(10) unsigned", .custom("int unsigned")), ("INT UNSIGNED", .custom("int unsigned")),
        ("tinyint(4)", .custom("tinyint")), ("mediumint(9)", .custom("mediumint")), ("year(4)", .custom("year")),
        ("char(3)", .custom("char(3)")), ("longtext", .custom("longtext")), ("set('x','y')", .custom("set('x','y')")),
        ("bit(1)", .custom("bit(1)")), ("int(5) unsigned zerofill", .custom("int(5) unsigned zerofill")),
    ])
    func typeSynonyms(text: String, expected: ColumnType) {
        #expect(column(.custom(text)).type == expected, "\(text)")
    }

    @Test("default spellings", arguments: [
        (ColumnType.int, ColumnDefault.string("0"), ColumnDefault.number("0")),
        (.int, .expression("(0)"), .number("0")),
        (.bool, .number("1"), .bool(true)), (.bool, .string("0"), .bool(false)), (.bool, .expression("TRUE"), .bool(true)),
        (.int, .bool(true), .number("1")), (.string(length: 5), .number("0"), .string("0")),
        (.decimal(precision: 10, scale: 2), .string("1.50"), .number("1.5")),
        (.datetime(), .expression("now()"), .currentTimestamp), (.datetime(precision: 6), .expression("CURRENT_TIMESTAMP(6)"), .currentTimestamp),
        (.timestampWithZone(), .expression("current_timestamp()"), .currentTimestamp),
        (.date, .expression("curdate()"), .currentDate), (.time(), .expression("CURRENT_TIME"), .currentTime),
        (.string(length: 5), .expression("'it''s'"), .string("it's")), (.double, .expression("(rand())"), .expression("rand()")),
    ])
    func defaults(type: ColumnType, value: ColumnDefault, expected: ColumnDefault) {
        #expect(column(type, default: value).defaultValue == expected)
    }

    @Test("NULL defaults: none on a nullable column, kept on a NOT NULL one")
    func nullDefaults() {
        #expect(column(.int, default: .null).defaultValue == nil)
        #expect(column(.int, default: .expression("NULL")).defaultValue == nil)
    }

    @Test("identity, primary key and unique constraints take MySQL's forms and names")
    func keysAndNames() {
        let table = normalized(
            Table(
                name: "t",
                columns: [Column("id", .int, default: .number("1"), identity: .byDefault), Column("a", .int), Column("b", .int)],
                primaryKey: PrimaryKey(name: "t_pkey", columns: ["id"]),
                uniqueConstraints: [UniqueConstraint(columns: ["a"]), UniqueConstraint(columns: ["a", "b"]), UniqueConstraint(name: "named", columns: ["b"])],
                indexes: [Index(name: "a_2", columns: ["b"])],
                foreignKeys: [
                    ForeignKey(columns: ["b"], referencedTable: "u", referencedColumns: ["id"]),
                    ForeignKey(columns: ["a", "b"], referencedTable: "u", referencedColumns: ["x", "y"], match: .full, deferrability: .initiallyDeferred),
                ],
                checks: [Check(expression: "(`a` > 0)"), Check(expression: "`b` > 0")]))
        #expect(table.columns[0] == Column("id", .int, isNullable: false, identity: .autoIncrement))
        #expect(table.primaryKey == PrimaryKey(columns: ["id"]))
        #expect(table.uniqueConstraints.isEmpty)
        #expect(Set(table.indexes.map(\.name)) == ["a", "a_2", "a_3", "named"], "\(table.indexes.map(\.name))")
        #expect(table.index(named: "a_3")?.isUnique == true)
        #expect(Set(table.foreignKeys.compactMap(\.name)) == ["t_ibfk_1", "t_ibfk_2"])
        #expect(table.foreignKeys.allSatisfy { $0.match == .simple && $0.deferrability == .notDeferrable })
        #expect(Set(table.checks.compactMap(\.name)) == ["CONSTRAINT_1", "CONSTRAINT_2"])
        #expect(table.checks.contains { $0.expression == "`a` > 0" })
        let mysqlTable = normalized(Table(name: "t", columns: [Column("a", .int)], checks: [Check(expression: "a > 0")]), Self.mysql)
        #expect(mysqlTable.checks.first?.name == "t_chk_1")
    }

    @Test("a foreign key that no index serves gets the index MySQL creates")
    func impliedIndexes() {
        let table = normalized(
            Table(
                name: "t", columns: [Column("a", .int), Column("b", .int), Column("c", .int)],
                primaryKey: PrimaryKey(columns: ["a", "b"]),
                indexes: [Index(name: "by_c_prefix", parts: [.column("c", prefixLength: 2)])],
                foreignKeys: [
                    ForeignKey(name: "fa", columns: ["a"], referencedTable: "u", referencedColumns: ["id"]),
                    ForeignKey(name: "fb", columns: ["b"], referencedTable: "u", referencedColumns: ["id"]),
                    ForeignKey(name: "fc", columns: ["c"], referencedTable: "u", referencedColumns: ["id"]),
                ]))
        #expect(Set(table.indexes.map(\.name)) == ["by_c_prefix", "fb", "fc"])
        #expect(table.index(named: "fb")?.columnNames == ["b"])
    }

    @Test("character sets, collations and engines relative to their defaults")
    func charsets() {
        let schema = Schema(
            defaultCharacterSet: "utf8mb4", defaultCollation: "utf8mb4_unicode_ci",
            tables: [
                Table(name: "a", columns: [Column("x", .text, collation: "utf8mb4_unicode_ci")], options: TableOptions(storageEngine: "innodb", collation: "utf8mb4_unicode_ci")),
                Table(
                    name: "b",
                    columns: [
                        Column("x", .text, collation: "latin1_bin"), Column("y", .string(length: 3), collation: "latin1_swedish_ci", characterSet: "latin1"),
                        Column("z", .string(length: 3), collation: "LATIN1_GENERAL_CI"), Column("j", .json, collation: "utf8mb4_bin"), Column("n", .int, collation: "x"),
                    ],
                    options: TableOptions(storageEngine: "myisam", characterSet: "latin1", collation: "latin1_swedish_ci", rowFormat: "compact")),
            ])
        let result = Self.mariaDB.normalizer.normalize(schema)
        #expect(result.defaultCharacterSet == nil && result.defaultCollation == nil)
        let a = result.tables[0]
        #expect(a.options == TableOptions())
        let b = result.tables[1]
        #expect(b.options == TableOptions(storageEngine: "MyISAM", characterSet: "latin1", rowFormat: "COMPACT"))
        #expect(b.columns.map(\.collation) == ["latin1_bin", nil, "latin1_general_ci", nil, nil])
        #expect(b.columns.allSatisfy { $0.characterSet == nil })
    }

    @Test("named enumeration types become inline ENUMs")
    func enumTypes() {
        let schema = Schema(
            tables: [Table(name: "t", columns: [Column("m", .enumType(name: "mood"))])],
            enumTypes: [EnumType(name: "mood", values: ["a", "b"])])
        let result = Self.mysql.normalizer.normalize(schema)
        #expect(result.enumTypes.isEmpty)
        #expect(result.tables[0].columns[0].type == .enum(values: ["a", "b"]))
    }

    @Test("normalize is idempotent on the model corpus", arguments: [true, false])
    func idempotent(mariaDB: Bool) {
        let dialect = mariaDB ? Self.mariaDB : Self.mysql
        let once = dialect.normalizer.normalize(MySQLSchemaModelTests.corpus(mariaDB: mariaDB))
        #expect(dialect.normalizer.normalize(once) == once)
    }

    @Test("the renderer quotes every identifier and escapes backslashes in literals")
    func rendering() {
        let table = Table(
            name: "we`ird", columns: [Column("order", .string(length: 5), default: .string("a\\'b"), comment: "it's")],
            comment: "c\\d")
        let statements = SchemaScript.creating(Schema(tables: [table]), with: Self.mysql.renderer)
        #expect(statements == ["CREATE TABLE `we``ird` (\n  `order` VARCHAR(5) DEFAULT 'a\\\\''b' COMMENT 'it''s'\n) COMMENT='c\\\\d'"])
        let index = Index(name: "i", parts: [.expression("lower(`order`)", direction: .descending)], isInvisible: true)
        #expect(Self.mysql.renderer.createIndex(index, on: table) == ["CREATE INDEX `i` ON `we``ird` ((lower(`order`)) DESC) INVISIBLE"])
        #expect(Self.mariaDB.renderer.createIndex(Index(name: "i", parts: [.column("order")], isInvisible: true), on: table) == ["CREATE INDEX `i` ON `we``ird` (`order`) IGNORED"])
    }

    @Test("the same model renders byte-identically, whatever order it was declared in")
    func renderDeterminism() {
        let model = MySQLSchemaModelTests.corpus(mariaDB: false)
        var shuffled = model
        shuffled.tables = model.tables.reversed()
        shuffled.views = model.views.reversed()
        let render = { (schema: Schema) in SchemaScript.creating(Self.mysql.normalizer.normalize(schema), with: Self.mysql.renderer) }
        #expect(render(model) == render(shuffled))
    }
}
