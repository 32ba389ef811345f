import NIOCore
import Testing
@testable import MySQLWire

/// The handshake on its own: greeting, TLS upgrade, auth switch, caching_sha2 fast and full
/// authentication, and the packets that do not belong.
@Suite struct AuthenticationStateMachineTests {
    typealias Machine = AuthenticationStateMachine

    static func machine(tls: ConnectionStateMachine.TLSMode = .disable, password: String = "secret") -> Machine {
        Machine(configuration: .init(username: "root", password: password, database: "db", tls: tls))
    }

    static func greeting(plugin: String = "mysql_native_password", capabilities: MySQLCapabilities? = nil, ssl: Bool = true) throws -> HandshakeV10 {
        var b = Fixture.mysql8Greeting(plugin: plugin, capabilities: capabilities, ssl: ssl)
        return try HandshakeV10.decode(from: &b)
    }

    static func packet(_ seq: UInt8, _ payload: ByteBuffer) -> MySQLPacket {
        MySQLPacket(sequenceID: seq, payload: payload)
    }

    /// The context after a greeting is answered in clear with `plugin`.
    static func context(after greeting: HandshakeV10, plugin: String, nextSequence: UInt8, tls: Bool = false) -> Machine.Context {
        var capabilities = MySQLCapabilities.clientDefault.intersection(greeting.capabilities)
        capabilities.insert([.protocol41, .connectWithDB])
        if tls { capabilities.insert(.ssl) }
        return Machine.Context(
            greeting: greeting, capabilities: capabilities, plugin: plugin, nonce: Fixture.nonce,
            tlsActive: tls, nextSequence: nextSequence
        )
    }

    @Test func greetingInClearAwaitsTheResultAtSequenceTwo() throws {
        var m = Self.machine()
        let g = try Self.greeting(ssl: false)
        guard case .write(let p) = m.greetingReceived(g) else {
            Issue.record("expected the handshake response")
            return
        }
        #expect(p.sequenceID == 1)
        #expect(m.state == .awaitingResult(Self.context(after: g, plugin: "mysql_native_password", nextSequence: 2)))
    }

    @Test func okOpensTheSessionWithTheServerStatus() throws {
        var m = Self.machine()
        let g = try Self.greeting(ssl: false)
        _ = m.greetingReceived(g)
        let capabilities = Self.context(after: g, plugin: "mysql_native_password", nextSequence: 2).capabilities
        let info = MySQLServerInfo(version: "8.0.36", connectionID: 42, capabilities: capabilities, tls: false)
        #expect(m.packetReceived(Self.packet(2, Fixture.ok(status: [.autocommit, .noBackslashEscapes]))) == .authenticated(info, status: [.autocommit, .noBackslashEscapes]))
        #expect(m.state == .authenticated)
    }

    @Test func greetingAsAPacketIsDecoded() throws {
        var m = Self.machine()
        guard case .write(let p) = m.packetReceived(Self.packet(0, Fixture.mysql8Greeting(plugin: "mysql_native_password", ssl: false))) else {
            Issue.record("expected the handshake response")
            return
        }
        #expect(p.sequenceID == 1)
    }

