import NIOCore
import NIOSSL

/// A command with the promise its result completes.
struct MySQLRequest: Sendable {
    var command: MySQLCommand
    var promise: EventLoopPromise<MySQLResult>
}

/// The NIO handler of one connection: feeds events to the ``ConnectionStateMachine`` and
/// carries out the actions it returns. It holds no protocol logic of its own.
final class MySQLChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = MySQLPacket
    typealias OutboundIn = MySQLRequest
    typealias OutboundOut = ByteBuffer

    private var machine: ConnectionStateMachine
    private var connectPromise: EventLoopPromise<MySQLServerInfo>?
    private var queue = CircularBuffer<MySQLRequest>()
    private var running: MySQLRequest?
    private let tlsContext: NIOSSLContext?
    private let serverHostname: String?
    private let readTimeout: TimeAmount?
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(
        configuration: ConnectionStateMachine.Configuration, tlsContext: NIOSSLContext?,
        serverHostname: String?, readTimeout: TimeAmount?, connectPromise: EventLoopPromise<MySQLServerInfo>
    ) {
        self.machine = ConnectionStateMachine(configuration: configuration)
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        self.readTimeout = readTimeout
        self.connectPromise = connectPromise
    }

    // MARK: - Events in

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive {
            perform(machine.channelActive(), context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        perform(machine.channelActive(), context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let packet = unwrapInboundIn(data)
        if running != nil { armTimer(context: context) }
        perform(machine.packetReceived(packet), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let mysqlError: MySQLError
        switch error {
        case let e as MySQLError: mysqlError = e
        case let e as NIOSSLError: mysqlError = MySQLError(.tls, "TLS failed: \(e)")
        case let e as BoringSSLError: mysqlError = MySQLError(.tls, "TLS failed: \(e)")
        default: mysqlError = MySQLError(.connection, "connection failed: \(error)")
        }
        perform(machine.errorCaught(mysqlError), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        perform(machine.channelInactive(), context: context)
        context.fireChannelInactive()
    }

    // MARK: - Requests in

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        switch machine.state {
        case .closing, .closed:
            request.promise.fail(MySQLError(.connection, "the connection is closed"))
        default:
            queue.append(request)
            runNext(context: context)
        }
        promise?.succeed(())
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        perform(machine.closeRequested(), context: context, closePromise: promise)
    }

    // MARK: - Actions out

    private func runNext(context: ChannelHandlerContext) {
        while running == nil, machine.isReady, let next = queue.popFirst() {
            running = next
            armTimer(context: context)
            perform(machine.sendCommand(next.command), context: context)
        }
    }

    private func perform(_ action: ConnectionStateMachine.Action, context: ChannelHandlerContext, closePromise: EventLoopPromise<Void>? = nil) {
        switch action {
        case .wait:
            closePromise?.succeed(())
        case .write(let packet):
            var buffer = context.channel.allocator.buffer(capacity: packet.payload.readableBytes + 4)
            packet.encode(into: &buffer)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        case .writeSSLRequestAndStartTLS(let packet):
            var buffer = context.channel.allocator.buffer(capacity: 36)
            packet.encode(into: &buffer)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            do {
                guard let tlsContext else {
                    throw MySQLError(.tls, "TLS was chosen but no TLS context exists")
                }
                let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                perform(machine.errorCaught(error as? MySQLError ?? MySQLError(.tls, "cannot start TLS: \(error)")), context: context)
                return
            }
            // NIOSSL holds writes until its handshake is done and fails the channel if the
            // handshake fails, so the handshake response can be written now.
            perform(machine.tlsEstablished(), context: context)
        case .connected(let info):
            connectPromise?.succeed(info)
            connectPromise = nil
            runNext(context: context)
        case .succeedCommand(let result):
            cancelTimer()
            let request = running
            running = nil
            request?.promise.succeed(result)
            runNext(context: context)
        case .failCommand(let error):
            cancelTimer()
            let request = running
            running = nil
            request?.promise.fail(error)
            runNext(context: context)
        case .failAndClose(let error):
            cancelTimer()
            failEverything(error)
            context.close(promise: closePromise)
        case .writeQuitAndClose(let packet):
            var buffer = context.channel.allocator.buffer(capacity: 5)
            packet.encode(into: &buffer)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            failEverything(MySQLError(.connection, "the connection was closed"))
            context.close(promise: closePromise)
        case .close:
            cancelTimer()
            failEverything(MySQLError(.connection, "the connection was closed"))
            if context.channel.isActive {
                context.close(promise: closePromise)
            } else {
                closePromise?.succeed(())
            }
        }
    }

    private func failEverything(_ error: MySQLError) {
        connectPromise?.fail(error)
        connectPromise = nil
        let request = running
        running = nil
        request?.promise.fail(error)
        while let next = queue.popFirst() {
            next.promise.fail(error)
        }
    }

    // MARK: - Read timeout

    private func armTimer(context: ChannelHandlerContext) {
        guard let readTimeout else { return }
        timer?.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: readTimeout) {
            bound.value.timerFired()
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private func timerFired() {
        timer = nil
        guard let context else { return }
        perform(machine.readTimeout(), context: context)
    }
}
