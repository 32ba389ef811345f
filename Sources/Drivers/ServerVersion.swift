/// A server's version as numbers, for comparisons: `server.version >= ServerVersion(8, 0, 13)`.
///
/// Engines that number their releases with two parts (PostgreSQL 10 and later: 15.8) have
/// ``patch`` 0.
///
/// ## Topics
/// - ``init(_:_:_:)``
/// - ``init(parsing:)``
/// - ``major``
/// - ``minor``
/// - ``patch``
public struct ServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version: 15 for PostgreSQL 15.8, 10 for MariaDB 10.11.6.
    public var major: Int
    /// The minor version: 8 for PostgreSQL 15.8, 11 for MariaDB 10.11.6.
    public var minor: Int
    /// The patch version: 6 for MariaDB 10.11.6; 0 when the engine numbers with two parts.
    public var patch: Int

    /// Creates a version from its numbers.
    public init(_ major: Int, _ minor: Int = 0, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Reads the numbers at the start of a version string, ignoring what follows them:
    /// `15.8 (Debian 15.8-1.pgdg120+1)` → 15.8.0, `16beta1` → 16.0.0,
    /// `8.0.36-0ubuntu0.22.04.1` → 8.0.36, `3.46.0` → 3.46.0.
    ///
    /// MySQL handshake strings are better read by ``ServerInfo/init(mysqlVersion:)``,
    /// which knows MariaDB's `5.5.5-` prefix.
    ///
    /// - Returns: nil when the string does not start with a number.
    public init?(parsing text: some StringProtocol) {
        var numbers: [Int] = []
        var current: Int?
        for c in text.unicodeScalars {
            if ("0"..."9").contains(c) {
                let digit = Int(c.value) - 48
                let (times10, overflow1) = (current ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                current = sum
            } else if c == ".", let value = current, numbers.count < 2 {
                numbers.append(value)
                current = nil
            } else {
                break
            }
        }
        if let current { numbers.append(current) }
        guard let major = numbers.first else { return nil }
        self.init(major, numbers.count > 1 ? numbers[1] : 0, numbers.count > 2 ? numbers[2] : 0)
    }

    /// Orders by major, then minor, then patch.
    public static func < (lhs: ServerVersion, rhs: ServerVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    /// `major.minor.patch`: "15.8.0", "10.11.6".
    public var description: String { "\(major).\(minor).\(patch)" }
}
