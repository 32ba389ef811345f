import Testing
@testable import MySQLWire

@Suite struct MySQLBindTests {
    @Test func rendersEachKind() throws {
        let sql = try MySQLBind.render(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
            binds: [.null, .int(-42), .double(1.5), .double(1e-7), .text("it's"), .bytes([0x00, 0xFF])],
            noBackslashEscapes: false
        )
        #expect(sql == #"INSERT INTO t VALUES (NULL, -42, 1.5E0, 1e-07, 'it\'s', X'00FF')"#)
    }

    @Test(arguments: [
        ("'; DROP TABLE x; --", #"'\'; DROP TABLE x; --'"#, "'''; DROP TABLE x; --'"),
        (#"back\slash"#, #"'back\\slash'"#, #"'back\slash'"#),
        ("nul\u{0}byte", #"'nul\0byte'"#, "'nul\u{0}byte'"),
        ("line\nfeed\r\u{1A}", #"'line\nfeed\r\Z'"#, "'line\nfeed\r\u{1A}'"),
        (#"dq"dq"#, #"'dq\"dq'"#, #"'dq"dq'"#),
        ("ünï€😀", "'ünï€😀'", "'ünï€😀'"),
        (#"\'"#, #"'\\\''"#, #"'\'''"#),
    ])
    func escapesHostileStrings(input: String, backslashMode: String, noBackslashMode: String) throws {
        #expect(try MySQLBind.text(input).literal(noBackslashEscapes: false) == backslashMode)
        #expect(try MySQLBind.text(input).literal(noBackslashEscapes: true) == noBackslashMode)
    }

    @Test func placeholdersInsideStringsCommentsAndIdentifiersAreLeftAlone() throws {
        let sql = """
            SELECT '?', "?", `?`, 'it''s ?', 'a\\'?' -- ?
            , ? # ?
            /* ? */ FROM t WHERE a = ?
            """
        let out = try MySQLBind.render(sql, binds: [.int(1), .int(2)], noBackslashEscapes: false)
        #expect(out == """
            SELECT '?', "?", `?`, 'it''s ?', 'a\\'?' -- ?
            , 1 # ?
            /* ? */ FROM t WHERE a = 2
            """)
    }

    @Test func backslashIsOrdinaryUnderNoBackslashEscapes() throws {
        // With NO_BACKSLASH_ESCAPES, 'a\' is a complete string, so the ? after it is a placeholder.
        #expect(try MySQLBind.render(#"SELECT 'a\', ?"#, binds: [.int(7)], noBackslashEscapes: true) == #"SELECT 'a\', 7"#)
    }

    @Test func countMismatchThrows() {
        #expect(throws: MySQLError.self) { try MySQLBind.render("SELECT ?, ?", binds: [.int(1)], noBackslashEscapes: false) }
        #expect(throws: MySQLError.self) { try MySQLBind.render("SELECT ?", binds: [.int(1), .int(2)], noBackslashEscapes: false) }
        #expect(throws: MySQLError.self) { try MySQLBind.render("SELECT ?", binds: [.double(.nan)], noBackslashEscapes: false) }
    }

    @Test func noBindsLeavesTextUntouched() throws {
        #expect(try MySQLBind.render("SELECT '?' , ?", binds: [], noBackslashEscapes: false) == "SELECT '?' , ?")
    }
}
