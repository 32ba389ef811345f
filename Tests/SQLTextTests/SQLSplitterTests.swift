import Testing
import SQLText

/// Behaviour shared by every dialect.
@Suite struct SQLSplitterCommonTests {
    @Test(arguments: SQLDialect.allCases)
    func splitsOnSemicolons(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT 1; SELECT 2;") == ["SELECT 1", "SELECT 2"])
        #expect(try texts(dialect, "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1)") == [
            "CREATE TABLE t (a int)", "INSERT INTO t VALUES (1)",
        ])
    }

    @Test(arguments: SQLDialect.allCases)
    func lastStatementNeedsNoDelimiter(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT 1;\nSELECT 2\n") == ["SELECT 1", "SELECT 2"])
        #expect(try texts(dialect, "SELECT 1") == ["SELECT 1"])
    }

    @Test(arguments: SQLDialect.allCases)
    func dropsEmptyStatements(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "") == [])
        #expect(try texts(dialect, ";;  ;\n-- only a comment\n;/* and this */;") == [])
        #expect(try texts(dialect, ";;SELECT 1;;;SELECT 2;;") == ["SELECT 1", "SELECT 2"])
        #expect(try texts(dialect, "   \n\t\n") == [])
    }

    @Test(arguments: SQLDialect.allCases)
    func singleQuotedStrings(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT 'a;b', 'it''s; fine'; SELECT 2") == [
            "SELECT 'a;b', 'it''s; fine'", "SELECT 2",
        ])
        #expect(try texts(dialect, "SELECT '-- not a comment;', '/* nor; this */'; SELECT 2") == [
            "SELECT '-- not a comment;', '/* nor; this */'", "SELECT 2",
        ])
    }

    @Test(arguments: SQLDialect.allCases)
    func doubleQuotedIdentifiers(dialect: SQLDialect) throws {
        #expect(try texts(dialect, #"SELECT "a;b", "x"";y" FROM t; SELECT 2"#) == [
            #"SELECT "a;b", "x"";y" FROM t"#, "SELECT 2",
        ])
    }

    @Test(arguments: SQLDialect.allCases)
    func lineComments(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT 1 -- one; two\n, 2; SELECT 3") == [
            "SELECT 1 -- one; two\n, 2", "SELECT 3",
        ])
        #expect(try texts(dialect, "-- leading; comment\nSELECT 1 -- trailing; comment\n;") == ["SELECT 1"])
    }

    @Test(arguments: SQLDialect.allCases)
    func blockComments(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT /* ; */ 1; /* x; */ SELECT 2 /* y; */;") == [
            "SELECT /* ; */ 1", "SELECT 2",
        ])
        #expect(try texts(dialect, "/* multi\nline; */\nSELECT 1;") == ["SELECT 1"])
    }

    @Test(arguments: SQLDialect.allCases)
    func unterminatedStringRunsToTheEnd(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT 1; SELECT 'abc; SELECT 2;\n") == ["SELECT 1", "SELECT 'abc; SELECT 2;\n"])
        #expect(try texts(dialect, "SELECT \"abc; SELECT 2") == ["SELECT \"abc; SELECT 2"])
    }

    @Test(arguments: [SQLDialect.postgres, .mysql])
    func unterminatedBlockCommentIsLeftForTheServer(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "SELECT 1; /* open; SELECT 2;") == ["SELECT 1", "/* open; SELECT 2;"])
        #expect(try texts(dialect, "SELECT 1 /* open") == ["SELECT 1 /* open"])
    }

    @Test func sqliteAcceptsAnOpenBlockCommentAtTheEnd() throws {
        #expect(try texts(.sqlite, "SELECT 1; /* open; SELECT 2;") == ["SELECT 1"])
    }

    @Test(arguments: SQLDialect.allCases)
    func linesAndColumnsOfFirstTokens(dialect: SQLDialect) throws {
        let script = "-- header\n\n  SELECT 1;\n\tSELECT\n2; /* c */ SELECT 3;\nSELECT 4"
        #expect(try positions(dialect, script) == [[3, 3], [4, 2], [5, 12], [6, 1]])
    }

    @Test(arguments: SQLDialect.allCases)
    func crlfLineEndings(dialect: SQLDialect) throws {
        let script = "-- c\r\nSELECT 1;\r\nSELECT\r\n  2;\r\n\r\n  SELECT 3;\r\n"
        let statements = try SQLSplitter(dialect: dialect).split(script)
        #expect(statements.map(\.text) == ["SELECT 1", "SELECT\r\n  2", "SELECT 3"])
        #expect(statements.map(\.line) == [2, 3, 6])
        #expect(statements.map(\.column) == [1, 1, 3])
    }

    @Test(arguments: SQLDialect.allCases)
    func byteOrderMarkIsSkipped(dialect: SQLDialect) throws {
        let statements = try SQLSplitter(dialect: dialect).split("\u{FEFF}SELECT 1;\nSELECT 2;")
        #expect(statements == [
            SQLStatement(text: "SELECT 1", line: 1, column: 1),
            SQLStatement(text: "SELECT 2", line: 2, column: 1),
        ])
        #expect(try texts(dialect, "\u{FEFF}") == [])
    }

    @Test(arguments: SQLDialect.allCases)
    func nonASCIITextAndColumnsInCharacters(dialect: SQLDialect) throws {
        let statements = try SQLSplitter(dialect: dialect).split("SELECT 'é;ü'; SELECT größe FROM 日本; SELECT '😀'")
        #expect(statements.map(\.text) == ["SELECT 'é;ü'", "SELECT größe FROM 日本", "SELECT '😀'"])
        #expect(statements.map(\.column) == [1, 15, 37])
    }

    @Test(arguments: SQLDialect.allCases)
    func tabsCountAsOneColumn(dialect: SQLDialect) throws {
        #expect(try positions(dialect, "\t\tSELECT 1;\t SELECT 2") == [[1, 3], [1, 14]])
    }

    @Test(arguments: SQLDialect.allCases)
    func plainBeginIsATransactionStatement(dialect: SQLDialect) throws {
        #expect(try texts(dialect, "BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;") == [
            "BEGIN", "CREATE TABLE t (a int)", "COMMIT",
        ])
    }

    @Test(arguments: SQLDialect.allCases)
    func statementOnOneVeryLongLine(dialect: SQLDialect) throws {
        let script = String(repeating: "SELECT 'ä';", count: 2_000)
        let statements = try SQLSplitter(dialect: dialect).split(script)
        #expect(statements.count == 2_000)
        #expect(statements.last?.column == 1 + 11 * 1_999)
    }
}

