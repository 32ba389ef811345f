import NIOCore
import Testing
@testable import MySQLWire

@Suite struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine

    static func machine(password: String = "secret", tls: Machine.TLSMode = .disable, database: String? = "db") -> Machine {
        var m = Machine(configuration: .init(username: "root", password: password, database: database, tls: tls))
        #expect(m.channelActive() == .wait)
        return m
    }

    static func greeting(plugin: String = "mysql_native_password", ssl: Bool = true) throws -> HandshakeV10 {
        var b = Fixture.mysql8Greeting(plugin: plugin, ssl: ssl)
        return try HandshakeV10.decode(from: &b)
    }

    /// Drives a machine to `.ready` with a native-password server.
    static func readyMachine(capabilities: MySQLCapabilities? = nil) throws -> Machine {
        var m = machine()
        var b = Fixture.mysql8Greeting(plugin: "mysql_native_password", capabilities: capabilities, ssl: false)
        _ = m.packetReceived(MySQLPacket(sequenceID: 0, payload: b))
        b = Fixture.ok()
        guard case .connected = m.packetReceived(MySQLPacket(sequenceID: 2, payload: b)) else {
            Issue.record("not connected")
            return m
        }
        return m
    }

    static func packet(_ seq: UInt8, _ payload: ByteBuffer) -> MySQLPacket {
        MySQLPacket(sequenceID: seq, payload: payload)
    }

    // MARK: - Handshake

    @Test func greetingIsAnsweredWithAHandshakeResponse() throws {
        var m = Self.machine()
        let g = try Self.greeting(ssl: false)
        let action = m.greetingReceived(g)
        guard case .write(let p) = action else {
            Issue.record("expected a write, got \(action)")
            return
        }
        #expect(p.sequenceID == 1)
        var expected = ByteBuffer()
        var caps = MySQLCapabilities.clientDefault.intersection(g.capabilities)
        caps.insert([.protocol41, .connectWithDB])
        HandshakeResponse41(
            capabilities: caps, username: "root",
            authResponse: MySQLAuthentication.nativePasswordScramble(password: "secret", nonce: Fixture.nonce),
            database: "db", authPluginName: "mysql_native_password"
        ).encode(into: &expected)
        #expect(p.payload == expected)
        #expect(!caps.contains(.ssl))
        #expect(caps.contains(.multiStatements))
    }

    @Test func okAfterHandshakeResponseConnects() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        let action = m.packetReceived(Self.packet(2, Fixture.ok()))
        guard case .connected(let info) = action else {
            Issue.record("expected connected, got \(action)")
            return
        }
        #expect(info.connectionID == 42)
        #expect(info.description == "MySQL 8.0.36")
        #expect(!info.tls)
        #expect(m.isReady)
    }

    @Test func wrongPasswordFailsWithAnAuthenticationError() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        let action = m.packetReceived(Self.packet(2, Fixture.err(1045, "28000", "Access denied for user 'root'@'localhost' (using password: YES)")))
        guard case .failAndClose(let e) = action else {
            Issue.record("expected failure, got \(action)")
            return
        }
        #expect(e.code == .authentication)
        #expect(e.serverCode == 1045)
        #expect(e.sqlState == "28000")
    }

    @Test func errorInsteadOfGreeting() {
        var m = Self.machine()
        var err = ByteBuffer(hex: "ff 1004")
        err.writeString("Too many connections")
        #expect(m.packetReceived(Self.packet(0, err)) == .failAndClose(MySQLError(.connection, "Too many connections", serverCode: 1040)))
    }

    @Test func authSwitchIsAnsweredWithTheNewPluginsScramble() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(plugin: "caching_sha2_password", ssl: false))
        var request = ByteBuffer(hex: "fe")
        request.writeMySQLNullTerminatedString("mysql_native_password")
        let newNonce: [UInt8] = Array(repeating: 7, count: 20)
        request.writeBytes(newNonce + [0])
        let expected = MySQLAuthentication.nativePasswordScramble(password: "secret", nonce: newNonce)
        #expect(m.packetReceived(Self.packet(2, request)) == .write(Self.packet(3, ByteBuffer(bytes: expected))))
        guard case .connected = m.packetReceived(Self.packet(4, Fixture.ok())) else {
            Issue.record("expected connected")
            return
        }
    }

    @Test func authSwitchToAnUnknownPluginNamesIt() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        var request = ByteBuffer(hex: "fe")
        request.writeMySQLNullTerminatedString("client_ed25519")
        request.writeBytes(Fixture.nonce)
        guard case .failAndClose(let e) = m.packetReceived(Self.packet(2, request)) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .authentication)
        #expect(e.message.contains("'client_ed25519'"))
    }

    @Test func unknownDefaultPluginFallsBackToNativePassword() throws {
        var m = Self.machine()
        guard case .write(var p) = m.greetingReceived(try Self.greeting(plugin: "client_ed25519", ssl: false)) else {
            Issue.record("expected a write")
            return
        }
        p.payload.moveReaderIndex(forwardBy: 32)
        _ = p.payload.readMySQLNullTerminatedString()
        _ = p.payload.readMySQLLengthEncodedSlice()
        _ = p.payload.readMySQLNullTerminatedString()
        #expect(p.payload.readMySQLNullTerminatedString() == "mysql_native_password")
    }

    @Test func cachingSHA2FastPath() throws {
        var m = Self.machine()
        guard case .write = m.greetingReceived(try Self.greeting(plugin: "caching_sha2_password", ssl: false)) else {
            Issue.record("expected a write")
            return
        }
        #expect(m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 03"))) == .wait)
        guard case .connected = m.packetReceived(Self.packet(3, Fixture.ok())) else {
            Issue.record("expected connected")
            return
        }
    }

    @Test func cachingSHA2FullAuthenticationWithoutTLSRequestsTheKeyAndEncrypts() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(plugin: "caching_sha2_password", ssl: false))
        #expect(m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 04"))) == .write(Self.packet(3, ByteBuffer(bytes: [0x02]))))
        var key = ByteBuffer(hex: "01")
        key.writeString(MySQLAuthenticationTests.publicKeyPEM)
        let action = m.packetReceived(Self.packet(4, key))
        guard case .write(let p) = action else {
            Issue.record("expected the encrypted password, got \(action)")
            return
        }
        #expect(p.sequenceID == 5)
        #expect(p.payload.readableBytes == 256)
        guard case .connected = m.packetReceived(Self.packet(6, Fixture.ok())) else {
            Issue.record("expected connected")
            return
        }
    }

    @Test func cachingSHA2FullAuthenticationOverTLSSendsThePassword() throws {
        var m = Self.machine(tls: .require)
        guard case .writeSSLRequestAndStartTLS(let ssl) = m.greetingReceived(try Self.greeting(plugin: "caching_sha2_password")) else {
            Issue.record("expected SSLRequest")
            return
        }
        #expect(ssl.sequenceID == 1)
        #expect(ssl.payload.readableBytes == 32)
        let caps = MySQLCapabilities(rawValue: UInt64(ssl.payload.getInteger(at: 0, endianness: .little, as: UInt32.self) ?? 0))
        #expect(caps.contains(.ssl))
        guard case .write(let response) = m.tlsEstablished() else {
            Issue.record("expected the handshake response")
            return
        }
        #expect(response.sequenceID == 2)
        #expect(response.payload.getSlice(at: 0, length: 32) == ssl.payload)
        #expect(m.packetReceived(Self.packet(3, ByteBuffer(hex: "01 04"))) == .write(Self.packet(4, ByteBuffer(bytes: Array("secret".utf8) + [0]))))
        guard case .connected(let info) = m.packetReceived(Self.packet(5, Fixture.ok())) else {
            Issue.record("expected connected")
            return
        }
        #expect(info.tls)
    }

    @Test func tlsRequiredButNotOffered() throws {
        var m = Self.machine(tls: .require)
        guard case .failAndClose(let e) = m.greetingReceived(try Self.greeting(ssl: false)) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .tls)
    }

    @Test func tlsPreferredButNotOfferedGoesOnInClear() throws {
        var m = Self.machine(tls: .prefer)
        guard case .write(let p) = m.greetingReceived(try Self.greeting(ssl: false)) else {
            Issue.record("expected a handshake response")
            return
        }
        #expect(p.sequenceID == 1)
    }

    @Test func wrongSequenceIDIsAProtocolViolation() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        guard case .failAndClose(let e) = m.packetReceived(Self.packet(5, Fixture.ok())) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .protocolViolation)
    }

    // MARK: - Commands

    @Test func queryIsSentAsCOMQueryWithSequenceZero() throws {
        var m = try Self.readyMachine()
        var payload = ByteBuffer(hex: "03")
        payload.writeString("SELECT 'it\\'s', 1")
        #expect(m.sendCommand(.query("SELECT ?, ?", [.text("it's"), .int(1)])) == .write(Self.packet(0, payload)))
    }

    @Test func resultSetWithDeprecateEOF() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("SELECT a, b", []))
        #expect(m.packetReceived(Self.packet(1, Fixture.lengthEncoded(2))) == .wait)
        #expect(m.packetReceived(Self.packet(2, Fixture.column("a", .longlong))) == .wait)
        #expect(m.packetReceived(Self.packet(3, Fixture.column("b", .varString))) == .wait)
        #expect(m.packetReceived(Self.packet(4, Fixture.row(["1", nil]))) == .wait)
        #expect(m.packetReceived(Self.packet(5, Fixture.row(["2", "x"]))) == .wait)
        let action = m.packetReceived(Self.packet(6, Fixture.ok(header: 0xFE)))
        guard case .succeedCommand(let result) = action else {
            Issue.record("expected success, got \(action)")
            return
        }
        #expect(result.columns.map(\.name) == ["a", "b"])
        #expect(result.rows.map { [$0.string(at: 0), $0.string(at: 1)] } == [["1", nil], ["2", "x"]])
        #expect(m.isReady)
    }

    @Test func resultSetWithLegacyEOFPackets() throws {
        let legacy = MySQLCapabilities(rawValue: 0xDFFF_FFFF).subtracting(.deprecateEOF)
        var m = try Self.readyMachine(capabilities: legacy)
        _ = m.sendCommand(.query("SELECT a", []))
        #expect(m.packetReceived(Self.packet(1, Fixture.lengthEncoded(1))) == .wait)
        #expect(m.packetReceived(Self.packet(2, Fixture.column("a", .varString))) == .wait)
        #expect(m.packetReceived(Self.packet(3, Fixture.eof())) == .wait)
        #expect(m.packetReceived(Self.packet(4, Fixture.row(["x"]))) == .wait)
        guard case .succeedCommand(let result) = m.packetReceived(Self.packet(5, Fixture.eof())) else {
            Issue.record("expected success")
            return
        }
        #expect(result.rows.count == 1)
    }

    @Test func multiStatementWithAnErrorInTheSecond() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("INSERT …; INSERT …; INSERT …", []))
        #expect(m.packetReceived(Self.packet(1, Fixture.ok(affected: 1, status: [.autocommit, .moreResultsExist]))) == .wait)
        let err = Fixture.err(1062, "23000", "Duplicate entry '1' for key 'PRIMARY'")
        var expected = MySQLError(.server, "Duplicate entry '1' for key 'PRIMARY'", serverCode: 1062, sqlState: "23000")
        expected.completedResults = 1
        #expect(m.packetReceived(Self.packet(2, err)) == .failCommand(expected))
        #expect(m.isReady)
    }

    @Test func batchRendersEachStatementWithItsOwnBinds() throws {
        var m = try Self.readyMachine()
        var payload = ByteBuffer(hex: "03")
        // The statement without binds goes as written: its '?' is not a placeholder.
        payload.writeString("CREATE TABLE q (a INT COMMENT 'why?') -- who?\n;\nUPDATE h SET n = 1 WHERE v = 'it\\'s';\nINSERT INTO l VALUES (2, NULL)")
        let batch: [MySQLStatement] = [
            MySQLStatement("CREATE TABLE q (a INT COMMENT 'why?') -- who?\n"),
            MySQLStatement("UPDATE h SET n = ? WHERE v = ?", [.int(1), .text("it's")]),
            MySQLStatement("INSERT INTO l VALUES (?, ?)", [.int(2), .null]),
        ]
        #expect(m.sendCommand(.batch(batch)) == .write(Self.packet(0, payload)))
    }

    @Test func batchErrorInTheFirstStatementCountsNoResults() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.batch([MySQLStatement("CREATE TABLE t (a INT)"), MySQLStatement("UPDATE h SET n = ?", [.int(1)])]))
        let err = Fixture.err(1050, "42S01", "Table 't' already exists")
        #expect(m.packetReceived(Self.packet(1, err)) == .failCommand(MySQLError(.server, "Table 't' already exists", serverCode: 1050, sqlState: "42S01")))
        #expect(m.isReady)
    }

    @Test func multipleResultSets() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("UPDATE …; SELECT 1", []))
        #expect(m.packetReceived(Self.packet(1, Fixture.ok(affected: 3, status: [.autocommit, .moreResultsExist]))) == .wait)
        #expect(m.packetReceived(Self.packet(2, Fixture.lengthEncoded(1))) == .wait)
        #expect(m.packetReceived(Self.packet(3, Fixture.column("1", .longlong))) == .wait)
        #expect(m.packetReceived(Self.packet(4, Fixture.row(["1"]))) == .wait)
        guard case .succeedCommand(let result) = m.packetReceived(Self.packet(5, Fixture.ok(header: 0xFE))) else {
            Issue.record("expected success")
            return
        }
        #expect(result.resultSets.count == 2)
        #expect(result.resultSets[0].affectedRows == 3)
        #expect(result.rows.count == 1)
    }

    @Test func noBackslashEscapesStatusChangesEscaping() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("SET sql_mode = 'NO_BACKSLASH_ESCAPES'", []))
        _ = m.packetReceived(Self.packet(1, Fixture.ok(status: [.autocommit, .noBackslashEscapes])))
        var payload = ByteBuffer(hex: "03")
        payload.writeString(#"SELECT 'a\''b'"#)
        #expect(m.sendCommand(.query("SELECT ?", [.text(#"a\'b"#)])) == .write(Self.packet(0, payload)))
    }

    @Test func bindMismatchFailsWithoutSending() throws {
        var m = try Self.readyMachine()
        guard case .failCommand(let e) = m.sendCommand(.query("SELECT ?, ?", [.int(1)])) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .usage)
        #expect(m.isReady)
    }

    @Test func pingAndQuit() throws {
        var m = try Self.readyMachine()
        #expect(m.sendCommand(.ping) == .write(Self.packet(0, ByteBuffer(hex: "0e"))))
        #expect(m.packetReceived(Self.packet(1, Fixture.ok())) == .succeedCommand(MySQLResult(resultSets: [])))
        #expect(m.closeRequested() == .writeQuitAndClose(Self.packet(0, ByteBuffer(hex: "01"))))
        #expect(m.channelInactive() == .close)
    }

    @Test func connectionLostDuringACommand() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("SELECT SLEEP(10)", []))
        guard case .failAndClose(let e) = m.channelInactive() else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .connection)
    }

    @Test func readTimeoutDuringACommand() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("SELECT SLEEP(10)", []))
        guard case .failAndClose(let e) = m.readTimeout() else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .timeout)
        #expect(m.readTimeout() == .wait)
    }

    @Test func serverGoodbyeWhileIdle() throws {
        var m = try Self.readyMachine()
        guard case .failAndClose(let e) = m.packetReceived(Self.packet(0, Fixture.err(1927, "70100", "Connection was killed"))) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.serverCode == 1927)
    }

    @Test func malformedRowIsAProtocolViolation() throws {
        var m = try Self.readyMachine()
        _ = m.sendCommand(.query("SELECT a, b", []))
        _ = m.packetReceived(Self.packet(1, Fixture.lengthEncoded(2)))
        _ = m.packetReceived(Self.packet(2, Fixture.column("a", .longlong)))
        _ = m.packetReceived(Self.packet(3, Fixture.column("b", .longlong)))
        guard case .failAndClose(let e) = m.packetReceived(Self.packet(4, ByteBuffer(hex: "0131"))) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .protocolViolation)
    }
}
