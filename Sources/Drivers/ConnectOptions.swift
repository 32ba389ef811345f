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
    /// Where drivers log (debug level: each statement).
    public var logger: Logger = Logger(label: "strata.driver")

    public init(connectTimeout: Duration = .seconds(10), statementTimeout: Duration? = nil, logger: Logger = Logger(label: "strata.driver")) {
        self.connectTimeout = connectTimeout
        self.statementTimeout = statementTimeout
        self.logger = logger
    }
}