/// SQLite-specific syntax.
@Suite struct SQLiteSplitterTests {
    @Test func backticksAndBrackets() throws {
        #expect(try texts(.sqlite, "SELECT `a;b`, [c;d], `e``;f` FROM t; SELECT 2") == [
            "SELECT `a;b`, [c;d], `e``;f` FROM t", "SELECT 2",
        ])
    }

    @Test func backslashIsNotAnEscape() throws {
        #expect(try texts(.sqlite, #"SELECT 'a\'; SELECT 2"#) == [#"SELECT 'a\'"#, "SELECT 2"])
    }

    @Test func blockCommentsDoNotNest() throws {
        #expect(try texts(.sqlite, "/* a /* b */ SELECT 1; */") == ["SELECT 1", "*/"])
    }

    @Test func triggerBodyIsOneStatement() throws {
        let script = """
            CREATE TABLE t (a INTEGER, b TEXT);
            CREATE TRIGGER t_ai AFTER INSERT ON t
            BEGIN
              INSERT INTO log VALUES (NEW.a);
              UPDATE t SET b = 'x;y' WHERE a = NEW.a;
            END;
            INSERT INTO t VALUES (1, 'z');
            """
        let statements = try SQLSplitter(dialect: .sqlite).split(script)
        #expect(statements.count == 3)
        #expect(statements[1].text.hasPrefix("CREATE TRIGGER t_ai"))
        #expect(statements[1].text.hasSuffix("END"))
        #expect(statements.map(\.line) == [1, 2, 7])
    }

    @Test func tempTriggerIfNotExists() throws {
        for header in ["CREATE TEMP TRIGGER", "CREATE TEMPORARY TRIGGER", "create trigger if not exists", "CREATE TRIGGER IF NOT EXISTS"] {
            let script = "\(header) tr BEFORE DELETE ON t BEGIN DELETE FROM u; DELETE FROM v; END; SELECT 1;"
            #expect(try texts(.sqlite, script) == [
                "\(header) tr BEFORE DELETE ON t BEGIN DELETE FROM u; DELETE FROM v; END", "SELECT 1",
            ])
        }
    }

    @Test func caseInsideTriggerBodyAndWhenClause() throws {
        let trigger = """
            CREATE TRIGGER tr AFTER UPDATE ON t WHEN CASE WHEN NEW.a > 0 THEN 1 ELSE 0 END
            BEGIN
              UPDATE t SET b = CASE WHEN NEW.a = 1 THEN 'one' ELSE 'many' END;
              SELECT RAISE(ABORT, 'no; way') WHERE NEW.a < 0;
            END
            """
        #expect(try texts(.sqlite, trigger + ";\nSELECT 2;") == [trigger, "SELECT 2"])
    }

    @Test func qualifiedEndIsNotAKeyword() throws {
        let trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u VALUES (NEW.end, NEW.case); END"
        #expect(try texts(.sqlite, trigger + "; SELECT 1") == [trigger, "SELECT 1"])
    }

    @Test func transactionsAreStatements() throws {
        #expect(try texts(.sqlite, "BEGIN TRANSACTION;\nCREATE TABLE t (a);\nEND TRANSACTION;\nBEGIN IMMEDIATE; COMMIT;") == [
            "BEGIN TRANSACTION", "CREATE TABLE t (a)", "END TRANSACTION", "BEGIN IMMEDIATE", "COMMIT",
        ])
    }

    @Test func parametersAndHashAreCode() throws {
        #expect(try texts(.sqlite, "SELECT $a, :b, @c, ?1 # not a comment; SELECT 2") == [
            "SELECT $a, :b, @c, ?1 # not a comment", "SELECT 2",
        ])
    }

    @Test func unterminatedBracket() throws {
        #expect(try texts(.sqlite, "SELECT [a; SELECT 2") == ["SELECT [a; SELECT 2"])
    }
}

