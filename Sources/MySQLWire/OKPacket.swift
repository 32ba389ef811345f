import NIOCore

/// The server's success answer (OK_Packet), header 0x00, or 0xFE when it ends a result
/// set under `CLIENT_DEPRECATE_EOF`.
struct OKPacket: Sendable, Hashable {
    var affectedRows: UInt64
    var lastInsertID: UInt64
    var status: MySQLServerStatus
    var warnings: UInt16
    /// The human-readable info text (e.g. "Rows matched: 1  Changed: 1  Warnings: 0").
    var info: String

    /// Decodes an OK payload, header byte included.
    ///
    /// - Throws: ``MySQLError`` (`.protocolViolation`) when the payload is truncated.
    static func decode(from buffer: inout ByteBuffer, capabilities: MySQLCapabilities) throws -> OKPacket {
        guard let header = buffer.readInteger(as: UInt8.self), header == 0x00 || header == 0xFE else {
            throw MySQLError(.protocolViolation, "expected an OK packet")
        }
        guard let affected = buffer.readMySQLLengthEncodedInteger(),
              let lastID = buffer.readMySQLLengthEncodedInteger() else {
            throw MySQLError(.protocolViolation, "OK packet is truncated")
        }
        var status = MySQLServerStatus()
        var warnings: UInt16 = 0
        if capabilities.contains(.protocol41) {
            guard let s = buffer.readInteger(endianness: .little, as: UInt16.self),
                  let w = buffer.readInteger(endianness: .little, as: UInt16.self) else {
                throw MySQLError(.protocolViolation, "OK packet is truncated at its status flags")
            }
            status = MySQLServerStatus(rawValue: s)
            warnings = w
        } else if capabilities.contains(.transactions) {
            guard let s = buffer.readInteger(endianness: .little, as: UInt16.self) else {
                throw MySQLError(.protocolViolation, "OK packet is truncated at its status flags")
            }
            status = MySQLServerStatus(rawValue: s)
        }
        let info: String
        if capabilities.contains(.sessionTrack) {
            info = buffer.readMySQLLengthEncodedString() ?? ""
        } else {
            info = buffer.readMySQLRestAsString()
        }
        return OKPacket(affectedRows: affected, lastInsertID: lastID, status: status, warnings: warnings, info: info)
    }
}
