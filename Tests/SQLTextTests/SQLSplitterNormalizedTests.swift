import Testing
import SQLText

/// The normalized form behind the "semantic" checksum.
@Suite struct SQLSplitterNormalizedTests {
    @Test(arguments: SQLDialect.allCases)
    func removesCommentsAndWhitespace(dialect: SQLDialect) throws {
        let script = """
            -- create the table
            CREATE TABLE  users (
                id    INTEGER PRIMARY KEY, -- the key
                name  TEXT NOT NULL /* required */
            ) ;

            INSERT INTO users ( id , name ) VALUES ( 1 , 'a  b' );;
            """
        let result = try normalized(dialect, script)
        #expect(result == "CREATE TABLE users(id INTEGER PRIMARY KEY,name TEXT NOT NULL);\nINSERT INTO users(id,name)VALUES(1,'a  b')")
    }

    @Test(arguments: SQLDialect.allCases)
    func cosmeticEditsGiveTheSameString(dialect: SQLDialect) throws {
        let original = "CREATE TABLE t (a INT, b TEXT DEFAULT 'x y');\nCREATE INDEX t_a ON t (a);\n"
        let edits = [
            "CREATE TABLE t(a INT,b TEXT DEFAULT 'x y');CREATE INDEX t_a ON t(a)",
            "-- header\n\nCREATE TABLE t (\n    a INT,\n    b TEXT DEFAULT 'x y'\n);\n\n/* index */\nCREATE INDEX t_a\n  ON t (a);\n\n",
            "CREATE\tTABLE\tt\t(a\tINT ,\tb TEXT DEFAULT 'x y') ;\r\nCREATE INDEX t_a ON t ( a ) ;\r\n",
            "\u{FEFF}CREATE/**/TABLE-- c\nt(a INT, b TEXT DEFAULT 'x y');;;CREATE INDEX t_a ON t (a); -- end",
        ]
        let expected = try normalized(dialect, original)
        for edit in edits {
            let result = try normalized(dialect, edit)
            #expect(result == expected, "\(edit)")
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func tokenChangesGiveADifferentString(dialect: SQLDialect) throws {
        let original = "CREATE TABLE t (a INT, b TEXT DEFAULT 'x y');"
        let changes = [
            "CREATE TABLE t (a INT, b TEXT DEFAULT 'x  y');", // inside a literal
            "CREATE TABLE t (a INT, b TEXT DEFAULT 'X y');",
            "create table t (a INT, b TEXT DEFAULT 'x y');", // case is kept
            "CREATE TABLE t (a BIGINT, b TEXT DEFAULT 'x y');",
            "CREATE TABLE t (a INT, b TEXT DEFAULT 'x y'); SELECT 1;", // a statement more
            "CREATE TABLE t (aINT, b TEXT DEFAULT 'x y');", // words fused
            "CREATE TABLE t (a INT; b TEXT DEFAULT 'x y');", // a delimiter moved
        ]
        let expected = try normalized(dialect, original)
        for change in changes {
            let result = try normalized(dialect, change)
            #expect(result != expected, "\(change)")
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func keepsSpacesWhereTokensWouldFuse(dialect: SQLDialect) throws {
        #expect(try normalized(dialect, "SELECT 1 - -1, 2 / *x") == "SELECT 1- -1,2/ *x")
        #expect(try normalized(dialect, "SELECT 'a' 'b', 'a''b'") == "SELECT 'a' 'b','a''b'")
        #expect(try normalized(dialect, "SELECT \"a\" \"b\"") == "SELECT \"a\" \"b\"")
        #expect(try normalized(dialect, "SELECT x 'a', y\n\"b\"") == "SELECT x 'a',y \"b\"")
        #expect(try normalized(dialect, "SELECT a /* c */ b, c-- x\n,d") == "SELECT a b,c,d")
    }

    @Test func keepsQuotedTextVerbatim() throws {
        #expect(try normalized(.postgres, "SELECT $$ a  ;  b $$ , E'x\\'  y'") == "SELECT $$ a  ;  b $$,E'x\\'  y'")
        #expect(try normalized(.sqlite, "SELECT [a  b] ,  `c  d`") == "SELECT[a  b],`c  d`")
        #expect(try normalized(.mysql, "SELECT `a  b` , \"c \\\"  d\"") == "SELECT`a  b`,\"c \\\"  d\"")
    }

    @Test func mysqlExecutableCommentsAreKept() throws {
        let script = "/*!40101 SET  NAMES utf8 */ ;\nSELECT /*+ BKA(t) */ 1 /* plain */ ;"
        #expect(try normalized(.mysql, script) == "/*!40101 SET  NAMES utf8 */;\nSELECT/*+ BKA(t) */1")
        #expect(try normalized(.mysql, "/*!40101 SET NAMES utf8 */;") != normalized(.mysql, "/*!40101 SET NAMES latin1 */;"))
    }

    @Test func mysqlDelimiterDoesNotChangeTheForm() throws {
        let withDelimiter = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nCALL p();\n"
        let without = "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND;\nCALL p();"
        #expect(try normalized(.mysql, withDelimiter) == normalized(.mysql, without))
        #expect(try normalized(.mysql, without) == "CREATE PROCEDURE p()BEGIN SELECT 1;END;\nCALL p()")
    }

    @Test(arguments: SQLDialect.allCases)
    func emptyScripts(dialect: SQLDialect) throws {
        #expect(try normalized(dialect, "") == "")
        #expect(try normalized(dialect, "-- nothing\n;;\n/* at all */") == "")
    }

    @Test func nonASCIIWordsKeepTheirSpace() throws {
        #expect(try normalized(.postgres, "SELECT größe  AS  日本 FROM t") == "SELECT größe AS 日本 FROM t")
    }

    @Test func delimiterMisuseThrows() {
        #expect(throws: SQLSplitError.self) { try SQLSplitter(dialect: .mysql).normalized("DELIMITER   \nSELECT 1") }
        #expect(throws: SQLSplitError.self) { try SQLSplitter(dialect: .mysql).segments("DELIMITER") }
    }
}
