import NIOCore

/// The legacy end-of-section marker (EOF_Packet), header 0xFE, payload shorter than 9
/// bytes; used when `CLIENT_DEPRECATE_EOF` is not agreed on.
struct EOFPacket: Sendable, Hashable {
    var warnings: UInt16
    var status: MySQLServerStatus

    /// True when a packet starting with 0xFE is an EOF packet (rather than a row whose
    /// first value has a 9-byte length prefix).
    static func isEOF(_ payload: ByteBuffer) -> Bool {
        payload.getInteger(at: payload.readerIndex, as: UInt8.self) == 0xFE && payload.readableBytes < 9
    }

    /// Decodes an EOF payload, header byte included.
    ///
    /// - Throws: ``MySQLError`` (`.protocolViolation`) when it is not an EOF packet.
    static func decode(from buffer: inout ByteBuffer) throws -> EOFPacket {
        guard buffer.readInteger(as: UInt8.self) == 0xFE else {
            throw MySQLError(.protocolViolation, "expected an EOF packet")
        }
        // A 4.0-style EOF is the lone header byte.
        let warnings = buffer.readInteger(endianness: .little, as: UInt16.self) ?? 0
        let status = buffer.readInteger(endianness: .little, as: UInt16.self) ?? 0
        return EOFPacket(warnings: warnings, status: MySQLServerStatus(rawValue: status))
    }
}
