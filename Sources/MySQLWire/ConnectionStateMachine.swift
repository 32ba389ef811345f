import NIOCore

/// The protocol logic of one connection, with no I/O: events go in, ``Action``s come out.
///
/// The channel handler feeds it what happened on the wire (channel active, a packet, TLS
/// established, the channel closed, a timer fired) and what the user asked for (a command,
/// close), and carries out the action it returns. The handshake is an
/// ``AuthenticationStateMachine`` (capabilities, TLS, authentication answers), each command
/// a ``CommandStateMachine`` (sequence ids, result sets); this machine runs them in turn
/// and owns what spans them: the session, closing, timeouts and failures.
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
    struct Configuration: Sendable, Equatable {
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

    /// An open session.
    struct Session: Equatable {
        var info: MySQLServerInfo
        var status: MySQLServerStatus
    }

    enum State: Equatable {
        case initialized
        /// From the TCP connection to the OK that opens the session.
        case authenticating(AuthenticationStateMachine)
        case ready(Session)
        case executing(Session, CommandStateMachine)
        /// Only while a packet of a running command is handled: the command's machine has
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
        state = .authenticating(AuthenticationStateMachine(configuration: configuration))
        return .wait
    }

    /// The greeting arrived: choose capabilities, TLS and the first authentication answer.
    mutating func greetingReceived(_ greeting: HandshakeV10) -> Action {
        guard case .authenticating(var authentication) = state else {
            return failAndClose(MySQLError(.protocolViolation, "unexpected server greeting"))
        }
        return perform(authentication.greetingReceived(greeting), authentication)
    }

    /// TLS is set up on the channel: send the handshake response over it.
    mutating func tlsEstablished() -> Action {
        guard case .authenticating(var authentication) = state else {
            return failAndClose(MySQLError(.protocolViolation, "TLS established at an unexpected time"))
        }
        return perform(authentication.tlsEstablished(), authentication)
    }

    /// A packet arrived; what it means depends on the state.
    mutating func packetReceived(_ packet: MySQLPacket) -> Action {
        switch state {
        case .initialized:
            // The greeting came before channelActive was reported.
            var authentication = AuthenticationStateMachine(configuration: configuration)
            return perform(authentication.packetReceived(packet), authentication)
        case .authenticating(var authentication):
            return perform(authentication.packetReceived(packet), authentication)
        case .ready:
            // The server speaks unasked only to say goodbye (shutdown, idle timeout, KILL).
            var payload = packet.payload
            if packet.headerByte == 0xFF, let err = try? ERRPacket.decode(from: &payload) {
                return failAndClose(MySQLError(.connection, "server closed the session: \(err.message)", serverCode: err.errorCode, sqlState: err.sqlState))
            }
            return failAndClose(MySQLError(.protocolViolation, "server sent a packet while no command was running"))
        case .executing(let session, var command):
            state = .modifying
            let action = command.packetReceived(packet)
            return perform(action, session: session, command: command)
        case .modifying:
            return failAndClose(MySQLError(.protocolViolation, "packet received while the previous one was being handled"))
        case .closing, .closed:
            return .wait
        }
    }

    /// Carries out what the handshake asked for.
    private mutating func perform(_ action: AuthenticationStateMachine.Action, _ authentication: AuthenticationStateMachine) -> Action {
        switch action {
        case .wait:
            state = .authenticating(authentication)
            return .wait
        case .write(let packet):
            state = .authenticating(authentication)
            return .write(packet)
        case .writeSSLRequestAndStartTLS(let packet):
            state = .authenticating(authentication)
            return .writeSSLRequestAndStartTLS(packet)
        case .authenticated(let info, let status):
            state = .ready(Session(info: info, status: status))
            return .connected(info)
        case .fail(let error):
            return failAndClose(error)
        }
    }

    // MARK: - Commands

    /// The user asks to run a command; the session must be ready (the handler queues).
    mutating func sendCommand(_ command: MySQLCommand) -> Action {
        guard case .ready(let session) = state else {
            return .failCommand(MySQLError(.usage, "the connection is not ready for a command"))
        }
        var machine = CommandStateMachine(capabilities: session.info.capabilities, status: session.status)
        let action = machine.send(command)
        return perform(action, session: session, command: machine)
    }

    /// Carries out what the running command asked for.
    private mutating func perform(_ action: CommandStateMachine.Action, session: Session, command: consuming CommandStateMachine) -> Action {
        var session = session
        switch action {
        case .wait:
            state = .executing(session, command)
            return .wait
        case .write(let packet):
            state = .executing(session, command)
            return .write(packet)
        case .succeed(let result, let status):
            session.status = status
            state = .ready(session)
            return .succeedCommand(result)
        case .fail(let error, let status):
            session.status = status
            state = .ready(session)
            return .failCommand(error)
        case .failAndClose(let error):
            return failAndClose(error)
        }
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
        case .authenticating, .initialized:
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
