import NIOCore
import Testing
@testable import MySQLWire

@Suite struct PacketMessagesTests {
    @Test func okPacket() throws {
        // 00, affected rows 1, last insert id 0x1234 (fc 34 12), status 0x0002, warnings 3, info
        var b = ByteBuffer(hex: "00 01 fc3412 0200 0300 526f7773")
        let ok = try OKPacket.decode(from: &b, capabilities: [.protocol41])
        #expect(ok == OKPacket(affectedRows: 1, lastInsertID: 0x1234, status: .autocommit, warnings: 3, info: "Rows"))
    }

    @Test func okPacketEndingAResultSetHasHeaderFE() throws {
        var b = ByteBuffer(hex: "fe 00 00 0a02 0000")
        let ok = try OKPacket.decode(from: &b, capabilities: [.protocol41, .deprecateEOF])
        #expect(ok.status == [.autocommit, .moreResultsExist, .noBackslashEscapes])
    }

    @Test func truncatedOKThrows() {
        var b = ByteBuffer(hex: "00 01")
        #expect(throws: MySQLError.self) { try OKPacket.decode(from: &b, capabilities: [.protocol41]) }
    }

    @Test func errPacketWithSQLState() throws {
        // ff, 1146 (0x047a), '#', 42S02, message
        var b = ByteBuffer(hex: "ff 7a04 23 3432533032") 
        b.writeString("Table 'x.y' doesn't exist")
        let err = try ERRPacket.decode(from: &b)
        #expect(err == ERRPacket(errorCode: 1146, sqlState: "42S02", message: "Table 'x.y' doesn't exist"))
        #expect(err.error().serverCode == 1146)
        #expect(err.error().code == .server)
    }

    @Test func errPacketWithoutSQLStateMarker() throws {
        // Sent before the handshake: "Too many connections", 1040 (0x0410).
        var b = ByteBuffer(hex: "ff 1004")
        b.writeString("Too many connections")
        let err = try ERRPacket.decode(from: &b)
        #expect(err.sqlState == nil)
        #expect(err.message == "Too many connections")
    }

    @Test func multiLineMessagesBecomeOneLine() {
        #expect(MySQLError(.server, "a\nb\r\nc\td").message == "a b c d")
    }

    @Test func eofPacket() throws {
        var b = ByteBuffer(hex: "fe 0100 0a00")
        #expect(EOFPacket.isEOF(b))
        let eof = try EOFPacket.decode(from: &b)
        #expect(eof.warnings == 1)
        #expect(eof.status == [.autocommit, .moreResultsExist])
        // A row whose first value has a 9-byte length prefix also starts with 0xFE.
        #expect(!EOFPacket.isEOF(ByteBuffer(hex: "fe 0000000000000000 00")))
    }

    @Test func authSwitchRequest() throws {
        var b = ByteBuffer(hex: "fe")
        b.writeMySQLNullTerminatedString("mysql_native_password")
        b.writeBytes(Fixture.nonce + [0])
        let r = try AuthSwitchRequest.decode(from: &b)
        #expect(r.pluginName == "mysql_native_password")
        #expect(r.pluginData == Fixture.nonce)
        var old = ByteBuffer(hex: "fe")
        #expect(throws: MySQLError.self) { try AuthSwitchRequest.decode(from: &old) }
    }

    @Test func columnDefinition() throws {
        // catalog "def", schema "db", table "t", org_table "t", name "id", org_name "id",
        // 0c, charset 63, length 11, type LONG (03), flags NOT_NULL|PRI (0x0003), decimals 0, filler
        var b = ByteBuffer(hex: "03646566 026462 0174 0174 026964 026964 0c 3f00 0b000000 03 0300 00 0000")
        let c = try MySQLColumn.decode(from: &b)
        #expect(c.schema == "db")
        #expect(c.table == "t")
        #expect(c.name == "id")
        #expect(c.characterSet == 63)
        #expect(c.length == 11)
        #expect(c.type == .long)
        #expect(c.type.isInteger)
        #expect(c.flags == 3)
        var again = ByteBuffer()
        c.encode(into: &again)
        #expect(try MySQLColumn.decode(from: &again) == c)
    }

    @Test func textRowWithNULLs() throws {
        // "1", NULL, "", "héllo"
        var b = ByteBuffer(hex: "0131 fb 00 0668c3a96c6c6f")
        let row = try MySQLRow.decode(from: &b, columnCount: 4)
        #expect(row.string(at: 0) == "1")
        #expect(row.values[1] == nil)
        #expect(row.string(at: 2) == "")
        #expect(row.string(at: 3) == "héllo")
        var short = ByteBuffer(hex: "0131")
        #expect(throws: MySQLError.self) { try MySQLRow.decode(from: &short, columnCount: 2) }
    }
}
