import NIOCore

/// The server asks the client to authenticate with another plugin
/// (Protocol::AuthSwitchRequest), header 0xFE.
struct AuthSwitchRequest: Sendable, Hashable {
    /// The plugin to use, e.g. `mysql_native_password`.
    var pluginName: String
    /// The plugin's data: for the scramble-based plugins a new 20-byte nonce (the
    /// trailing NUL removed).
    var pluginData: [UInt8]

    /// Decodes an auth-switch payload, header byte included.
    ///
    /// - Throws: ``MySQLError`` (`.authentication`) for the pre-4.1 "old password"
    ///   request, which has no plugin name; `.protocolViolation` when truncated.
    static func decode(from buffer: inout ByteBuffer) throws -> AuthSwitchRequest {
        guard buffer.readInteger(as: UInt8.self) == 0xFE else {
            throw MySQLError(.protocolViolation, "expected an auth switch request")
        }
        guard buffer.readableBytes > 0 else {
            throw MySQLError(.authentication, "server asked for the pre-4.1 'mysql_old_password' authentication, which is not supported")
        }
        guard let name = buffer.readMySQLNullTerminatedString() else {
            throw MySQLError(.protocolViolation, "auth switch request has no terminated plugin name")
        }
        var data = buffer.readBytes(length: buffer.readableBytes) ?? []
        if data.last == 0 { data.removeLast() }
        return AuthSwitchRequest(pluginName: name, pluginData: data)
    }
}
