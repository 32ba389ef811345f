import NIOCore

/// The handshake of one connection, with no I/O: from the server's greeting to the OK that
/// opens the session.
///
/// It chooses the capabilities and whether to use TLS (sending an SSLRequest and waiting
/// for the TLS handler first), answers with the configured password for the server's
/// plugin, follows an auth switch, and runs `caching_sha2_password`'s fast and full
/// authentication (the password in clear over TLS, else encrypted with the server's RSA
/// key). ``ConnectionStateMachine`` feeds it events while the connection is being set up.
struct AuthenticationStateMachine: Equatable {
    /// What the connection setup knows so far.
    struct Context: Equatable {
        var greeting: HandshakeV10
        var capabilities: MySQLCapabilities
        /// The plugin the last answer was computed for.
        var plugin: String
        var nonce: [UInt8]
        var tlsActive: Bool
        /// The sequence id the server's next packet must have.
        var nextSequence: UInt8
    }

    enum State: Equatable {
        /// The TCP connection is open; the server speaks first.
        case awaitingGreeting
        /// The SSLRequest is sent; the handshake response goes once TLS is set up.
        case awaitingTLS(Context, response: HandshakeResponse41)
        /// Waiting for OK, ERR, an auth switch or more data.
        case awaitingResult(Context)
        /// `caching_sha2_password` asked for full authentication; we asked for the key.
        case awaitingPublicKey(Context)
        /// The server accepted us.
        case authenticated
        /// The handshake failed; the connection is to be closed.
        case failed
    }

    /// What the connection must do.
    enum Action: Equatable {
        /// Nothing; wait for the next packet.
        case wait
        /// Write and flush the packet.
        case write(MySQLPacket)
        /// Write and flush the SSLRequest packet, then start TLS and report
        /// ``tlsEstablished()`` once the TLS handler is in place.
        case writeSSLRequestAndStartTLS(MySQLPacket)
        /// The session is open.
        case authenticated(MySQLServerInfo, status: MySQLServerStatus)
        /// The handshake failed: fail the connect and close.
        case fail(MySQLError)
    }

    private(set) var state: State = .awaitingGreeting
    let configuration: ConnectionStateMachine.Configuration

    init(configuration: ConnectionStateMachine.Configuration) {
        self.configuration = configuration
    }

    // MARK: - Events

    /// The greeting arrived: choose capabilities, TLS and the first authentication answer.
    mutating func greetingReceived(_ greeting: HandshakeV10) -> Action {
        guard case .awaitingGreeting = state else {
            return fail(MySQLError(.protocolViolation, "unexpected server greeting"))
        }
        guard greeting.capabilities.contains(.protocol41) else {
            return fail(MySQLError(.connection, "server \(greeting.serverVersion) does not speak protocol 4.1; MySQL 5.x or later, or MariaDB, is required"))
        }
        var capabilities = configuration.requestedCapabilities.intersection(greeting.capabilities)
        capabilities.insert(.protocol41)
        if let database = configuration.database, !database.isEmpty, greeting.capabilities.contains(.connectWithDB) {
            capabilities.insert(.connectWithDB)
        }
        let useTLS: Bool
        switch configuration.tls {
        case .disable: useTLS = false
        case .prefer: useTLS = greeting.capabilities.contains(.ssl)
        case .require:
            guard greeting.capabilities.contains(.ssl) else {
                return fail(MySQLError(.tls, "server does not offer TLS, but TLS is required (ssl=require); use ssl=prefer or enable TLS on the server"))
            }
            useTLS = true
        }
        if useTLS { capabilities.insert(.ssl) }
        // Answer with the server's default plugin if we know it; otherwise with
        // mysql_native_password, and the server switches us to the account's plugin.
        var plugin = greeting.authPluginName
        if ![MySQLAuthentication.nativePassword, MySQLAuthentication.cachingSHA2Password].contains(plugin) {
            plugin = MySQLAuthentication.nativePassword
        }
        let authResponse: [UInt8]
        do {
            authResponse = try MySQLAuthentication.response(plugin: plugin, password: configuration.password, nonce: greeting.nonce, tlsActive: useTLS)
        } catch {
            return fail(error)
        }
        let response = HandshakeResponse41(
            capabilities: capabilities, username: configuration.username, authResponse: authResponse,
            database: configuration.database, authPluginName: plugin
        )
        var context = Context(
            greeting: greeting, capabilities: capabilities, plugin: plugin, nonce: greeting.nonce,
            tlsActive: false, nextSequence: 1
        )
        if useTLS {
            var payload = ByteBuffer()
            response.encodeSSLRequest(into: &payload)
            state = .awaitingTLS(context, response: response)
            return .writeSSLRequestAndStartTLS(MySQLPacket(sequenceID: 1, payload: payload))
        }
        var payload = ByteBuffer()
        response.encode(into: &payload)
        context.nextSequence = 2
        state = .awaitingResult(context)
        return .write(MySQLPacket(sequenceID: 1, payload: payload))
    }

    /// TLS is set up on the channel: send the handshake response over it.
    mutating func tlsEstablished() -> Action {
        guard case .awaitingTLS(var context, let response) = state else {
            return fail(MySQLError(.protocolViolation, "TLS established at an unexpected time"))
        }
        context.tlsActive = true
        var payload = ByteBuffer()
        // The scramble-based answers do not depend on TLS; compute nothing new.
        response.encode(into: &payload)
        context.nextSequence = 3
        state = .awaitingResult(context)
        return .write(MySQLPacket(sequenceID: 2, payload: payload))
    }