    @Test func secondGreetingIsAProtocolViolation() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        #expect(m.greetingReceived(try Self.greeting(ssl: false)) == .fail(MySQLError(.protocolViolation, "unexpected server greeting")))
        #expect(m.state == .failed)
    }

    @Test func serverWithoutProtocol41IsRefused() throws {
        var m = Self.machine()
        let old = MySQLCapabilities(rawValue: 0xDFFF_FFFF).subtracting([.protocol41, .ssl])
        guard case .fail(let e) = m.greetingReceived(try Self.greeting(capabilities: old, ssl: false)) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .connection)
        #expect(e.message.contains("protocol 4.1"))
    }

    @Test func tlsUpgradeSendsTheResponseAtSequenceTwo() throws {
        var m = Self.machine(tls: .prefer)
        let g = try Self.greeting()
        guard case .writeSSLRequestAndStartTLS(let ssl) = m.greetingReceived(g) else {
            Issue.record("expected SSLRequest")
            return
        }
        #expect(ssl.sequenceID == 1)
        guard case .awaitingTLS = m.state else {
            Issue.record("expected awaitingTLS, got \(m.state)")
            return
        }
        guard case .write(let response) = m.tlsEstablished() else {
            Issue.record("expected the handshake response")
            return
        }
        #expect(response.sequenceID == 2)
        #expect(m.state == .awaitingResult(Self.context(after: g, plugin: "mysql_native_password", nextSequence: 3, tls: true)))
    }

    @Test func packetBeforeTheTLSHandshakeIsAProtocolViolation() throws {
        var m = Self.machine(tls: .require)
        _ = m.greetingReceived(try Self.greeting())
        #expect(m.packetReceived(Self.packet(2, Fixture.ok())) == .fail(MySQLError(.protocolViolation, "server sent a packet before the TLS handshake")))
    }

    @Test func tlsEstablishedWithoutAnSSLRequestIsAProtocolViolation() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        #expect(m.tlsEstablished() == .fail(MySQLError(.protocolViolation, "TLS established at an unexpected time")))
    }

    @Test func authSwitchKeepsTheNewPluginAndNonce() throws {
        var m = Self.machine()
        let g = try Self.greeting(plugin: "caching_sha2_password", ssl: false)
        _ = m.greetingReceived(g)
        var request = ByteBuffer(hex: "fe")
        request.writeMySQLNullTerminatedString("mysql_native_password")
        let newNonce: [UInt8] = Array(repeating: 7, count: 20)
        request.writeBytes(newNonce + [0])
        let expected = MySQLAuthentication.nativePasswordScramble(password: "secret", nonce: newNonce)
        #expect(m.packetReceived(Self.packet(2, request)) == .write(Self.packet(3, ByteBuffer(bytes: expected))))
        var context = Self.context(after: g, plugin: "mysql_native_password", nextSequence: 4)
        context.nonce = newNonce
        #expect(m.state == .awaitingResult(context))
    }

    @Test func cachingSHA2FastAuthenticationWaitsForTheOK() throws {
        var m = Self.machine()
        let g = try Self.greeting(plugin: "caching_sha2_password", ssl: false)
        _ = m.greetingReceived(g)
        #expect(m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 03"))) == .wait)
        #expect(m.state == .awaitingResult(Self.context(after: g, plugin: "caching_sha2_password", nextSequence: 3)))
    }

    @Test func cachingSHA2FullAuthenticationInClearAsksForTheKey() throws {
        var m = Self.machine()
        let g = try Self.greeting(plugin: "caching_sha2_password", ssl: false)
        _ = m.greetingReceived(g)
        #expect(m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 04"))) == .write(Self.packet(3, ByteBuffer(bytes: [0x02]))))
        #expect(m.state == .awaitingPublicKey(Self.context(after: g, plugin: "caching_sha2_password", nextSequence: 4)))
        // Anything but the key is out of place now.
        #expect(m.packetReceived(Self.packet(4, Fixture.ok())) == .fail(MySQLError(
            .protocolViolation, "unexpected packet (header 0x0) during authentication with caching_sha2_password"
        )))
    }

    @Test func cachingSHA2UnknownStatusIsAProtocolViolation() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(plugin: "caching_sha2_password", ssl: false))
        #expect(m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 09"))) == .fail(MySQLError(
            .protocolViolation, "unexpected caching_sha2_password status from the server"
        )))
    }

    @Test func moreDataForNativePasswordIsAProtocolViolation() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        #expect(m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 03"))) == .fail(MySQLError(
            .protocolViolation, "unexpected packet (header 0x1) during authentication with mysql_native_password"
        )))
    }

    @Test func refusalWhileWaitingForTheKeyIsAnAuthenticationError() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(plugin: "caching_sha2_password", ssl: false))
        _ = m.packetReceived(Self.packet(2, ByteBuffer(hex: "01 04")))
        guard case .fail(let e) = m.packetReceived(Self.packet(4, Fixture.err(1045, "28000", "Access denied"))) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .authentication)
        #expect(m.state == .failed)
    }

    @Test func wrongSequenceIDNamesBoth() throws {
        var m = Self.machine()
        _ = m.greetingReceived(try Self.greeting(ssl: false))
        #expect(m.packetReceived(Self.packet(7, Fixture.ok())) == .fail(MySQLError(
            .protocolViolation, "authentication packet has sequence id 7, expected 2"
        )))
    }

    @Test func authenticationErrorCodes() {
        #expect(Machine.isAuthenticationError(1045))
        #expect(Machine.isAuthenticationError(1862))
        #expect(!Machine.isAuthenticationError(1040))
    }
}
