import NIOCore

/// The client's answer to the greeting (Protocol::HandshakeResponse41), and its first
/// 32 bytes alone as the SSLRequest packet.
struct HandshakeResponse41: Sendable, Hashable {
    /// The flags the client uses (already intersected with the server's).
    var capabilities: MySQLCapabilities
    /// The largest packet the client will send.
    var maxPacketSize: UInt32 = 1 << 30
    /// The connection collation: 45 is utf8mb4_general_ci.
    var characterSet: UInt8 = 45
    var username: String
    /// The authentication plugin's answer to the nonce.
    var authResponse: [UInt8]
    /// The initial database, if any (sent only with `CLIENT_CONNECT_WITH_DB`).
    var database: String?
    /// The plugin that computed ``authResponse``.
    var authPluginName: String

    /// Writes the fixed 32-byte prefix: flags, max packet size, character set, filler.
    /// Alone, with `CLIENT_SSL`, this is the SSLRequest packet.
    func encodePrefix(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(truncatingIfNeeded: capabilities.rawValue), endianness: .little)
        buffer.writeInteger(maxPacketSize, endianness: .little)
        buffer.writeInteger(characterSet)
        buffer.writeRepeatingByte(0, count: 19)
        // MariaDB reads its extended capabilities from the last 4 filler bytes.
        buffer.writeInteger(UInt32(truncatingIfNeeded: capabilities.rawValue >> 32), endianness: .little)
    }

    /// Writes the SSLRequest packet's payload.
    func encodeSSLRequest(into buffer: inout ByteBuffer) {
        encodePrefix(into: &buffer)
    }

    /// Writes the whole handshake response payload.
    func encode(into buffer: inout ByteBuffer) {
        encodePrefix(into: &buffer)
        buffer.writeMySQLNullTerminatedString(username)
        if capabilities.contains(.pluginAuthLengthEncodedData) {
            buffer.writeMySQLLengthEncodedBytes(authResponse)
        } else {
            buffer.writeInteger(UInt8(truncatingIfNeeded: authResponse.count))
            buffer.writeBytes(authResponse)
        }
        if capabilities.contains(.connectWithDB) {
            buffer.writeMySQLNullTerminatedString(database ?? "")
        }
        if capabilities.contains(.pluginAuth) {
            buffer.writeMySQLNullTerminatedString(authPluginName)
        }
    }
}