/// PostgreSQL-specific syntax.
@Suite struct PostgresSplitterTests {
    @Test func dollarQuotedBodies() throws {
        let function = """
            CREATE FUNCTION f() RETURNS trigger AS $$
            BEGIN
              NEW.updated_at := now(); -- a comment; inside
              RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """
        #expect(try texts(.postgres, function + ";\nSELECT 1;") == [function, "SELECT 1"])
    }

    @Test func taggedDollarQuotes() throws {
        let body = "DO $body$ BEGIN PERFORM $$ a; $$; EXECUTE 'x;'; END $body$"
        #expect(try texts(.postgres, body + "; SELECT 1") == [body, "SELECT 1"])
        // Tags are case-sensitive; $A$ does not close $a$.
        #expect(try texts(.postgres, "SELECT $a$ x; $A$ y; $a$; SELECT 2") == ["SELECT $a$ x; $A$ y; $a$", "SELECT 2"])
        #expect(try texts(.postgres, "SELECT $ü_1$;$ü_1$; SELECT 2") == ["SELECT $ü_1$;$ü_1$", "SELECT 2"])
    }

    @Test func parametersAreNotDollarQuotes() throws {
        #expect(try texts(.postgres, "SELECT $1; SELECT $2, $3; SELECT 4") == ["SELECT $1", "SELECT $2, $3", "SELECT 4"])
        #expect(try texts(.postgres, "SELECT a$b, c$$; SELECT 2") == ["SELECT a$b, c$$", "SELECT 2"])
        #expect(try texts(.postgres, "SELECT $1$; SELECT 2") == ["SELECT $1$", "SELECT 2"])
    }

