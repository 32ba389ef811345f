import NIOCore

/// The server's error answer (ERR_Packet), header 0xFF.
struct ERRPacket: Sendable, Hashable {
    /// The server's error number.
    var errorCode: UInt16
    /// The SQLSTATE, when the server sent one (after a `#` marker).
    var sqlState: String?
    var message: String

    /// Decodes an ERR payload, header byte included.
    ///
    /// The SQLSTATE marker is optional: errors sent before capabilities are agreed on
    /// (e.g. "Too many connections") have none.
    /// - Throws: ``MySQLError`` (`.protocolViolation`) when the payload is truncated.
    static func decode(from buffer: inout ByteBuffer) throws -> ERRPacket {
        guard buffer.readInteger(as: UInt8.self) == 0xFF,
              let code = buffer.readInteger(endianness: .little, as: UInt16.self) else {
            throw MySQLError(.protocolViolation, "ERR packet is truncated")
        }
        var sqlState: String?
        if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == UInt8(ascii: "#"),
           buffer.readableBytes >= 6 {
            buffer.moveReaderIndex(forwardBy: 1)
            sqlState = buffer.readString(length: 5)
        }
        return ERRPacket(errorCode: code, sqlState: sqlState, message: buffer.readMySQLRestAsString())
    }

    /// The error as a ``MySQLError`` of the given code.
    func error(_ code: MySQLError.Code = .server) -> MySQLError {
        MySQLError(code, message, serverCode: errorCode, sqlState: sqlState)
    }
}
