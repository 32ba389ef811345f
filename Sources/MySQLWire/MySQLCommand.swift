/// A command the client sends once the session is open.
enum MySQLCommand: Sendable, Hashable {
    /// COM_QUERY with `?` placeholders filled in from the binds.
    case query(String, [MySQLBind])
    /// One COM_QUERY of several statements, each rendered with its own binds (one without
    /// binds is sent as written), joined by `;`.
    case batch([MySQLStatement])
    /// COM_PING.
    case ping
}
