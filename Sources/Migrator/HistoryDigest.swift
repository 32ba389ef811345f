import Synchronization

/// What a history row says that `up` needs to see that nothing is pending.
protocol HistoryDigestRow {
    /// The `version` column (``HistoryKey/text``).
    var version: String { get }
    /// The up section's checksum when it ran.
    var checksum: String { get }
    /// The row's state.
    var status: HistoryRecord.Status { get }
}

extension HistoryRecord: HistoryDigestRow {}

/// The history's versions, checksums and statuses, read as one aggregated text where the
/// engine can (``Dialects/HistorySQL/selectDigestText``), else row by row. The text is
/// read into rows only when needed: a history found up to date before is recognised by
/// its text alone.
struct HistoryDigest: Sendable {
    struct Row: HistoryDigestRow, Sendable {
        var version: String
        var checksum: String
        var status: HistoryRecord.Status

        /// The row as a history record, with every other column empty.
        var record: HistoryRecord {
            HistoryRecord(version: version, name: "", checksum: checksum, semanticChecksum: "",
                          appliedAt: "", appliedBy: "", executionMs: 0, status: status)
        }
    }

    /// The aggregated text the rows are read from, if they were: two equal texts are the
    /// same history, row for row.
    let text: String?
    private let count: Int
    private let readRows: [Row]?

    /// Rows read one by one.
    init(rows: [Row]) {
        self.text = nil
        self.count = rows.count
        self.readRows = rows
    }

    /// The aggregated text of `count` rows: checksum, status and version separated by
    /// code 31, rows by code 30.
    init(text: String, count: Int) {
        self.text = text
        self.count = count
        self.readRows = nil
    }

    /// The rows, in the order the table was read; nil when the text holds another number
    /// of rows or a status this Strata does not know (read the rows one by one then,
    /// which says what is wrong).
    func rows() -> [Row]? {
        if let readRows { return readRows }
        guard var text, count > 0 else { return count == 0 ? [] : nil }
        return text.withUTF8 { bytes in Self.parse(bytes, count: count) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [Row]? {
        var rows: [Row] = []
        rows.reserveCapacity(count)
        var start = 0
        var fields: [Range<Int>] = []
        fields.reserveCapacity(3)
        func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
        for i in 0...bytes.count {
            let byte: UInt8 = i < bytes.count ? bytes[i] : 30
            // The version, last, is the one field that may hold code 31.
            if byte == 31, fields.count < 2 {
                fields.append(start..<i)
                start = i + 1
            } else if byte == 30 {
                guard fields.count == 2, let status = HistoryRecord.Status(rawValue: string(fields[1])) else { return nil }
                rows.append(Row(version: string(start..<i), checksum: string(fields[0]), status: status))
                fields.removeAll(keepingCapacity: true)
                start = i + 1
            }
        }
        return rows.count == count ? rows : nil
    }
}

/// The aggregated histories a migrator found up to date with its migrations, by history
/// table (a migrator has one database): when the text read again is the same, so is the
/// answer, and the check is skipped. The text alone decides; the table only keeps one
/// text per history. Kept only for migrations that cannot change while the process runs
/// (embedded files, Swift migrations).
final class VerifiedHistories: Sendable {
    private let texts = Mutex<[String: String]>([:])

    func contains(_ text: String, at place: String) -> Bool {
        texts.withLock { $0[place] == text }
    }

    func insert(_ text: String, at place: String) {
        texts.withLock { $0[place] = text }
    }
}
