import NIOCore

/// A command the client sends once the session is open.
enum MySQLCommand: Sendable, Hashable {
    /// COM_QUERY with `?` placeholders filled in from the binds.
    case query(String, [MySQLBind])
    /// One COM_QUERY of several statements, each rendered with its own binds (one without
    /// binds is sent as written), joined by `;`.
    case batch([MySQLStatement])
    /// COM_PING.
    case ping
}

/// The protocol logic of one connection, with no I/O: events go in, ``Action``s come out.
///
/// The channel handler feeds it what happened on the wire (channel active, a packet, TLS
/// established, the channel closed, a timer fired) and what the user asked for (a command,
/// close), and carries out the action it returns. It decides sequence ids, TLS and
/// authentication answers, and collects result sets.
struct ConnectionStateMachine {
    /// Whether to use TLS.
    enum TLSMode: Sendable, Hashable {
        /// Never.
        case disable
        /// When the server offers it.
        case prefer
        /// Always; fail when the server does not offer it.
        case require
    }

    /// What the client authenticates with.
    struct Configuration: Sendable {
        var username: String
        var password: String
        var database: String?
        var tls: TLSMode
        var requestedCapabilities: MySQLCapabilities = .clientDefault
    }

    /// What the handler must do.
    enum Action: Equatable {
        /// Nothing; wait for the next event.
        case wait
        /// Write and flush the packet.
        case write(MySQLPacket)
        /// Write and flush the SSLRequest packet, then start TLS and report
        /// ``ConnectionStateMachine/tlsEstablished()`` once the TLS handler is in place.
        case writeSSLRequestAndStartTLS(MySQLPacket)
        /// The session is open and ready for commands.
        case connected(MySQLServerInfo)
        /// The running command finished.
        case succeedCommand(MySQLResult)
        /// The running command failed with a server error; the session stays usable.
        case failCommand(MySQLError)
        /// Fail the pending connect or the running and queued commands, and close the channel.
        case failAndClose(MySQLError)
        /// Write COM_QUIT, then close the channel.
        case writeQuitAndClose(MySQLPacket)
        /// Close the channel (nothing is pending).
        case close
    }

    enum AuthPhase: Equatable {
        /// Waiting for OK, ERR, an auth switch or more data.
        case awaitingResult
        /// `caching_sha2_password` asked for full authentication; we asked for the key.
        case awaitingPublicKey
    }

    struct AuthContext: Equatable {
        var greeting: HandshakeV10
        var capabilities: MySQLCapabilities
        var plugin: String
        var nonce: [UInt8]
        var tlsActive: Bool
        var nextSequence: UInt8
        var phase: AuthPhase
    }

    struct Session: Equatable {
        var info: MySQLServerInfo
        var status: MySQLServerStatus
    }

    enum CommandPhase: Equatable {
        /// Waiting for OK, ERR or a column count.
        case awaitingResponse
        /// Reading column definitions.
        case columns(expected: Int)
        /// Reading the EOF that ends the column definitions (without `CLIENT_DEPRECATE_EOF`).
        case columnsEOF
        /// Reading rows until EOF/OK.
        case rows
        /// COM_PING: waiting for OK.
        case ping
    }

    struct CommandContext: Equatable {
        var phase: CommandPhase
        var nextSequence: UInt8
        var finished: [MySQLResultSet]
        var current: MySQLResultSet
    }

    enum State: Equatable {
        case initialized
        case awaitingGreeting
        case awaitingTLS(AuthContext, response: HandshakeResponse41)
        case authenticating(AuthContext)
        case ready(Session)
        case executing(Session, CommandContext)
        /// Only while a packet of a running command is handled: the command's context has
        /// left the state, so the rows it collects are appended in place, not copied.
        case modifying
        case closing
        case closed
    }

    private(set) var state: State = .initialized
    let configuration: Configuration

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// True when the session is open and no command runs.
    var isReady: Bool {
        if case .ready = state { return true }
        return false
    }

    // MARK: - Connection events

    /// The TCP connection is open; the server speaks first.
    mutating func channelActive() -> Action {
        guard case .initialized = state else { return .wait }
        state = .awaitingGreeting
        return .wait
    }