    @Test func unterminatedDollarQuote() throws {
        #expect(try texts(.postgres, "SELECT 1; SELECT $$ a; b;") == ["SELECT 1", "SELECT $$ a; b;"])
    }

    @Test func nestedBlockComments() throws {
        #expect(try texts(.postgres, "/* a /* b; */ still; comment */ SELECT 1; SELECT /* x /* y */ z */ 2;") == [
            "SELECT 1", "SELECT /* x /* y */ z */ 2",
        ])
    }

    @Test func escapeStrings() throws {
        #expect(try texts(.postgres, #"SELECT E'it\'s; ok', e'\\'; SELECT 2"#) == [#"SELECT E'it\'s; ok', e'\\'"#, "SELECT 2"])
        // Without the E prefix a backslash is an ordinary character.
        #expect(try texts(.postgres, #"SELECT 'a\'; SELECT 2"#) == [#"SELECT 'a\'"#, "SELECT 2"])
        // `de'…'` is an identifier followed by a standard string.
        #expect(try texts(.postgres, #"SELECT de'a\'; SELECT 2"#) == [#"SELECT de'a\'"#, "SELECT 2"])
    }

    @Test func otherStringPrefixes() throws {
        #expect(try texts(.postgres, #"SELECT U&'d\0061t;', U&"a;b", B'1;01', X'1F;', N'x;'; SELECT 2"#) == [
            #"SELECT U&'d\0061t;', U&"a;b", B'1;01', X'1F;', N'x;'"#, "SELECT 2",
        ])
    }

    @Test func beginAtomicBodyIsOneStatement() throws {
        let function = """
            CREATE OR REPLACE FUNCTION add(a integer, b integer) RETURNS integer
                LANGUAGE SQL IMMUTABLE
            BEGIN ATOMIC
                SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + b;
                SELECT 1;
            END
            """
        let procedure = "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END"
        #expect(try texts(.postgres, function + ";\n" + procedure + ";\nBEGIN;\nSELECT 2;\nCOMMIT;") == [
            function, procedure, "BEGIN", "SELECT 2", "COMMIT",
        ])
    }

    @Test func semicolonsInsideParentheses() throws {
        let rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"
        #expect(try texts(.postgres, rule + "; SELECT 1;") == [rule, "SELECT 1"])
    }

    @Test func hashAndBackticksAreCode() throws {
        #expect(try texts(.postgres, "SELECT 1 # 2, `a; SELECT 3`") == ["SELECT 1 # 2, `a", "SELECT 3`"])
    }

    @Test func dashDashNeedsNoSpace() throws {
        #expect(try texts(.postgres, "SELECT 1--x;\n, 2; SELECT 3") == ["SELECT 1--x;\n, 2", "SELECT 3"])
    }

    @Test func triggerWithoutBodyIsOrdinary() throws {
        #expect(try texts(.postgres, "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f(); SELECT 1") == [
            "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()", "SELECT 1",
        ])
    }
}

