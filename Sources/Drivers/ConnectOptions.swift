import Logging

/// Settings for opening a connection that are not part of the URL, or defaults that
/// URL parameters override.
public struct ConnectOptions: Sendable {
    /// How long to wait for the server to accept a session. URL `connect_timeout`
    /// (seconds) overrides it. Default 10 s.
    public var connectTimeout: Duration = .seconds(10)
    /// How long one statement may run before the server cancels it; nil for no limit.
    /// URL `statement_timeout` (milliseconds, or with a unit: `30s`, `5min`) overrides it.
    public var statementTimeout: Duration? = nil
    /// Where drivers log (debug level: each statement). Default: nowhere. Pass a logger of
    /// your own to see the drivers' messages; postgres-nio attaches metadata to every
    /// statement, which costs a bootstrapped `StreamLogHandler` a string per statement.
    public var logger: Logger = ConnectOptions.silentLogger

    /// A logger that drops everything: the default.
    public static let silentLogger = Logger(label: "strata.driver", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Creates options; each parameter as the property of the same name.
    public init(connectTimeout: Duration = .seconds(10), statementTimeout: Duration? = nil, logger: Logger = ConnectOptions.silentLogger) {
        self.connectTimeout = connectTimeout
        self.statementTimeout = statementTimeout
        self.logger = logger
    }
}
