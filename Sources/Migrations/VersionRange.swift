/// An inclusive range of versions, as written in `-- strata:replaces 001..017`; a single
/// version (`-- strata:replaces 005`) is a range whose bounds are equal.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    /// The first version of the range.
    public let lowerBound: Version
    /// The last version of the range (included).
    public let upperBound: Version

    /// Creates a range from `lowerBound` through `upperBound`.
    ///
    /// - Precondition: `lowerBound <= upperBound`.
    public init(_ lowerBound: Version, through upperBound: Version) {
        precondition(lowerBound <= upperBound, "VersionRange bounds out of order: \(lowerBound)..\(upperBound)")
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// A range holding one version.
    public init(_ version: Version) {
        self.lowerBound = version
        self.upperBound = version
    }

    /// Whether `version` is within the range, bounds included.
    public func contains(_ version: Version) -> Bool {
        lowerBound <= version && version <= upperBound
    }

    /// `"001..017"`, or `"005"` for a single version, with the versions as written.
    public var description: String {
        lowerBound == upperBound ? lowerBound.text : "\(lowerBound.text)..\(upperBound.text)"
    }
}