/// MySQL/MariaDB-specific syntax.
@Suite struct MySQLSplitterTests {
    @Test func backslashEscapes() throws {
        #expect(try texts(.mysql, #"SELECT 'it\'s; ok', "a\";b", '\\'; SELECT 2"#) == [
            #"SELECT 'it\'s; ok', "a\";b", '\\'"#, "SELECT 2",
        ])
        #expect(try texts(.mysql, #"SELECT 'a\'; SELECT 2"#) == [#"SELECT 'a\'; SELECT 2"#])
    }

    @Test func backticks() throws {
        #expect(try texts(.mysql, "SELECT `a;b`, `c``;d` FROM `t`; SELECT 2") == ["SELECT `a;b`, `c``;d` FROM `t`", "SELECT 2"])
    }

    @Test func hashComments() throws {
        #expect(try texts(.mysql, "# header; comment\nSELECT 1 # x; y\n; SELECT 2") == ["SELECT 1", "SELECT 2"])
    }

    @Test func dashDashNeedsWhitespace() throws {
        #expect(try texts(.mysql, "SELECT 1--1;\nSELECT 2") == ["SELECT 1--1", "SELECT 2"])
        #expect(try texts(.mysql, "SELECT 1 --\tc;\n, 2;") == ["SELECT 1 --\tc;\n, 2"])
        #expect(try texts(.mysql, "SELECT 1 --\n; SELECT 2 -- ") == ["SELECT 1", "SELECT 2"])
        // A bare `--` at the very end has nothing after it, so it is code.
        #expect(try texts(.mysql, "SELECT 2 --") == ["SELECT 2 --"])
    }

    @Test func executableCommentsAreCode() throws {
        let script = "/*!40101 SET @OLD=@@SQL_MODE; */;\n/*M!100100 SET x=1 */;\n/* plain */;"
        #expect(try texts(.mysql, script) == ["/*!40101 SET @OLD=@@SQL_MODE; */", "/*M!100100 SET x=1 */"])
    }

    @Test func optimizerHintsInsideStatementsAreCode() throws {
        #expect(try texts(.mysql, "/*+ banner */ SELECT /*+ BKA(t1) */ a FROM t1 /* c */;") == ["SELECT /*+ BKA(t1) */ a FROM t1"])
    }

    @Test func delimiterCommand() throws {
        let script = """
            DELIMITER $$
            CREATE PROCEDURE p()
            BEGIN
              SELECT 1;
            END$$
            DELIMITER ;
            CALL p();
            """
        let statements = try SQLSplitter(dialect: .mysql).split(script)
        #expect(statements == [
            SQLStatement(text: "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", line: 2, column: 1),
            SQLStatement(text: "CALL p()", line: 7, column: 1),
        ])
    }

    @Test func delimiterVariants() throws {
        #expect(try texts(.mysql, "delimiter //\nSELECT 1; SELECT 2//\nSELECT 3 //\ndelimiter ;\nSELECT 4;") == [
            "SELECT 1; SELECT 2", "SELECT 3", "SELECT 4",
        ])
        #expect(try texts(.mysql, "DELIMITER ;;\nSELECT 1;;\nDELIMITER ;\nSELECT 2;") == ["SELECT 1", "SELECT 2"])
        #expect(try texts(.mysql, "DELIMITER '$$'\nSELECT 1$$") == ["SELECT 1"])
        #expect(try texts(.mysql, "DELIMITER GO\nSELECT 1 GO SELECT 2") == ["SELECT 1", "SELECT 2"])
    }

    @Test func customDelimiterIsNotMatchedInsideQuotesOrComments() throws {
        #expect(try texts(.mysql, "DELIMITER $$\nSELECT '$$', `$$`, \"$$\" /* $$ */ -- $$\n$$") == [
            "SELECT '$$', `$$`, \"$$\"",
        ])
    }

    @Test func delimiterLinesAreNotStatementsAndKeepLines() throws {
        let segments = try SQLSplitter(dialect: .mysql).segments("DELIMITER //\r\nSELECT 1//\r\nDELIMITER ;\r\n")
        #expect(segments.map(\.kind) == [.clientCommand, .whitespace, .statement, .delimiter, .whitespace, .clientCommand, .whitespace])
        #expect(segments[0].text == "DELIMITER //")
        #expect(segments[2].line == 2)
    }

    @Test func delimiterWordInsideAStatementIsCode() throws {
        #expect(try texts(.mysql, "SELECT delimiter FROM t; SELECT 2") == ["SELECT delimiter FROM t", "SELECT 2"])
    }

    @Test func delimiterMisuse() {
        let missing = splitError(.mysql, "SELECT 1;\n  DELIMITER\nSELECT 2;")
        #expect(missing?.code == .missingDelimiter)
        #expect(missing?.line == 2)
        #expect(missing?.column == 3)
        let backslash = splitError(.mysql, #"DELIMITER \\"#)
        #expect(backslash?.code == .invalidDelimiter)
        #expect(backslash?.line == 1)
        #expect(backslash.map { "\($0)" }?.hasPrefix("1:1: ") == true)
        // The same script is plain code for the other dialects.
        #expect(splitError(.postgres, "DELIMITER\nSELECT 2;") == nil)
    }

    @Test func procedureWithoutDelimiterIsOneStatement() throws {
        let procedure = """
            CREATE DEFINER=`root`@`%` PROCEDURE fill(IN n INT)
            BEGIN
              DECLARE i INT DEFAULT 0;
              DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;
              outer_loop: LOOP
                SET i = i + 1;
                IF i > n THEN LEAVE outer_loop; END IF;
                CASE i WHEN 1 THEN SELECT 'one'; ELSE BEGIN SELECT 'more'; END; END CASE;
                WHILE i < 0 DO SET i = i + 1; END WHILE;
                REPEAT SET i = i + 0; UNTIL TRUE END REPEAT;
                SET @x = IF(i > 1, 'a', 'b'), @y = REPEAT('z', 3), @z = CASE WHEN i THEN 1 END;
              END LOOP outer_loop;
            END
            """
        #expect(try texts(.mysql, "DROP PROCEDURE IF EXISTS fill;\n" + procedure + ";\nCALL fill(3);") == [
            "DROP PROCEDURE IF EXISTS fill", procedure, "CALL fill(3)",
        ])
    }

    @Test func routineKinds() throws {
        let function = "CREATE FUNCTION f() RETURNS INT DETERMINISTIC BEGIN DECLARE x INT; SET x = 1; RETURN x; END"
        let trigger = "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END"
        let event = "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM a; DELETE FROM b; END"
        let replace = "CREATE OR REPLACE DEFINER = CURRENT_USER() AGGREGATE FUNCTION g(x INT) RETURNS INT BEGIN RETURN 1; END"
        let anonymous = "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END"
        for body in [function, trigger, event, replace, anonymous] {
            #expect(try texts(.mysql, body + ";\nSELECT 3;") == [body, "SELECT 3"])
        }
    }

    @Test func routinesWithoutBlocks() throws {
        #expect(try texts(.mysql, "CREATE FUNCTION f() RETURNS INT RETURN 1; SELECT f();") == [
            "CREATE FUNCTION f() RETURNS INT RETURN 1", "SELECT f()",
        ])
        #expect(try texts(.mysql, "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1; SELECT 2;") == [
            "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1", "SELECT 2",
        ])
    }

    @Test func transactionsAreStatements() throws {
        #expect(try texts(.mysql, "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN WORK;\nROLLBACK;") == [
            "BEGIN", "INSERT INTO t VALUES (1)", "COMMIT", "BEGIN WORK", "ROLLBACK",
        ])
    }

    @Test func createTableWithKeywordColumnsIsOrdinary() throws {
        #expect(try texts(.mysql, "CREATE TABLE t (function INT, `begin` INT, trigger_name TEXT); SELECT 1;") == [
            "CREATE TABLE t (function INT, `begin` INT, trigger_name TEXT)", "SELECT 1",
        ])
    }

    @Test func parenthesesDoNotHideSemicolons() throws {
        #expect(try texts(.mysql, "SELECT (1; SELECT 2") == ["SELECT (1", "SELECT 2"])
    }
}
