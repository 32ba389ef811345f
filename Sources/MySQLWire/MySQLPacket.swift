import NIOCore

/// One logical MySQL packet: a payload and the sequence ids it travelled under.
///
/// On the wire a packet is a 3-byte little-endian payload length, a 1-byte sequence id
/// and the payload. A payload of 0xFFFFFF bytes or more is split into 0xFFFFFF-byte
/// fragments with consecutive sequence ids, ended by a shorter fragment (possibly empty);
/// this type stands for the joined payload.
public struct MySQLPacket: Sendable, Hashable {
    /// The largest payload one wire fragment carries.
    public static let maxFragmentLength = 0xFF_FFFF

    /// The sequence id of the first fragment.
    public var sequenceID: UInt8
    /// The sequence id of the last fragment (equal to ``sequenceID`` unless the payload
    /// was split).
    public var lastSequenceID: UInt8
    /// The joined payload.
    public var payload: ByteBuffer

    /// Creates a packet; `lastSequenceID` follows from the payload's length.
    public init(sequenceID: UInt8, payload: ByteBuffer) {
        self.sequenceID = sequenceID
        self.payload = payload
        let fragments = payload.readableBytes / Self.maxFragmentLength + 1
        self.lastSequenceID = sequenceID &+ UInt8(truncatingIfNeeded: fragments - 1)
    }

    init(sequenceID: UInt8, lastSequenceID: UInt8, payload: ByteBuffer) {
        self.sequenceID = sequenceID
        self.lastSequenceID = lastSequenceID
        self.payload = payload
    }

    /// The first payload byte (the packet's header byte), if any.
    public var headerByte: UInt8? {
        payload.getInteger(at: payload.readerIndex, as: UInt8.self)
    }

    // MARK: - Framing

    /// Reads one complete packet (all of its fragments) from `buffer`.
    ///
    /// - Returns: nil, with the reader index untouched, when the buffer does not yet hold
    ///   every fragment.
    public static func decode(from buffer: inout ByteBuffer) throws -> MySQLPacket? {
        // First pass: check that every fragment is there, without moving the reader index.
        var offset = buffer.readerIndex
        var total = 0
        var fragments = 0
        while true {
            guard let lo = buffer.getInteger(at: offset, endianness: .little, as: UInt16.self),
                  let hi = buffer.getInteger(at: offset + 2, as: UInt8.self),
                  buffer.getInteger(at: offset + 3, as: UInt8.self) != nil else { return nil }
            let length = Int(lo) | Int(hi) << 16
            guard buffer.writerIndex - (offset + 4) >= length else { return nil }
            offset += 4 + length
            total += length
            fragments += 1
            if length < maxFragmentLength { break }
        }
        guard let firstSequence = buffer.getInteger(at: buffer.readerIndex + 3, as: UInt8.self) else { return nil }
        if fragments == 1 {
            buffer.moveReaderIndex(forwardBy: 4)
            guard let payload = buffer.readSlice(length: total) else { return nil }
            return MySQLPacket(sequenceID: firstSequence, lastSequenceID: firstSequence, payload: payload)
        }
        // Second pass: join the fragments, checking that sequence ids are consecutive.
        var payload = ByteBufferAllocator().buffer(capacity: total)
        var expected = firstSequence
        var last = firstSequence
        for _ in 0..<fragments {
            guard let lo = buffer.readInteger(endianness: .little, as: UInt16.self),
                  let hi = buffer.readInteger(as: UInt8.self),
                  let sequence = buffer.readInteger(as: UInt8.self) else { return nil }
            guard sequence == expected else {
                throw MySQLError(.protocolViolation, "fragment of a split packet has sequence id \(sequence), expected \(expected)")
            }
            let length = Int(lo) | Int(hi) << 16
            guard var fragment = buffer.readSlice(length: length) else { return nil }
            payload.writeBuffer(&fragment)
            last = sequence
            expected = sequence &+ 1
        }
        return MySQLPacket(sequenceID: firstSequence, lastSequenceID: last, payload: payload)
    }

    /// Writes the packet as wire fragments, splitting a payload of 0xFFFFFF bytes or more.
    public func encode(into buffer: inout ByteBuffer) {
        var payload = self.payload
        var sequence = sequenceID
        while true {
            let length = min(payload.readableBytes, Self.maxFragmentLength)
            buffer.writeInteger(UInt16(length & 0xFFFF), endianness: .little)
            buffer.writeInteger(UInt8(length >> 16))
            buffer.writeInteger(sequence)
            if var fragment = payload.readSlice(length: length) {
                buffer.writeBuffer(&fragment)
            }
            sequence &+= 1
            if length < Self.maxFragmentLength { break }
        }
    }
}
