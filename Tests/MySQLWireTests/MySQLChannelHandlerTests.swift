import NIOCore
import NIOEmbedded
import Testing
@testable import MySQLWire

/// The handler on an EmbeddedChannel: wire bytes in, wire bytes out, no socket.
@Suite struct MySQLChannelHandlerTests {
    static func wire(_ seq: UInt8, _ payload: ByteBuffer) -> ByteBuffer {
        var b = ByteBuffer()
        MySQLPacket(sequenceID: seq, payload: payload).encode(into: &b)
        return b
    }

    static func readPacket(_ channel: EmbeddedChannel) throws -> MySQLPacket? {
        guard var out = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
        return try MySQLPacket.decode(from: &out)
    }

    static func connectedChannel(readTimeout: TimeAmount? = nil) async throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let promise = channel.eventLoop.makePromise(of: MySQLServerInfo.self)
        let handler = MySQLChannelHandler(
            configuration: .init(username: "root", password: "secret", database: nil, tls: .prefer),
            tlsContext: nil, serverHostname: nil, readTimeout: readTimeout, connectPromise: promise
        )
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MySQLPacketDecoder()))
        try channel.pipeline.syncOperations.addHandler(handler)
        channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 3306), promise: nil)
        try channel.writeInbound(wire(0, Fixture.mysql8Greeting(plugin: "mysql_native_password", ssl: false)))
        let response = try #require(try readPacket(channel))
        #expect(response.sequenceID == 1)
        try channel.writeInbound(wire(2, Fixture.ok()))
        let info = try await promise.futureResult.get()
        #expect(info.connectionID == 42)
        return channel
    }

    @Test func handshakeThenQuery() async throws {
        let channel = try await Self.connectedChannel()
        let promise = channel.eventLoop.makePromise(of: MySQLResult.self)
        channel.writeAndFlush(MySQLRequest(command: .query("SELECT ?", [.text("x")]), promise: promise), promise: nil)
        let sent = try #require(try Self.readPacket(channel))
        #expect(String(buffer: sent.payload) == "\u{03}SELECT 'x'")
        // The whole result arrives one byte at a time.
        var stream = Self.wire(1, Fixture.lengthEncoded(1))
        stream.writeImmutableBuffer(Self.wire(2, Fixture.column("'x'", .varString)))
        stream.writeImmutableBuffer(Self.wire(3, Fixture.row(["x"])))
        stream.writeImmutableBuffer(Self.wire(4, Fixture.ok(header: 0xFE)))
        while let byte = stream.readSlice(length: 1) {
            try channel.writeInbound(byte)
        }
        let result = try await promise.futureResult.get()
        #expect(result.rows.first?.string(at: 0) == "x")
        _ = try? channel.finish()
    }

    @Test func commandsQueueAndRunInOrder() async throws {
        let channel = try await Self.connectedChannel()
        let first = channel.eventLoop.makePromise(of: MySQLResult.self)
        let second = channel.eventLoop.makePromise(of: MySQLResult.self)
        channel.writeAndFlush(MySQLRequest(command: .ping, promise: first), promise: nil)
        channel.writeAndFlush(MySQLRequest(command: .query("DO 1", []), promise: second), promise: nil)
        #expect(try Self.readPacket(channel)?.payload == ByteBuffer(hex: "0e"))
        #expect(try Self.readPacket(channel) == nil)  // the second waits for the first
        try channel.writeInbound(Self.wire(1, Fixture.ok()))
        _ = try await first.futureResult.get()
        #expect(String(buffer: try #require(try Self.readPacket(channel)).payload) == "\u{03}DO 1")
        try channel.writeInbound(Self.wire(1, Fixture.err(1064, "42000", "You have an error in your SQL syntax")))
        await #expect(throws: MySQLError.self) { try await second.futureResult.get() }
        _ = try? channel.finish()
    }

    @Test func readTimeoutFailsTheCommandAndCloses() async throws {
        let channel = try await Self.connectedChannel(readTimeout: .seconds(5))
        let promise = channel.eventLoop.makePromise(of: MySQLResult.self)
        channel.writeAndFlush(MySQLRequest(command: .query("SELECT SLEEP(100)", []), promise: promise), promise: nil)
        _ = try Self.readPacket(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        try channel.writeInbound(Self.wire(1, Fixture.lengthEncoded(1)))  // activity re-arms the timer
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        await #expect {
            try await promise.futureResult.get()
        } throws: { ($0 as? MySQLError)?.code == .timeout }
        #expect(!channel.isActive)
    }

    @Test func serverClosingMidQueryFailsTheCommand() async throws {
        let channel = try await Self.connectedChannel()
        let promise = channel.eventLoop.makePromise(of: MySQLResult.self)
        channel.writeAndFlush(MySQLRequest(command: .query("SELECT SLEEP(100)", []), promise: promise), promise: nil)
        channel.pipeline.fireChannelInactive()
        await #expect {
            try await promise.futureResult.get()
        } throws: { ($0 as? MySQLError)?.code == .connection }
    }

    @Test func closeSendsQuit() async throws {
        let channel = try await Self.connectedChannel()
        try await channel.close()
        #expect(try Self.readPacket(channel)?.payload == ByteBuffer(hex: "01"))
    }
}
