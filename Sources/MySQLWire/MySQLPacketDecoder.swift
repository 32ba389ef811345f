import NIOCore

/// Frames the inbound byte stream into ``MySQLPacket``s, joining split payloads.
public struct MySQLPacketDecoder: NIOSingleStepByteToMessageDecoder {
    /// The decoder yields whole packets.
    public typealias InboundOut = MySQLPacket

    /// Creates a decoder.
    public init() {}

    /// Decodes the next complete packet; nil until all of its fragments are there.
    public mutating func decode(buffer: inout ByteBuffer) throws -> MySQLPacket? {
        try MySQLPacket.decode(from: &buffer)
    }

    /// Decodes what is left when the stream ends.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> MySQLPacket? {
        try decode(buffer: &buffer)
    }
}
