import Drivers
import Testing

/// The throwing, typed accessors of `SQLRow`, on rows made by hand.
struct SQLRowTests {
    static let row = SQLRow(
        columns: ["table_name", "IS_NULLABLE", "position", "comment", "flag", "pg_bool", "key", "keys", "nums", "score", "raw"],
        values: [
            .text("users"), .text("YES"), .int(3), .null, .int(1), .bool(false),
            .array([.int(2), .int(1)]), .array([.int(1), .null]), .text("42"), .double(2.5), .blob(Array("hé".utf8)),
        ])

    @Test func readsValuesByName() throws {
        let row = Self.row
        #expect(try row.string("table_name") == "users")
        #expect(try row.int("position") == 3)
        #expect(try row.decode("position", as: Int64.self) == 3)
        #expect(try row.decode("position", as: Int16.self) == 3)
        #expect(try row.optionalString("comment") == nil)
        #expect(try row.optionalInt("comment") == nil)
        #expect(try row.optionalString("table_name") == "users")
        #expect(try row.decode("comment", as: String?.self) == nil)
        #expect(try row.decode("comment", as: SQLValue.self) == .null)
        #expect(try row.value("comment") == .null)
        #expect(try row.double("score") == 2.5)
        #expect(try row.double("position") == 3)
        // numeric and DECIMAL arrive as text
        #expect(try row.int("nums") == 42)
        // a blob that is UTF-8 reads as text (MySQL's binary-collated catalog columns)
        #expect(try row.string("raw") == "hé")
    }

    @Test func namesMatchExactlyThenIgnoringCase() throws {
        #expect(try Self.row.string("is_nullable") == "YES")
        #expect(try Self.row.string("Table_Name") == "users")
        let both = SQLRow(columns: ["Name", "name"], values: [.text("upper"), .text("lower")])
        #expect(try both.string("name") == "lower")
        #expect(try both.string("Name") == "upper")
        let error = expectDecodingError { _ = try both.string("NAME") }
        #expect(error?.message == #"2 columns of the row are named "NAME" ("Name", "name"); give them distinct aliases"#)
        let same = SQLRow(columns: ["id", "id"], values: [.int(1), .int(2)])
        #expect(expectDecodingError { _ = try same.int("id") }?.column == "id")
    }

    @Test func aMisspeltColumnThrowsNamingTheRowsColumns() {
        let error = expectDecodingError { _ = try Self.row.optionalString("tabel_name") }
        #expect(error?.column == "tabel_name")
        #expect(error?.message.hasPrefix(#"no column "tabel_name" in the row; its columns are "table_name", "IS_NULLABLE", "position""#) == true)
        #expect(expectDecodingError { _ = try Self.row.value("nope") } != nil)
        #expect(expectDecodingError { _ = try SQLRow(columns: [], values: []).value("x") }?.message == #"no column "x" in the row; its columns are none"#)
        // The subscript stays lenient.
        #expect(Self.row["tabel_name"] == .null)
    }

    @Test func nullWhereAValueIsRequiredThrows() {
        let error = expectDecodingError { _ = try Self.row.string("comment") }
        #expect(error?.column == "comment")
        #expect(error?.message == #"column "comment" is NULL, but text is required; read it as an optional to allow NULL"#)
        #expect(expectDecodingError { _ = try Self.row.int("comment") } != nil)
        #expect(expectDecodingError { _ = try Self.row.bool("comment") } != nil)
    }

    @Test func typeMismatchesThrow() {
        let text = expectDecodingError { _ = try Self.row.int("table_name") }
        #expect(text?.message == #"column "table_name" holds text ('users'), not an integer"#)
        let int = expectDecodingError { _ = try Self.row.string("position") }
        #expect(int?.message == #"column "position" holds an integer (3), not text"#)
        #expect(expectDecodingError { _ = try Self.row.optionalString("position") } != nil)
        #expect(expectDecodingError { _ = try Self.row.bool("position") }?.message.contains("not a boolean") == true)
        #expect(expectDecodingError { _ = try Self.row.int("pg_bool") } != nil)
        #expect(expectDecodingError { _ = try Self.row.int("score") } != nil)
        #expect(expectDecodingError { _ = try SQLRow(columns: ["big"], values: [.int(70_000)]).decode("big", as: Int16.self) } != nil)
        #expect(expectDecodingError { _ = try SQLRow(columns: ["b"], values: [.blob([0xFF])]).string("b") } != nil)
    }

