import Foundation
import Schema
import Testing

/// The JSON form: round trips, the golden file, the shapes of each kind of value, and the
/// reader's refusals.
@Suite struct SchemaJSONTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try SchemaJSON.makeEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try SchemaJSON.makeDecoder().decode(type, from: Data(json.utf8))
    }

    // MARK: - Round trips

    @Test func richSchemaRoundTripsThroughBothForms() throws {
        let schema = Fixtures.rich()
        let compact = try Schema(json: schema.canonicalJSON)
        let pretty = try Schema(json: schema.jsonData(prettyPrinted: true))
        #expect(compact == schema)
        #expect(pretty == schema)
        #expect(compact.fingerprint == schema.fingerprint)
        #expect(pretty.canonicalJSON == schema.canonicalJSON)
    }

    @Test func richSchemaIsValidAndCoversEveryKind() {
        let schema = Fixtures.rich()
        #expect(schema.validationIssues() == [])
        let types = Set(schema.tables.flatMap(\.columns).map(\.type.kindName))
        #expect(types.count == 19, "every ColumnType case: \(types.sorted())")
        let defaults = Set(schema.tables.flatMap(\.columns).compactMap(\.defaultValue?.kindName))
        #expect(defaults.count == 9, "every ColumnDefault case: \(defaults.sorted())")
        let identities = Set(schema.tables.flatMap(\.columns).compactMap(\.identity?.kind))
        #expect(identities == Set(Identity.Kind.allCases))
    }

    @Test func canonicalFormIsCompactAndPrettyFormIsIndented() throws {
        let schema = Fixtures.rich()
        let compact = String(decoding: schema.canonicalJSON, as: UTF8.self)
        let pretty = String(decoding: schema.jsonData(prettyPrinted: true), as: UTF8.self)
        #expect(!compact.contains("\n"))
        #expect(compact.hasPrefix("{\"characterSet\":\"utf8mb4\",\"collation\":\"utf8mb4_0900_ai_ci\",\"enumTypes\":["))
        #expect(pretty.hasPrefix("{\n  \"characterSet\" : \"utf8mb4\",\n"))
        #expect(schema.jsonData() == schema.canonicalJSON)
    }

    // MARK: - Golden file

    /// `Golden/schema.json` is the pretty form of ``Fixtures/rich()`` and
    /// `Golden/schema.fingerprint` its fingerprint. Run with `SCHEMA_UPDATE_GOLDEN=1` to
    /// rewrite them after a deliberate change of the form, then review the diff: a change
    /// here changes every fingerprint stored in users' histories.
    @Test func goldenFileLocksTheForm() throws {
        let schema = Fixtures.rich()
        let jsonURL = Self.golden.appendingPathComponent("schema.json")
        let fingerprintURL = Self.golden.appendingPathComponent("schema.fingerprint")
        var actual = schema.jsonData(prettyPrinted: true)
        actual.append(0x0A)
        let fingerprint = schema.fingerprint + "\n"
        if ProcessInfo.processInfo.environment["SCHEMA_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: jsonURL)
            try Data(fingerprint.utf8).write(to: fingerprintURL)
        }
        let expected = try #require(try? Data(contentsOf: jsonURL), "missing \(jsonURL.path); run with SCHEMA_UPDATE_GOLDEN=1 and review it")
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let expectedFingerprint = try #require(try? Data(contentsOf: fingerprintURL))
        #expect(fingerprint == String(decoding: expectedFingerprint, as: UTF8.self))
        #expect(try Schema(json: expected) == schema)
    }

    /// The example in ``SchemaJSON``'s documentation, kept true.
    @Test func documentedExampleIsTheForm() throws {
        let schema = Schema(tables: [Table(
            name: "users",
            columns: [
                Column("id", .bigint, isNullable: false, identity: .always),
                Column("email", .string(length: 200), isNullable: false),
                Column("created_at", .timestampWithZone(), isNullable: false, default: .currentTimestamp),
            ],
            primaryKey: PrimaryKey(name: "users_pkey", columns: ["id"]),
            indexes: [Index(name: "users_email_lower", parts: [.expression("lower((email)::text)")], isUnique: true)]
        )])
        let documented = """
        {
          "format" : 1,
          "tables" : [
            {
              "columns" : [
                { "identity" : "always", "name" : "id", "nullable" : false, "type" : "bigint" },
                { "name" : "email", "nullable" : false, "type" : { "kind" : "string", "length" : 200 } },
                { "default" : "currentTimestamp", "name" : "created_at", "nullable" : false, "type" : "timestampWithZone" }
              ],
              "indexes" : [
                { "name" : "users_email_lower", "parts" : [ { "expression" : "lower((email)::text)" } ], "unique" : true }
              ],
              "name" : "users",
              "primaryKey" : { "columns" : [ "id" ], "name" : "users_pkey" }
            }
          ]
        }
        """
        #expect(try Schema(json: Data(documented.utf8)) == schema)
        let compact = documented.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            .replacingOccurrences(of: " : ", with: ":").replacingOccurrences(of: ", ", with: ",")
            .replacingOccurrences(of: "{ ", with: "{").replacingOccurrences(of: " }", with: "}")
            .replacingOccurrences(of: "[ ", with: "[").replacingOccurrences(of: " ]", with: "]")
        #expect(String(decoding: schema.canonicalJSON, as: UTF8.self) == compact)
    }

    @Test func fingerprintIsHexSHA256() {
        let fingerprint = Schema().fingerprint
        #expect(Schema().canonicalJSON == Data("{\"format\":1}".utf8))
        // SHA-256 of {"format":1}
        // printf '{"format":1}' | sha256sum
        #expect(fingerprint == "3f0a99256beeb89a6b9f2793885291a6454928fd74903159ab2e51452b13df6f")
    }

    // MARK: - Shapes

    @Test(arguments: [
        (ColumnType.smallint, "\"smallint\""),
        (.int, "\"int\""),
        (.bigint, "\"bigint\""),
        (.string(length: 200), "{\"kind\":\"string\",\"length\":200}"),
        (.text, "\"text\""),
        (.bool, "\"bool\""),
        (.decimal(), "\"decimal\""),
        (.decimal(precision: 10, scale: 2), "{\"kind\":\"decimal\",\"precision\":10,\"scale\":2}"),
        (.float, "\"float\""),
        (.double, "\"double\""),
        (.date, "\"date\""),
        (.time(), "\"time\""),
        (.time(precision: 0), "{\"kind\":\"time\",\"precision\":0}"),
        (.datetime(), "\"datetime\""),
        (.datetime(precision: 6), "{\"kind\":\"datetime\",\"precision\":6}"),
        (.timestampWithZone(), "\"timestampWithZone\""),
        (.timestampWithZone(precision: 3), "{\"kind\":\"timestampWithZone\",\"precision\":3}"),
        (.uuid, "\"uuid\""),
        (.json, "\"json\""),
        (.binary(), "\"binary\""),
        (.binary(length: 16), "{\"kind\":\"binary\",\"length\":16}"),
        (.enum(values: ["b", "a"]), "{\"kind\":\"enum\",\"values\":[\"b\",\"a\"]}"),
        (.enumType(name: "mood"), "{\"kind\":\"enumType\",\"name\":\"mood\"}"),
        (.custom("int4range"), "{\"kind\":\"custom\",\"sql\":\"int4range\"}"),
    ])
    func columnTypeForm(type: ColumnType, json: String) throws {
        #expect(try Self.json(type) == json)
        #expect(try Self.decode(ColumnType.self, json) == type)
    }

    @Test func columnTypeAcceptsTheObjectFormOfBareKinds() throws {
        #expect(try Self.decode(ColumnType.self, "{\"kind\":\"bigint\"}") == .bigint)
        #expect(try Self.decode(ColumnType.self, "{\"kind\":\"datetime\"}") == .datetime())
        #expect(throws: DecodingError.self) { try Self.decode(ColumnType.self, "\"string\"") }
        #expect(throws: DecodingError.self) { try Self.decode(ColumnType.self, "\"varchar\"") }
        #expect(throws: DecodingError.self) { try Self.decode(ColumnType.self, "{\"kind\":\"string\"}") }
        #expect(throws: DecodingError.self) { try Self.decode(ColumnType.self, "{\"kind\":\"string\",\"length\":5,\"size\":1}") }
    }

    @Test(arguments: [
        (ColumnDefault.null, "\"null\""),
        (.string("it's"), "{\"kind\":\"string\",\"value\":\"it's\"}"),
        (.number("-1.5"), "{\"kind\":\"number\",\"value\":\"-1.5\"}"),
        (.bool(false), "{\"kind\":\"bool\",\"value\":false}"),
        (.currentTimestamp, "\"currentTimestamp\""),
        (.currentDate, "\"currentDate\""),
        (.currentTime, "\"currentTime\""),
        (.nextValue(sequence: "ids"), "{\"kind\":\"nextValue\",\"sequence\":\"ids\"}"),
        (.expression("gen_random_uuid()"), "{\"kind\":\"expression\",\"sql\":\"gen_random_uuid()\"}"),
    ])
    func columnDefaultForm(value: ColumnDefault, json: String) throws {
        #expect(try Self.json(value) == json)
        #expect(try Self.decode(ColumnDefault.self, json) == value)
    }

    @Test func identityForm() throws {
        #expect(try Self.json(Identity.autoIncrement) == "\"autoIncrement\"")
        #expect(try Self.json(Identity.byDefault) == "\"byDefault\"")
        let rich = Identity(kind: .always, sequenceName: "ids", sequenceOptions: SequenceOptions(start: 100, cycle: true))
        let json = "{\"kind\":\"always\",\"sequenceName\":\"ids\",\"sequenceOptions\":{\"cycle\":true,\"start\":100}}"
        #expect(try Self.json(rich) == json)
        #expect(try Self.decode(Identity.self, json) == rich)
        #expect(try Self.decode(Identity.self, "{\"kind\":\"serial\"}") == .serial)
        #expect(throws: DecodingError.self) { try Self.decode(Identity.self, "\"sometimes\"") }
    }

    @Test func defaultsAreOmitted() throws {
        #expect(try Self.json(Column("a", .text)) == "{\"name\":\"a\",\"type\":\"text\"}")
        #expect(try Self.json(Column("a", .text, isNullable: false)) == "{\"name\":\"a\",\"nullable\":false,\"type\":\"text\"}")
        #expect(try Self.json(Table(name: "t", columns: [])) == "{\"columns\":[],\"name\":\"t\"}")
        #expect(try Self.json(Index(name: "i", columns: ["a"])) == "{\"name\":\"i\",\"parts\":[{\"column\":\"a\"}]}")
        #expect(try Self.json(ForeignKey(columns: ["a"], referencedTable: "p", referencedColumns: ["id"]))
            == "{\"columns\":[\"a\"],\"referencedColumns\":[\"id\"],\"referencedTable\":\"p\"}")
        #expect(try Self.json(Check(expression: "a > 0")) == "{\"expression\":\"a > 0\"}")
        #expect(try Self.json(Schema()) == "{\"format\":1}")
        // Absent keys decode to the defaults.
        #expect(try Self.decode(Column.self, "{\"name\":\"a\",\"type\":\"text\"}") == Column("a", .text))
        #expect(try Self.decode(Schema.self, "{\"format\":1}") == Schema())
    }

    @Test func readerAcceptsAnyOrderOfCollections() throws {
        let json = """
        {"format":1,"tables":[
          {"name":"b","columns":[{"name":"x","type":"int"},{"name":"a","type":"int"}],
           "checks":[{"name":"z","expression":"x > 0"},{"expression":"a > 0"},{"name":"m","expression":"a < 9"}],
           "indexes":[{"name":"i2","parts":[{"column":"x"}]},{"name":"i1","parts":[{"column":"a"}]}]},
          {"name":"a","columns":[]}]}
        """
        let schema = try Schema(json: Data(json.utf8))
        #expect(schema.tables.map(\.name) == ["a", "b"])
        let b = try #require(schema.table(named: "b"))
        #expect(b.columns.map(\.name) == ["x", "a"])
        #expect(b.checks.map(\.name) == [nil, "m", "z"])
        #expect(b.indexes.map(\.name) == ["i1", "i2"])
    }

    // MARK: - Refusals

    @Test func unknownKeysAreRefusedWithTheirPath() throws {
        let json = "{\"format\":1,\"tables\":[{\"name\":\"t\",\"columns\":[{\"name\":\"a\",\"type\":\"text\",\"hidden\":true}]}]}"
        do {
            _ = try Schema(json: Data(json.utf8))
            Issue.record("an unknown key was accepted")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.map(\.stringValue) == ["tables", "Index 0", "columns", "Index 0", "hidden"])
            #expect(context.debugDescription.contains("unknown key 'hidden' in a column"))
        }
        #expect(throws: DecodingError.self) { try Schema(json: Data("{\"format\":1,\"extra\":[]}".utf8)) }
        #expect(throws: DecodingError.self) {
            try Self.decode(Table.self, "{\"name\":\"t\",\"columns\":[],\"options\":{\"tablespace\":\"x\"}}")
        }
    }

    @Test func formatIsRequiredAndChecked() {
        #expect(throws: DecodingError.self) { try Schema(json: Data("{}".utf8)) }
        #expect(throws: DecodingError.self) { try Schema(json: Data("{\"format\":2}".utf8)) }
    }

    @Test func indexPartHasExactlyOneTarget() throws {
        #expect(try Self.decode(IndexPart.self, "{\"expression\":\"lower(a)\"}") == .expression("lower(a)"))
        #expect(throws: DecodingError.self) { try Self.decode(IndexPart.self, "{\"column\":\"a\",\"expression\":\"b\"}") }
        #expect(throws: DecodingError.self) { try Self.decode(IndexPart.self, "{\"direction\":\"descending\"}") }
    }

    // MARK: - Text

    @Test func canonicallyEquivalentNamesGiveOneFormAndOneFingerprint() {
        let decomposed = Schema(tables: [Table(name: "cafe\u{301}", columns: [Column("e\u{301}", .text, comment: "n\u{303}")])])
        let precomposed = Schema(tables: [Table(name: "caf\u{e9}", columns: [Column("\u{e9}", .text, comment: "\u{f1}")])])
        #expect(decomposed == precomposed)
        #expect(decomposed.canonicalJSON == precomposed.canonicalJSON)
        #expect(decomposed.fingerprint == precomposed.fingerprint)
    }

    @Test func awkwardTextRoundTrips() throws {
        let text = "quote \" backslash \\ slash / newline \n tab \t bell \u{7} nul \u{0} fox 🦊 e\u{301}"
        let schema = Schema(tables: [Table(name: text, columns: [Column(text, .custom(text), default: .string(text), comment: text)], comment: text)])
        let decoded = try Schema(json: schema.canonicalJSON)
        #expect(decoded == schema)
        #expect(String(decoding: schema.canonicalJSON, as: UTF8.self).contains("slash / newline \\n"))
    }
}
