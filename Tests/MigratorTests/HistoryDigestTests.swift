@testable import Migrator
import Testing

/// The aggregated history text: what it reads, and what makes it fall back to rows.
@Suite struct HistoryDigestTests {
    static let us = "\u{1F}", rs = "\u{1E}"

    @Test func readsRowsWhateverTheVersionHolds() throws {
        let text = ["abc\(Self.us)applied\(Self.us)001", "\(Self.us)baseline\(Self.us)R:name with spaces, and; more"].joined(separator: Self.rs)
        let digest = HistoryDigest(text: text, count: 2)
        let rows = try #require(digest.rows())
        #expect(rows.map(\.version) == ["001", "R:name with spaces, and; more"])
        #expect(rows.map(\.checksum) == ["abc", ""])
        #expect(rows.map(\.status) == [.applied, .baseline])
        #expect(digest.text == text)
        #expect(rows.map(\.record.version) == ["001", "R:name with spaces, and; more"])
        // A version holding code 31 (the last field takes the rest).
        #expect(HistoryDigest(text: "c\(Self.us)applied\(Self.us)a\(Self.us)b", count: 1).rows()?.first?.version == "a\(Self.us)b")
    }

    @Test func anEmptyHistoryIsNoRows() throws {
        #expect(HistoryDigest(text: "", count: 0).rows()?.isEmpty == true)
    }

    /// A row the aggregate left out (a NULL), an unknown status, or a field missing: nil,
    /// so that the rows are read one by one.
    @Test(arguments: [
        ("a\u{1F}applied\u{1F}001", 2),
        ("a\u{1F}someday\u{1F}001", 1),
        ("a\u{1F}applied", 1),
        ("", 1),
    ])
    func anythingElseFallsBackToRows(_ text: String, _ count: Int) {
        #expect(HistoryDigest(text: text, count: count).rows() == nil)
    }
}