    /// A packet arrived during the handshake.
    mutating func packetReceived(_ packet: MySQLPacket) -> Action {
        switch state {
        case .awaitingGreeting:
            if packet.headerByte == 0xFF { return refused(packet) }
            var payload = packet.payload
            do {
                return greetingReceived(try HandshakeV10.decode(from: &payload))
            } catch {
                return fail(error)
            }
        case .awaitingTLS:
            return fail(MySQLError(.protocolViolation, "server sent a packet before the TLS handshake"))
        case .awaitingResult(let context):
            return resultReceived(packet, context: context)
        case .awaitingPublicKey(let context):
            return publicKeyReceived(packet, context: context)
        case .authenticated, .failed:
            return fail(MySQLError(.protocolViolation, "authentication packet after the handshake ended"))
        }
    }

    // MARK: - Answers

    /// OK, an auth switch, or `caching_sha2_password`'s fast or full authentication.
    private mutating func resultReceived(_ packet: MySQLPacket, context: Context) -> Action {
        var context = context
        if packet.headerByte == 0xFF { return refused(packet) }
        var payload = packet.payload
        guard packet.sequenceID == context.nextSequence else { return wrongSequence(packet, context: context) }
        let reply = packet.lastSequenceID &+ 1
        do {
            switch packet.headerByte {
            case 0x00:
                let ok = try OKPacket.decode(from: &payload, capabilities: context.capabilities)
                let info = MySQLServerInfo(
                    version: context.greeting.serverVersion, connectionID: context.greeting.connectionID,
                    capabilities: context.capabilities, tls: context.tlsActive
                )
                state = .authenticated
                return .authenticated(info, status: ok.status)
            case 0xFE:
                let request = try AuthSwitchRequest.decode(from: &payload)
                let response = try MySQLAuthentication.response(
                    plugin: request.pluginName, password: configuration.password,
                    nonce: request.pluginData, tlsActive: context.tlsActive
                )
                context.plugin = request.pluginName
                context.nonce = request.pluginData
                context.nextSequence = reply &+ 1
                state = .awaitingResult(context)
                return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: response)))
            case 0x01 where context.plugin == MySQLAuthentication.cachingSHA2Password:
                payload.moveReaderIndex(forwardBy: 1)
                switch payload.readInteger(as: UInt8.self) {
                case 0x03:  // fast authentication succeeded; OK follows
                    context.nextSequence = reply
                    state = .awaitingResult(context)
                    return .wait
                case 0x04:  // full authentication
                    context.nextSequence = reply &+ 1
                    if context.tlsActive {
                        state = .awaitingResult(context)
                        return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: Array(configuration.password.utf8) + [0])))
                    }
                    state = .awaitingPublicKey(context)
                    return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: [0x02])))
                default:
                    throw MySQLError(.protocolViolation, "unexpected caching_sha2_password status from the server")
                }
            default:
                throw unexpected(packet, context: context)
            }
        } catch {
            return fail(error)
        }
    }

    /// The server's RSA public key: send the password encrypted with it.
    private mutating func publicKeyReceived(_ packet: MySQLPacket, context: Context) -> Action {
        var context = context
        if packet.headerByte == 0xFF { return refused(packet) }
        var payload = packet.payload
        guard packet.sequenceID == context.nextSequence else { return wrongSequence(packet, context: context) }
        let reply = packet.lastSequenceID &+ 1
        do {
            guard packet.headerByte == 0x01 else { throw unexpected(packet, context: context) }
            payload.moveReaderIndex(forwardBy: 1)
            let pem = payload.readMySQLRestAsString()
            let encrypted = try MySQLAuthentication.encryptPassword(password: configuration.password, nonce: context.nonce, publicKeyPEM: pem)
            context.nextSequence = reply &+ 1
            state = .awaitingResult(context)
            return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: encrypted)))
        } catch {
            return fail(error)
        }
    }

    // MARK: - Failures

    /// An ERR packet before the session is ready: the server refused the greeting or the
    /// credentials.
    private mutating func refused(_ packet: MySQLPacket) -> Action {
        var payload = packet.payload
        do {
            let err = try ERRPacket.decode(from: &payload)
            return fail(err.error(Self.isAuthenticationError(err.errorCode) ? .authentication : .connection))
        } catch {
            return fail(error)
        }
    }

    private mutating func wrongSequence(_ packet: MySQLPacket, context: Context) -> Action {
        fail(MySQLError(.protocolViolation, "authentication packet has sequence id \(packet.sequenceID), expected \(context.nextSequence)"))
    }

    private func unexpected(_ packet: MySQLPacket, context: Context) -> MySQLError {
        MySQLError(.protocolViolation, "unexpected packet (header 0x\(String(packet.headerByte ?? 0, radix: 16))) during authentication with \(context.plugin)")
    }

    private mutating func fail(_ error: any Error) -> Action {
        state = .failed
        return .fail(error as? MySQLError ?? MySQLError(.protocolViolation, "\(error)"))
    }

    /// Server errors that mean the credentials or the account are refused.
    static func isAuthenticationError(_ code: UInt16) -> Bool {
        // 1044 no access to database, 1045 access denied, 1251 auth protocol not supported,
        // 1698 access denied (no password), 1820/1862 password expired.
        [1044, 1045, 1251, 1698, 1820, 1862].contains(code)
    }
}
