@testable import Dialects
import Schema
import Testing

/// The PostgreSQL normaliser's rules, without a server.
@Suite("PostgresSchemaNormalization")
struct PostgresSchemaNormalizationTests {
    @Test(arguments: [
        ("integer", ColumnType.int), ("int4", .int), ("INT", .int), ("int2", .smallint), ("smallint", .smallint),
        ("int8", .bigint), ("bigint", .bigint), ("character varying(20)", .string(length: 20)), ("varchar(20)", .string(length: 20)),
        ("character varying", .custom("character varying")), ("text", .text), ("bool", .bool), ("boolean", .bool),
        ("numeric(10,2)", .decimal(precision: 10, scale: 2)), ("decimal(10, 2)", .decimal(precision: 10, scale: 2)),
        ("numeric(7)", .decimal(precision: 7, scale: 0)), ("numeric", .decimal()), ("real", .float), ("float4", .float),
        ("float(10)", .float), ("float", .double), ("float8", .double), ("double precision", .double), ("date", .date),
        ("time without time zone", .time()), ("time(6) without time zone", .time()), ("time(3)", .time(precision: 3)),
        ("timestamp", .datetime()), ("timestamp(0) without time zone", .datetime(precision: 0)),
        ("timestamp with time zone", .timestampWithZone()), ("timestamptz(3)", .timestampWithZone(precision: 3)),
        ("timestamp(6) with time zone", .timestampWithZone()), ("timetz", .custom("time with time zone")),
        ("uuid", .uuid), ("jsonb", .json), ("json", .custom("json")), ("bytea", .binary()), ("char(3)", .custom("character(3)")),
        ("bpchar", .custom("character(1)")), ("int[]", .custom("integer[]")), ("varchar(5)[]", .custom("character varying(5)[]")),
        ("interval", .custom("interval")), ("citext", .custom("citext")),
    ])
    func typeSynonyms(sql: String, type: ColumnType) {
        #expect(PostgresTypes.columnType(sql: sql) == type)
        #expect(PostgresTypes.normalized(.custom(sql)) == type)
    }

    @Test func portableTypesNormalize() {
        #expect(PostgresTypes.normalized(.decimal(precision: 5)) == .decimal(precision: 5, scale: 0))
        #expect(PostgresTypes.normalized(.binary(length: 16)) == .binary())
        #expect(PostgresTypes.normalized(.datetime(precision: 6)) == .datetime())
        #expect(PostgresTypes.normalized(.enum(values: ["a"])) == .text)
    }

    @Test(arguments: [
        ("NULL::text", ColumnType.text, "text", ColumnDefault.null), ("true", .bool, "boolean", .bool(true)),
        ("'-1'::integer", .int, "integer", .number("-1")), ("'-5'::integer", .bigint, "bigint", .number("-5")),
        ("5", .bigint, "bigint", .number("5")), ("'-1.50'::numeric", .decimal(), "numeric", .number("-1.5")),
        ("1.5", .double, "double precision", .number("1.5")), ("'x'::text", .text, "text", .string("x")),
        ("'it''s'::character varying", .string(length: 9), "character varying", .string("it's")),
        ("'2020-01-01'::date", .date, "date", .string("2020-01-01")), ("'ok'::mood", .enumType(name: "mood"), "mood", .string("ok")),
        ("'{}'::jsonb", .json, "jsonb", .string("{}")), ("now()", .timestampWithZone(), "timestamp with time zone", .currentTimestamp),
        ("CURRENT_TIMESTAMP", .datetime(), "timestamp without time zone", .currentTimestamp),
        ("transaction_timestamp()", .datetime(), "timestamp without time zone", .currentTimestamp),
        ("CURRENT_DATE", .date, "date", .currentDate), ("CURRENT_TIME", .time(), "time without time zone", .currentTime),
        ("LOCALTIMESTAMP", .datetime(), "timestamp without time zone", .expression("LOCALTIMESTAMP")),
        ("'x'::text", .string(length: 3), "character varying", .expression("'x'::text")),
        ("(now() + '1 day'::interval)", .timestampWithZone(), "timestamp with time zone", .expression("(now() + '1 day'::interval)")),
        ("gen_random_uuid()", .uuid, "uuid", .expression("gen_random_uuid()")),
    ])
    func defaultSpellings(text: String, type: ColumnType, base: String, value: ColumnDefault) {
        #expect(PostgresDefaults.parse(text, type: type, baseName: base) == value)
    }

    @Test func handWrittenDefaultsNormalize() {
        #expect(PostgresDefaults.normalized(.string("5"), type: .int) == .number("5"))
        #expect(PostgresDefaults.normalized(.number("5"), type: .text) == .string("5"))
        #expect(PostgresDefaults.normalized(.string("t"), type: .bool) == .bool(true))
        #expect(PostgresDefaults.normalized(.number("+01.50"), type: .decimal()) == .number("1.5"))
        #expect(PostgresDefaults.normalized(.expression("now()"), type: .datetime()) == .currentTimestamp)
        #expect(PostgresDefaults.normalized(.expression("'a'::text"), type: .text) == .string("a"))
        #expect(PostgresDefaults.nextvalSequence("nextval('\"We\"\"ird\"'::regclass)") == ["We\"ird"])
        #expect(PostgresDefaults.nextvalSequence("nextval('other.s'::regclass)") == ["other", "s"])
    }

