/// A migration's version: the digits that start its file name, compared numerically.
///
/// A version keeps the text it was written with (``text``, e.g. `"001"`), for display and
/// for the history table, and compares by its canonical value: leading zeros do not count,
/// so `001` and `1` are the *same* version (two files with them are duplicates). Versions
/// of any length compare correctly (`20250101120000123456` is fine): digit strings are
/// compared by length, then lexically, never converted to integers.
///
/// Flyway versions may have several parts, separated by `.` or `_` (`V1.2__x.sql`,
/// `V1_2__x.sql`); parts compare one by one, and trailing zero parts do not count
/// (`1.0` == `1`, `1.2` < `1.10`).
///
/// ```swift
/// let target = Version("003")      // from `--to 003`
/// Version("1") == Version("001")   // true
/// Version("1.2")! < Version("1.10")!  // true
/// ```
///
/// ## Topics
/// ### Creating
/// - ``init(_:)``
/// ### Reading
/// - ``text``
/// - ``canonical``
/// - ``parts``
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The version as written in the file name or given by the user (`"001"`, `"1_2"`).
    ///
    /// Not part of equality: `Version("001") == Version("1")`.
    public let text: String

    /// The canonical form: each part without leading zeros (`0` for zero), joined by `.`,
    /// with trailing zero parts removed (`"1"` for `"001"`, `"1.2"` for `"1_2"` or `"1.2.0"`).
    public let canonical: String

    /// Whether ``canonical`` has more than one part (contains a `.`).
    private let isMultipart: Bool

    /// Parses a version: digits, optionally in several parts separated by `.` or `_`
    /// (`"003"`, `"20250101120000"`, `"1.2"`, `"1_2"`); a leading `V` is accepted
    /// (`"V1.2"`), as in Flyway file names.
    ///
    /// - Returns: nil when the text is not a version (empty, other characters, an empty
    ///   part as in `"1..2"`).
    public init?(_ string: some StringProtocol) {
        // Fast path for the common case, plain digits (history rows, dbmate names).
        if !string.isEmpty, string.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            self = Version(digits: String(string))
            return
        }
        var body = Substring(string)
        if let first = body.first, first == "V" || first == "v" {
            body = body.dropFirst()
        }
        var parts: [Substring] = []
        var start = body.startIndex
        for index in body.indices {
            let c = body[index]
            if c == "." || c == "_" {
                guard start < index else { return nil }
                parts.append(Version.canonicalPart(body[start..<index]))
                start = body.index(after: index)
            } else if !c.isASCII || !c.isNumber {
                return nil
            }
        }
        guard start < body.endIndex else { return nil }
        parts.append(Version.canonicalPart(body[start...]))
        while parts.count > 1, parts.last == "0" {
            parts.removeLast()
        }
        self.text = String(string)
        self.canonical = parts.count == 1 ? String(parts[0]) : parts.joined(separator: ".")
        self.isMultipart = parts.count > 1
    }

    /// A version from a file name's leading digits (already checked to be ASCII digits).
    init(digits: String) {
        self.text = digits
        self.canonical = String(Version.canonicalPart(Substring(digits)))
        self.isMultipart = false
    }

    private static func canonicalPart(_ digits: Substring) -> Substring {
        let stripped = digits.drop(while: { $0 == "0" })
        return stripped.isEmpty ? "0" : stripped
    }

    /// The canonical parts (`["1", "2"]` for `"1_2"`).
    public var parts: [String] {
        canonical.split(separator: ".").map(String.init)
    }

    /// The version as written (``text``).
    public var description: String { text }

    /// Two versions are equal when their canonical values are (`001` == `1`).
    public static func == (lhs: Version, rhs: Version) -> Bool {
        lhs.canonical == rhs.canonical
    }

    /// Hashes the canonical value, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonical)
    }

    /// Numeric order, part by part; a version that is a prefix of another is smaller.
    public static func < (lhs: Version, rhs: Version) -> Bool {
        if !lhs.isMultipart, !rhs.isMultipart {
            let a = lhs.canonical.utf8
            let b = rhs.canonical.utf8
            if a.count != b.count { return a.count < b.count }
            return lhs.canonical < rhs.canonical
        }
        let a = lhs.canonical.utf8
        let b = rhs.canonical.utf8
        var i = a.startIndex
        var j = b.startIndex
        while i < a.endIndex, j < b.endIndex {
            let partEndA = a[i...].firstIndex(of: UInt8(ascii: ".")) ?? a.endIndex
            let partEndB = b[j...].firstIndex(of: UInt8(ascii: ".")) ?? b.endIndex
            let lengthA = a.distance(from: i, to: partEndA)
            let lengthB = b.distance(from: j, to: partEndB)
            if lengthA != lengthB { return lengthA < lengthB }
            var x = i
            var y = j
            while x < partEndA {
                if a[x] != b[y] { return a[x] < b[y] }
                x = a.index(after: x)
                y = b.index(after: y)
            }
            i = partEndA < a.endIndex ? a.index(after: partEndA) : partEndA
            j = partEndB < b.endIndex ? b.index(after: partEndB) : partEndB
            if (i == a.endIndex) != (j == b.endIndex) { return i == a.endIndex }
        }
        return false
    }
}