    @Test func booleansFromEveryEngine() throws {
        let row = SQLRow(
            columns: ["pg", "my", "my0", "t", "f", "true", "FALSE", "two", "YES", "off", "maybe"],
            values: [
                .bool(true), .int(1), .int(0), .text("t"), .text("f"), .text("true"), .text("FALSE"), .int(2), .text("YES"),
                .text("off"), .text("maybe"),
            ])
        #expect(try row.bool("pg"))
        #expect(try row.bool("my"))
        #expect(try !row.bool("my0"))
        #expect(try row.bool("t"))
        #expect(try !row.bool("f"))
        #expect(try row.bool("true"))
        #expect(try !row.bool("FALSE"))
        #expect(try row.optionalBool("pg") == true)
        #expect(expectDecodingError { _ = try row.bool("two") } != nil)
        #expect(try row.bool("YES"))
        #expect(try !row.bool("off"))
        #expect(expectDecodingError { _ = try row.bool("maybe") } != nil)
        #expect(try Self.row.bool("IS_NULLABLE"))
    }

    @Test func arrays() throws {
        #expect(try Self.row.decode("key", as: [Int].self) == [2, 1])
        #expect(try Self.row.decode("key", as: [Int16].self) == [2, 1])
        #expect(try Self.row.decode("keys", as: [Int?].self) == [1, nil])
        #expect(try Self.row.decode("comment", as: [Int]?.self) == nil)
        let withNull = expectDecodingError { _ = try Self.row.decode("keys", as: [Int].self) }
        #expect(withNull?.message == #"column "keys" holds an array ('{1,NULL}', 2 elements), not an array, each element an integer"#)
        #expect(expectDecodingError { _ = try Self.row.decode("table_name", as: [String].self) } != nil)
        let nested = SQLRow(columns: ["m"], values: [.array([.array([.int(1), .int(2)]), .array([.int(3), .int(4)])])])
        #expect(try nested.decode("m", as: [[Int]].self) == [[1, 2], [3, 4]])
    }
}

/// `SQLValue`'s loose conversions, old and new cases.
struct SQLValueTests {
    @Test func looseConversionsOfTheNewCases() {
        #expect(SQLValue.bool(true).string == "true")
        #expect(SQLValue.bool(false).string == "false")
        #expect(SQLValue.bool(true).int == 1)
        #expect(SQLValue.bool(false).int == 0)
        #expect(SQLValue.bool(true).description == "true")
        #expect(SQLValue.int(1).bool == true)
        #expect(SQLValue.text("f").bool == false)
        #expect(SQLValue.text("maybe").bool == nil)
        #expect(SQLValue.array([.int(1)]).int == nil)
        #expect(SQLValue.array([.int(1), .int(2)]).array == [.int(1), .int(2)])
        #expect(SQLValue.text("{1,2}").array == nil)
        #expect(SQLValue.text("2.5").double == 2.5)
        // The old cases are unchanged.
        #expect(SQLValue.int(7).string == "7")
        #expect(SQLValue.text("12").int == 12)
        #expect(SQLValue.null.string == nil)
        #expect(SQLValue.null.description == "NULL")
    }

    @Test func arraysPrintAsPostgreSQLLiterals() {
        #expect(SQLValue.array([]).string == "{}")
        #expect(SQLValue.array([.int(2), .int(1)]).string == "{2,1}")
        #expect(SQLValue.array([.text("a"), .text("b c"), .null, .text(""), .text("NULL"), .text(#"q"\"#)]).string
            == #"{a,"b c",NULL,"","NULL","q\"\\"}"#)
        #expect(SQLValue.array([.array([.int(1), .int(2)]), .array([.int(3), .null])]).string == "{{1,2},{3,NULL}}")
        #expect(SQLValue.array([.bool(true), .bool(false)]).string == "{true,false}")
        #expect(SQLValue.array([.blob([0, 0xAB])]).string == #"{"\\x00ab"}"#)
    }
}
