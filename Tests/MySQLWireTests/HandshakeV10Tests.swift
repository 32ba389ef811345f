import NIOCore
import Testing
@testable import MySQLWire

@Suite struct HandshakeV10Tests {
    /// A MariaDB 10.11 greeting, written from the MariaDB documentation of the initial
    /// handshake packet: version with the `5.5.5-` prefix, CLIENT_MYSQL (bit 0) cleared,
    /// extended capabilities in the last 4 reserved bytes.
    static let mariaDBGreeting = ByteBuffer(hex: """
        0a
        352e352e352d31302e31312e31392d4d6172696144422d302b64656231327531 00
        07000000
        597e2f6c52375a3f 00
        feff
        08
        0200
        ff81
        15
        000000000000
        1d000000
        6a7a483570563e724645685c 00
        6d7973716c5f6e61746976655f70617373776f7264 00
        """)

    @Test func decodesMariaDBGreeting() throws {
        var b = Self.mariaDBGreeting
        let g = try HandshakeV10.decode(from: &b)
        #expect(g.serverVersion == "5.5.5-10.11.19-MariaDB-0+deb12u1")
        #expect(g.displayVersion == "10.11.19-MariaDB-0+deb12u1")
        #expect(g.isMariaDB)
        #expect(g.connectionID == 7)
        #expect(g.nonce.count == 20)
        #expect(g.nonce.hex == "597e2f6c52375a3f6a7a483570563e724645685c")
        #expect(g.capabilities.contains([.protocol41, .ssl, .secureConnection, .pluginAuth, .multiStatements, .deprecateEOF]))
        #expect(!g.capabilities.contains(.longPassword))
        #expect(g.capabilities.rawValue >> 32 == 0x1D)
        #expect(g.characterSet == 8)
        #expect(g.status == .autocommit)
        #expect(g.authPluginName == "mysql_native_password")
        #expect(b.readableBytes == 0)
    }

    @Test func decodesMySQL8Greeting() throws {
        var b = Fixture.mysql8Greeting()
        let g = try HandshakeV10.decode(from: &b)
        #expect(g.serverVersion == "8.0.36")
        #expect(!g.isMariaDB)
        #expect(g.connectionID == 42)
        #expect(g.nonce == Fixture.nonce)
        #expect(g.capabilities.contains(.longPassword))
        #expect(g.capabilities.rawValue >> 32 == 0)
        #expect(g.authPluginName == "caching_sha2_password")
    }

    @Test func pluginNameWithoutTerminatingNUL() throws {
        var b = Self.mariaDBGreeting
        b.moveWriterIndex(to: b.writerIndex - 1)
        #expect(try HandshakeV10.decode(from: &b).authPluginName == "mysql_native_password")
    }

    @Test func rejectsOtherProtocolVersionsAndTruncation() {
        var v9 = ByteBuffer(hex: "09 352e3000")
        #expect(throws: MySQLError.self) { try HandshakeV10.decode(from: &v9) }
        for cut in [1, 5, 20, 40] {
            var b = Self.mariaDBGreeting.getSlice(at: 0, length: cut) ?? ByteBuffer()
            #expect(throws: MySQLError.self) { try HandshakeV10.decode(from: &b) }
        }
    }

    @Test func handshakeResponseLayout() {
        let caps: MySQLCapabilities = [.protocol41, .secureConnection, .pluginAuth, .pluginAuthLengthEncodedData, .connectWithDB]
        let r = HandshakeResponse41(
            capabilities: caps, username: "root", authResponse: [0xAA, 0xBB],
            database: "db", authPluginName: "mysql_native_password"
        )
        var b = ByteBuffer()
        r.encode(into: &b)
        #expect(b.readInteger(endianness: .little, as: UInt32.self) == UInt32(caps.rawValue))
        #expect(b.readInteger(endianness: .little, as: UInt32.self) == 1 << 30)
        #expect(b.readInteger(as: UInt8.self) == 45)
        #expect(b.readBytes(length: 23) == [UInt8](repeating: 0, count: 23))
        #expect(b.readMySQLNullTerminatedString() == "root")
        #expect(b.readMySQLLengthEncodedSlice()?.hex == "aabb")
        #expect(b.readMySQLNullTerminatedString() == "db")
        #expect(b.readMySQLNullTerminatedString() == "mysql_native_password")
        #expect(b.readableBytes == 0)

        var ssl = ByteBuffer()
        r.encodeSSLRequest(into: &ssl)
        #expect(ssl.readableBytes == 32)
    }

    @Test func mariaDBExtendedCapabilitiesGoInTheLastFillerBytes() {
        let r = HandshakeResponse41(
            capabilities: MySQLCapabilities(rawValue: (UInt64(0x04) << 32) | MySQLCapabilities.protocol41.rawValue),
            username: "u", authResponse: [], database: nil, authPluginName: ""
        )
        var b = ByteBuffer()
        r.encodeSSLRequest(into: &b)
        #expect(b.getInteger(at: 28, endianness: .little, as: UInt32.self) == 4)
    }
}
