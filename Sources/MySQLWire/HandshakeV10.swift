import NIOCore

/// The server's greeting (Protocol::HandshakeV10), the first packet of a session.
struct HandshakeV10: Sendable, Hashable {
    /// The version string, e.g. `8.0.36` or MariaDB's `5.5.5-10.11.6-MariaDB`.
    var serverVersion: String
    /// The server's id for this session (the id `KILL` takes).
    var connectionID: UInt32
    /// The authentication nonce (usually 20 bytes), without a trailing NUL.
    var nonce: [UInt8]
    /// The server's capability flags, with MariaDB's extended ones in the high 32 bits.
    var capabilities: MySQLCapabilities
    /// The server's default collation id.
    var characterSet: UInt8
    /// The server status flags.
    var status: MySQLServerStatus
    /// The default authentication plugin, e.g. `mysql_native_password`.
    var authPluginName: String

    /// Decodes the payload of a greeting packet.
    ///
    /// - Throws: ``MySQLError`` (`.protocolViolation`) when the payload is not a v10
    ///   handshake or is truncated.
    static func decode(from buffer: inout ByteBuffer) throws -> HandshakeV10 {
        func truncated(_ field: String) -> MySQLError {
            MySQLError(.protocolViolation, "server greeting is truncated at \(field)")
        }
        guard let version = buffer.readInteger(as: UInt8.self) else { throw truncated("protocol version") }
        guard version == 10 else {
            throw MySQLError(.protocolViolation, "server greeting has protocol version \(version); only version 10 (MySQL 4.1 and later) is supported")
        }
        guard let serverVersion = buffer.readMySQLNullTerminatedString() else { throw truncated("server version") }
        guard let connectionID = buffer.readInteger(endianness: .little, as: UInt32.self) else { throw truncated("connection id") }
        guard let part1 = buffer.readBytes(length: 8), buffer.readInteger(as: UInt8.self) != nil else {
            throw truncated("auth-plugin-data-part-1")
        }
        guard let capsLow = buffer.readInteger(endianness: .little, as: UInt16.self) else { throw truncated("capability flags") }
        var capabilities = MySQLCapabilities(rawValue: UInt64(capsLow))
        var characterSet: UInt8 = 0
        var status = MySQLServerStatus()
        var nonce = part1
        var pluginName = "mysql_native_password"
        if buffer.readableBytes > 0 {
            guard let cs = buffer.readInteger(as: UInt8.self),
                  let st = buffer.readInteger(endianness: .little, as: UInt16.self),
                  let capsHigh = buffer.readInteger(endianness: .little, as: UInt16.self),
                  let authDataLength = buffer.readInteger(as: UInt8.self),
                  buffer.readBytes(length: 6) != nil,
                  let extended = buffer.readInteger(endianness: .little, as: UInt32.self)
            else { throw truncated("status and capability flags") }
            characterSet = cs
            status = MySQLServerStatus(rawValue: st)
            capabilities.rawValue |= UInt64(capsHigh) << 16
            // MariaDB clears CLIENT_MYSQL (bit 0) and puts extended capabilities in the
            // last 4 reserved bytes.
            if !capabilities.contains(.longPassword) {
                capabilities.rawValue |= UInt64(extended) << 32
            }
            if capabilities.contains(.secureConnection) {
                let length = min(max(13, Int(authDataLength) - 8), buffer.readableBytes)
                guard let part2 = buffer.readBytes(length: length) else { throw truncated("auth-plugin-data-part-2") }
                nonce += part2
                if nonce.last == 0 { nonce.removeLast() }
            }
            if capabilities.contains(.pluginAuth) {
                // Some servers omit the terminating NUL: then the name runs to the end.
                pluginName = buffer.readMySQLNullTerminatedString() ?? buffer.readMySQLRestAsString()
            }
        }
        return HandshakeV10(
            serverVersion: serverVersion, connectionID: connectionID, nonce: nonce,
            capabilities: capabilities, characterSet: characterSet, status: status,
            authPluginName: pluginName
        )
    }

    /// True when the server is MariaDB.
    var isMariaDB: Bool { serverVersion.contains("MariaDB") }

    /// The version without MariaDB's `5.5.5-` compatibility prefix.
    var displayVersion: String {
        serverVersion.hasPrefix("5.5.5-") ? String(serverVersion.dropFirst(6)) : serverVersion
    }
}