    /// The greeting arrived: choose capabilities, TLS and the first authentication answer.
    mutating func greetingReceived(_ greeting: HandshakeV10) -> Action {
        guard case .awaitingGreeting = state else {
            return failAndClose(MySQLError(.protocolViolation, "unexpected server greeting"))
        }
        guard greeting.capabilities.contains(.protocol41) else {
            return failAndClose(MySQLError(.connection, "server \(greeting.serverVersion) does not speak protocol 4.1; MySQL 5.x or later, or MariaDB, is required"))
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
                return failAndClose(MySQLError(.tls, "server does not offer TLS, but TLS is required (ssl=require); use ssl=prefer or enable TLS on the server"))
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
            return failAndClose(error)
        }
        let response = HandshakeResponse41(
            capabilities: capabilities, username: configuration.username, authResponse: authResponse,
            database: configuration.database, authPluginName: plugin
        )
        var context = AuthContext(
            greeting: greeting, capabilities: capabilities, plugin: plugin, nonce: greeting.nonce,
            tlsActive: false, nextSequence: 1, phase: .awaitingResult
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
        state = .authenticating(context)
        return .write(MySQLPacket(sequenceID: 1, payload: payload))
    }

    /// TLS is set up on the channel: send the handshake response over it.
    mutating func tlsEstablished() -> Action {
        guard case .awaitingTLS(var context, let response) = state else {
            return failAndClose(MySQLError(.protocolViolation, "TLS established at an unexpected time"))
        }
        context.tlsActive = true
        var payload = ByteBuffer()
        // The scramble-based answers do not depend on TLS; compute nothing new.
        response.encode(into: &payload)
        context.nextSequence = 3
        state = .authenticating(context)
        return .write(MySQLPacket(sequenceID: 2, payload: payload))
    }

    /// A packet arrived; what it means depends on the state.
    mutating func packetReceived(_ packet: MySQLPacket) -> Action {
        switch state {
        case .initialized, .awaitingGreeting:
            if packet.headerByte == 0xFF { return refusedDuringConnect(packet) }
            var payload = packet.payload
            do {
                state = .awaitingGreeting
                return greetingReceived(try HandshakeV10.decode(from: &payload))
            } catch {
                return failAndClose(error)
            }
        case .awaitingTLS:
            return failAndClose(MySQLError(.protocolViolation, "server sent a packet before the TLS handshake"))
        case .authenticating(let context):
            return authenticationPacketReceived(packet, context: context)
        case .ready:
            // The server speaks unasked only to say goodbye (shutdown, idle timeout, KILL).
            var payload = packet.payload
            if packet.headerByte == 0xFF, let err = try? ERRPacket.decode(from: &payload) {
                return failAndClose(MySQLError(.connection, "server closed the session: \(err.message)", serverCode: err.errorCode, sqlState: err.sqlState))
            }
            return failAndClose(MySQLError(.protocolViolation, "server sent a packet while no command was running"))
        case .executing(let session, let command):
            state = .modifying
            return commandPacketReceived(packet, session: session, command: command)
        case .modifying:
            return failAndClose(MySQLError(.protocolViolation, "packet received while the previous one was being handled"))
        case .closing, .closed:
            return .wait
        }
    }

    /// An ERR packet before the session is ready: the server refused the greeting or the
    /// credentials.
    private mutating func refusedDuringConnect(_ packet: MySQLPacket) -> Action {
        var payload = packet.payload
        do {
            let err = try ERRPacket.decode(from: &payload)
            return failAndClose(err.error(Self.isAuthenticationError(err.errorCode) ? .authentication : .connection))
        } catch {
            return failAndClose(error)
        }
    }

    // MARK: - Authentication

    private mutating func authenticationPacketReceived(_ packet: MySQLPacket, context: AuthContext) -> Action {
        var context = context
        if packet.headerByte == 0xFF { return refusedDuringConnect(packet) }
        var payload = packet.payload
        guard packet.sequenceID == context.nextSequence else {
            return failAndClose(MySQLError(.protocolViolation, "authentication packet has sequence id \(packet.sequenceID), expected \(context.nextSequence)"))
        }
        let reply = packet.lastSequenceID &+ 1
        do {
            switch (packet.headerByte, context.phase) {
            case (0x00, .awaitingResult):
                let ok = try OKPacket.decode(from: &payload, capabilities: context.capabilities)
                let info = MySQLServerInfo(
                    version: context.greeting.serverVersion, connectionID: context.greeting.connectionID,
                    capabilities: context.capabilities, tls: context.tlsActive
                )
                state = .ready(Session(info: info, status: ok.status))
                return .connected(info)
            case (0xFE, .awaitingResult):
                let request = try AuthSwitchRequest.decode(from: &payload)
                let response = try MySQLAuthentication.response(
                    plugin: request.pluginName, password: configuration.password,
                    nonce: request.pluginData, tlsActive: context.tlsActive
                )
                context.plugin = request.pluginName
                context.nonce = request.pluginData
                context.nextSequence = reply &+ 1
                state = .authenticating(context)
                return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: response)))
            case (0x01, .awaitingResult) where context.plugin == MySQLAuthentication.cachingSHA2Password:
                payload.moveReaderIndex(forwardBy: 1)
                switch payload.readInteger(as: UInt8.self) {
                case 0x03:  // fast authentication succeeded; OK follows
                    context.nextSequence = reply
                    state = .authenticating(context)
                    return .wait
                case 0x04:  // full authentication
                    context.nextSequence = reply &+ 1
                    if context.tlsActive {
                        state = .authenticating(context)
                        return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: Array(configuration.password.utf8) + [0])))
                    }
                    context.phase = .awaitingPublicKey
                    state = .authenticating(context)
                    return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: [0x02])))
                default:
                    throw MySQLError(.protocolViolation, "unexpected caching_sha2_password status from the server")
                }
            case (0x01, .awaitingPublicKey):
                payload.moveReaderIndex(forwardBy: 1)
                let pem = payload.readMySQLRestAsString()
                let encrypted = try MySQLAuthentication.encryptPassword(password: configuration.password, nonce: context.nonce, publicKeyPEM: pem)
                context.phase = .awaitingResult
                context.nextSequence = reply &+ 1
                state = .authenticating(context)
                return .write(MySQLPacket(sequenceID: reply, payload: ByteBuffer(bytes: encrypted)))
            default:
                throw MySQLError(.protocolViolation, "unexpected packet (header 0x\(String(packet.headerByte ?? 0, radix: 16))) during authentication with \(context.plugin)")
            }
        } catch {
            return failAndClose(error)
        }
    }

    /// Server errors that mean the credentials or the account are refused.
    static func isAuthenticationError(_ code: UInt16) -> Bool {
        // 1044 no access to database, 1045 access denied, 1251 auth protocol not supported,
        // 1698 access denied (no password), 1820/1862 password expired.
        [1044, 1045, 1251, 1698, 1820, 1862].contains(code)
    }

    // MARK: - Commands

    /// The user asks to run a command; the session must be ready (the handler queues).
    mutating func sendCommand(_ command: MySQLCommand) -> Action {
        guard case .ready(let session) = state else {
            return .failCommand(MySQLError(.usage, "the connection is not ready for a command"))
        }
        var payload = ByteBuffer()
        let phase: CommandPhase
        switch command {
        case .query(let sql, let binds):
            let text: String
            do {
                text = try MySQLBind.render(sql, binds: binds, noBackslashEscapes: session.status.contains(.noBackslashEscapes))
            } catch {
                return .failCommand(error as? MySQLError ?? MySQLError(.usage, "\(error)"))
            }
            payload.writeInteger(UInt8(0x03))
            payload.writeString(text)
            phase = .awaitingResponse
        case .batch(let statements):
            payload.writeInteger(UInt8(0x03))
            let noBackslashEscapes = session.status.contains(.noBackslashEscapes)
            do {
                for (i, statement) in statements.enumerated() {
                    if i > 0 { payload.writeString(";\n") }
                    payload.writeString(try MySQLBind.render(statement.sql, binds: statement.binds, noBackslashEscapes: noBackslashEscapes))
                }
            } catch {
                return .failCommand(error as? MySQLError ?? MySQLError(.usage, "\(error)"))
            }
            phase = .awaitingResponse
        case .ping:
            payload.writeInteger(UInt8(0x0E))
            phase = .ping
        }
        let packet = MySQLPacket(sequenceID: 0, payload: payload)
        state = .executing(session, CommandContext(phase: phase, nextSequence: packet.lastSequenceID &+ 1, finished: [], current: MySQLResultSet()))
        return .write(packet)
    }

    private mutating func commandPacketReceived(_ packet: MySQLPacket, session: Session, command: consuming CommandContext) -> Action {
        var session = session
        var command = command
        var payload = packet.payload
        let header = packet.headerByte
        if header == 0xFF {
            do {
                let err = try ERRPacket.decode(from: &payload)
                state = .ready(session)
                var error = err.error()
                if !command.finished.isEmpty { error.completedResults = command.finished.count }
                return .failCommand(error)
            } catch {
                return failAndClose(error)
            }
        }
        guard packet.sequenceID == command.nextSequence else {
            return failAndClose(MySQLError(.protocolViolation, "result packet has sequence id \(packet.sequenceID), expected \(command.nextSequence)"))
        }
        command.nextSequence = packet.lastSequenceID &+ 1
        let capabilities = session.info.capabilities
        do {
            switch command.phase {
            case .ping:
                let ok = try OKPacket.decode(from: &payload, capabilities: capabilities)
                session.status = ok.status
                state = .ready(session)
                return .succeedCommand(MySQLResult(resultSets: []))
            case .awaitingResponse:
                switch header {
                case 0x00:
                    let ok = try OKPacket.decode(from: &payload, capabilities: capabilities)
                    command.current = MySQLResultSet(affectedRows: ok.affectedRows, lastInsertID: ok.lastInsertID, warnings: ok.warnings, status: ok.status)
                    return endOfStatement(status: ok.status, session: session, command: command)
                case 0xFB:
                    throw MySQLError(.protocolViolation, "server asked for a LOCAL INFILE upload, which this client never allows")
                default:
                    guard let count = payload.readMySQLLengthEncodedInteger(), count > 0, count <= 4096 else {
                        throw MySQLError(.protocolViolation, "malformed column count in a result set")
                    }
                    command.current = MySQLResultSet()
                    command.current.columns.reserveCapacity(Int(count))
                    command.phase = .columns(expected: Int(count))
                }
            case .columns(let expected):
                command.current.columns.append(try MySQLColumn.decode(from: &payload))
                if command.current.columns.count == expected {
                    command.phase = capabilities.contains(.deprecateEOF) ? .rows : .columnsEOF
                }
            case .columnsEOF:
                guard EOFPacket.isEOF(payload) else {
                    throw MySQLError(.protocolViolation, "expected an EOF packet after the column definitions")
                }
                command.phase = .rows
            case .rows:
                if header == 0xFE && payload.readableBytes < MySQLPacket.maxFragmentLength {
                    let status: MySQLServerStatus
                    if capabilities.contains(.deprecateEOF) {
                        let ok = try OKPacket.decode(from: &payload, capabilities: capabilities)
                        status = ok.status
                        command.current.warnings = ok.warnings
                        command.current.affectedRows = ok.affectedRows
                    } else {
                        guard EOFPacket.isEOF(payload) else {
                            throw MySQLError(.protocolViolation, "malformed EOF packet after the rows")
                        }
                        let eof = try EOFPacket.decode(from: &payload)
                        status = eof.status
                        command.current.warnings = eof.warnings
                    }
                    command.current.status = status
                    return endOfStatement(status: status, session: session, command: command)
                }
                command.current.rows.append(try MySQLRow.decode(from: &payload, columnCount: command.current.columns.count))
            }
            state = .executing(session, command)
            return .wait
        } catch {
            return failAndClose(error)
        }
    }

    private mutating func endOfStatement(status: MySQLServerStatus, session: Session, command: CommandContext) -> Action {
        var session = session
        var command = command
        session.status = status
        command.finished.append(command.current)
        command.current = MySQLResultSet()
        if status.contains(.moreResultsExist) {
            command.phase = .awaitingResponse
            state = .executing(session, command)
            return .wait
        }
        state = .ready(session)
        return .succeedCommand(MySQLResult(resultSets: command.finished))
    }

    // MARK: - Closing and failures

    /// The user asks to close: say goodbye when idle, else fail what runs.
    mutating func closeRequested() -> Action {
        switch state {
        case .ready:
            state = .closing
            var payload = ByteBuffer()
            payload.writeInteger(UInt8(0x01))
            return .writeQuitAndClose(MySQLPacket(sequenceID: 0, payload: payload))
        case .closing, .closed:
            return .wait
        case .initialized:
            state = .closed
            return .close
        default:
            return failAndClose(MySQLError(.connection, "the connection was closed while a command or the handshake was running"))
        }
    }

    /// The read timer fired while waiting for the server.
    mutating func readTimeout() -> Action {
        switch state {
        case .executing, .modifying:
            return failAndClose(MySQLError(.timeout, "the server did not answer within the read timeout; the connection was closed"))
        case .awaitingGreeting, .awaitingTLS, .authenticating, .initialized:
            return failAndClose(MySQLError(.timeout, "the server did not complete the handshake in time"))
        case .ready, .closing, .closed:
            return .wait
        }
    }

    /// An error was caught in the pipeline (I/O, TLS, bad frame).
    mutating func errorCaught(_ error: MySQLError) -> Action {
        switch state {
        case .closed, .closing:
            return .wait
        default:
            return failAndClose(error)
        }
    }

    /// The channel closed.
    mutating func channelInactive() -> Action {
        switch state {
        case .closed:
            return .wait
        case .closing, .ready:
            state = .closed
            return .close
        default:
            return failAndClose(MySQLError(.connection, "the server closed the connection"))
        }
    }

    private mutating func failAndClose(_ error: any Error) -> Action {
        state = .closed
        return .failAndClose(error as? MySQLError ?? MySQLError(.protocolViolation, "\(error)"))
    }
}