    @Test func serverChosenNames() {
        #expect(PostgresNames.objectName("users", nil, label: "pkey") == "users_pkey")
        #expect(PostgresNames.objectName("users", "email", label: "key") == "users_email_key")
        let table = String(repeating: "t", count: 70)
        let column = String(repeating: "c", count: 40)
        let name = PostgresNames.objectName(table, column, label: "fkey")
        #expect(name.utf8.count == 63)
        #expect(name == String(repeating: "t", count: 29) + "_" + String(repeating: "c", count: 28) + "_fkey")
        // Truncation never splits a character: é is two bytes.
        let accented = PostgresNames.objectName(String(repeating: "é", count: 40), nil, label: "pkey")
        #expect(accented.utf8.count <= 63 && accented.hasSuffix("_pkey") && accented.unicodeScalars.allSatisfy { $0 == "é" || "_pkey".unicodeScalars.contains($0) })
        #expect(PostgresNames.chooseName("t", "a", label: "key", avoiding: ["t_a_key", "t_a_key1"]) == "t_a_key2")
        #expect(PostgresNames.deparsed("order") == "\"order\"")
        #expect(PostgresNames.deparsed("Mixed") == "\"Mixed\"")
        #expect(PostgresNames.deparsed("plain_1") == "plain_1")
        #expect(PostgresNames.deparsed("owner") == "owner")
    }

    @Test func sequenceOptionsAtTheirDefaultsAreNil() {
        #expect(PostgresSequences.normalized(SequenceOptions(start: 1, increment: 1, minValue: 1, maxValue: Int(Int32.max), cache: 1), type: .int) == SequenceOptions())
        #expect(PostgresSequences.normalized(SequenceOptions(start: -1, increment: -1, minValue: Int(Int16.min), maxValue: -1), type: .smallint) == SequenceOptions(increment: -1))
        #expect(PostgresSequences.normalized(SequenceOptions(start: 10, minValue: 10), type: nil) == SequenceOptions(minValue: 10))
        #expect(PostgresSequences.normalized(SequenceOptions(maxValue: Int.max), type: .bigint) == SequenceOptions())
    }

    @Test func searchPathSettings() {
        #expect(PostgresInspector.searchPath("\"$user\", public", user: "me") == ["me", "public"])
        #expect(PostgresInspector.searchPath("t_abc", user: "me") == ["t_abc"])
        #expect(PostgresInspector.searchPath("\"We,ird\", pg_catalog, x", user: "me") == ["We,ird", "x"])
    }

    @Test func handWrittenModelGetsServerFacts() {
        let model = Schema(
            tables: [
                Table(name: "t", columns: [
                    Column("id", .custom("int4"), identity: .autoIncrement),
                    Column("kind", .enum(values: ["a", "b"])),
                    Column("n", .int, default: .nextValue(sequence: "t_n_seq")),
                    Column("m", .text, default: .null, comment: ""),
                ], primaryKey: PrimaryKey(columns: ["id"]), uniqueConstraints: [UniqueConstraint(columns: ["kind", "n"])],
                      indexes: [Index(name: "i", parts: [.column("n", direction: .descending, nulls: .first)], method: .btree)],
                      foreignKeys: [ForeignKey(columns: ["n"], referencedTable: "t", referencedColumns: [])],
                      checks: [Check(expression: "CHECK (n > 0)")]),
            ],
            sequences: [SequenceDefinition(name: "t_n_seq", type: .int, options: SequenceOptions(start: 1), ownedBy: ColumnReference(table: "t", column: "n"))]
        )
        let normalized = PostgresNormalizer(dialect: PostgresDialect()).normalize(model)
        let table = normalized.tables[0]
        #expect(table.columns[0].type == .int && table.columns[0].identity == .byDefault && !table.columns[0].isNullable)
        #expect(table.columns[1].type == .text)
        #expect(table.checks.map(\.name) == ["t_kind_check", "t_n_check"])
        #expect(table.check(named: "t_kind_check")?.expression == "kind = ANY (ARRAY['a'::text, 'b'::text])")
        #expect(table.check(named: "t_n_check")?.expression == "n > 0")
        #expect(table.columns[2].identity == .serial && table.columns[2].defaultValue == nil && normalized.sequences.isEmpty)
        #expect(table.columns[3].defaultValue == nil && table.columns[3].comment == nil)
        #expect(table.primaryKey?.name == "t_pkey")
        #expect(table.uniqueConstraints.first?.name == "t_kind_n_key")
        #expect(table.foreignKeys.first?.name == "t_n_fkey" && table.foreignKeys.first?.referencedColumns == ["id"])
        #expect(table.indexes.first?.method == nil && table.indexes.first?.parts.first?.nulls == nil)
        #expect(PostgresNormalizer(dialect: PostgresDialect()).normalize(normalized) == normalized)
    }
}
