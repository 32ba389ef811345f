import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// An open session with a MySQL or MariaDB server, speaking the client/server protocol
/// (4.1) over SwiftNIO.
///
/// Commands sent from several tasks at once run one after another, in order. Close the
/// connection when done; it sends COM_QUIT.
///
/// ```swift
/// let connection = try await MySQLConnection.connect(configuration: config)
/// let result = try await connection.query("SELECT id, name FROM users WHERE id = ?", [.int(1)])
/// try await connection.close()
/// ```
///
/// ## Topics
/// - ``connect(configuration:eventLoopGroup:logger:)``
/// - ``query(_:_:)``
/// - ``ping()``
/// - ``close()``
public final class MySQLConnection: Sendable {
    /// What the server said about itself.
    public let serverInfo: MySQLServerInfo
    private let channel: any Channel
    private let logger: Logger

    private init(channel: any Channel, serverInfo: MySQLServerInfo, logger: Logger) {
        self.channel = channel
        self.serverInfo = serverInfo
        self.logger = logger
    }

    // MARK: - Opening

    /// Opens a session: TCP connect, TLS if chosen, authentication.
    ///
    /// - Parameters:
    ///   - configuration: Server, credentials, TLS and timeouts.
    ///   - eventLoopGroup: Where the connection's I/O runs.
    ///   - logger: Where the client logs (debug level).
    /// - Throws: ``MySQLError``: `.connection` (unreachable, refused, closed), `.timeout`,
    ///   `.authentication`, `.tls`, `.protocolViolation`. Messages never contain the password.
    public static func connect(
        configuration: MySQLConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "mysql-wire")
    ) async throws -> MySQLConnection {
        let tlsContext = try makeTLSContext(configuration)
        let machineConfiguration = ConnectionStateMachine.Configuration(
            username: configuration.username, password: configuration.password,
            database: configuration.database,
            tls: configuration.tlsMode == .disable ? .disable : configuration.tlsMode == .prefer ? .prefer : .require
        )
        let serverHostname = isIPAddress(configuration.host) ? nil : configuration.host
        let readTimeout = configuration.readTimeout
        let eventLoop = eventLoopGroup.any()
        let connectPromise = eventLoop.makePromise(of: MySQLServerInfo.self)
        let started = NIODeadline.now()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = MySQLChannelHandler(
                        configuration: machineConfiguration, tlsContext: tlsContext,
                        serverHostname: serverHostname, readTimeout: readTimeout, connectPromise: connectPromise
                    )
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MySQLPacketDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        logger.debug("connecting", metadata: ["mysql.address": "\(configuration.address)"])
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            connectPromise.fail(MySQLError(.connection, "not connected"))
            throw connectError(error, configuration: configuration)
        }
        let remaining = configuration.connectTimeout - (NIODeadline.now() - started)
        let deadline = eventLoop.scheduleTask(in: max(remaining, .milliseconds(1))) {
            connectPromise.fail(MySQLError(.timeout, "the server did not complete the handshake within \(describe(configuration.connectTimeout))"))
            channel.close(promise: nil)
        }
        let info: MySQLServerInfo
        do {
            info = try await connectPromise.futureResult.get()
            deadline.cancel()
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            throw error
        }
        logger.debug("connected", metadata: ["mysql.server": "\(info)", "mysql.connection_id": "\(info.connectionID)", "mysql.tls": "\(info.tls)"])
        return MySQLConnection(channel: channel, serverInfo: info, logger: logger)
    }

    // MARK: - Commands

    /// Runs COM_QUERY: one statement, or several separated by `;`, and returns every
    /// result set.
    ///
    /// `?` placeholders outside strings, quoted identifiers and comments are replaced by
    /// the binds as escaped SQL literals (see ``MySQLBind``). The first failing statement
    /// throws; the server runs none after it.
    ///
    /// - Throws: ``MySQLError``: `.server` with errno and SQLSTATE for an ERR packet (the
    ///   connection stays usable); `.usage` for a bind mismatch; `.timeout`, `.connection`,
    ///   `.protocolViolation` (the connection is then closed).
    public func query(_ sql: String, _ binds: [MySQLBind] = []) async throws -> MySQLResult {
        logger.debug("query", metadata: ["mysql.sql": "\(sql.prefix(500))"])
        return try await send(.query(sql, binds))
    }

    /// Runs several statements as one COM_QUERY, each rendered with its own binds (one
    /// without binds is sent as written, `?` and all), and returns every result set.
    ///
    /// One round trip; the server stops at the first failing statement.
    ///
    /// - Throws: ``MySQLError`` as ``query(_:_:)``; for a server error,
    ///   ``MySQLError/completedResults`` tells how many results came before it.
    public func query(batch: [MySQLStatement]) async throws -> MySQLResult {
        logger.debug("query", metadata: ["mysql.statements": "\(batch.count)"])
        return try await send(.batch(batch))
    }

    /// Sends COM_PING.
    ///
    /// - Throws: ``MySQLError`` when the server does not answer OK.
    public func ping() async throws {
        _ = try await send(.ping)
    }

    private func send(_ command: MySQLCommand) async throws -> MySQLResult {
        let promise = channel.eventLoop.makePromise(of: MySQLResult.self)
        channel.writeAndFlush(MySQLRequest(command: command, promise: promise)).whenFailure { _ in
            promise.fail(MySQLError(.connection, "the connection is closed"))
        }
        return try await promise.futureResult.get()
    }

    // MARK: - Closing

    /// Whether the connection is still open.
    public var isOpen: Bool { channel.isActive }

    /// Sends COM_QUIT and closes the connection. Closing a closed connection does nothing.
    ///
    /// - Throws: ``MySQLError`` (`.connection`) when closing the socket fails.
    public func close() async throws {
        do {
            try await channel.close()
        } catch ChannelError.alreadyClosed {
            return
        } catch NIOSSLError.uncleanShutdown {
            // Servers drop the TCP connection after COM_QUIT without a TLS close_notify.
            return
        } catch {
            throw MySQLError(.connection, "closing the connection failed: \(error)")
        }
    }

    // MARK: - Helpers

    private static func makeTLSContext(_ configuration: MySQLConfiguration) throws -> NIOSSLContext? {
        guard configuration.tlsMode != .disable else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.tlsMode {
        case .disable, .prefer, .require:
            tls.certificateVerification = .none
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        if let caFile = configuration.tlsCAFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw MySQLError(.tls, "cannot read the CA certificate file '\(caFile)': \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw MySQLError(.tls, "cannot set up TLS: \(error)")
        }
    }

    private static func connectError(_ error: any Error, configuration: MySQLConfiguration) -> MySQLError {
        if let e = error as? MySQLError { return e }
        if case ChannelError.connectTimeout = error {
            return MySQLError(.timeout, "connecting timed out after \(describe(configuration.connectTimeout))")
        }
        var underlying: any Error = error
        if let e = error as? NIOConnectionError, let first = e.connectionErrors.first {
            underlying = first.error
        } else if let e = error as? NIOConnectionError, e.dnsAAAAError != nil || e.dnsAError != nil {
            return MySQLError(.connection, "cannot resolve host name '\(configuration.host)'")
        }
        if let io = underlying as? IOError {
            switch io.errnoCode {
            case 111: return MySQLError(.connection, "connection refused (is the server running and listening on this port?)")
            case 110: return MySQLError(.timeout, "connecting timed out")
            case 113, 101: return MySQLError(.connection, "host unreachable")
            default: return MySQLError(.connection, "cannot connect: \(io.description)")
            }
        }
        if case ChannelError.connectTimeout = underlying {
            return MySQLError(.timeout, "connecting timed out after \(describe(configuration.connectTimeout))")
        }
        return MySQLError(.connection, "cannot connect: \(underlying)")
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}

/// "10 s", "250 ms".
func describe(_ amount: TimeAmount) -> String {
    let ms = amount.nanoseconds / 1_000_000
    return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
}
