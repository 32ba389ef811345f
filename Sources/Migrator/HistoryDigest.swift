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
/// engine can (``Dialects/HistorySQL/selectDigestText``), else row by row.
struct HistoryDigest: Sendable {
    struct Row: HistoryDigestRow, Sendable {
        var version: String
        var checksum: String
        var status: HistoryRecord.Status
    }

    /// The rows, in the order the table was read.
    var rows: [Row]
    /// The aggregated text the rows were read from, if they were: two equal texts are the
    /// same history, row for row.
    var text: String?

    init(rows: [Row]) {
        self.rows = rows
        self.text = nil
    }

    /// Reads the aggregated text of `count` rows: checksum, status and version separated
    /// by code 31, rows by code 30. Nil when it holds another number of rows or a status
    /// this Strata does not know: the rows are then read one by one, which says what is
    /// wrong.
    init?(text: String, count: Int) {
        var rows: [Row] = []
        if count > 0 {
            rows.reserveCapacity(count)
            for record in text.utf8.split(separator: 30, omittingEmptySubsequences: false) {
                let fields = record.split(separator: 31, maxSplits: 2, omittingEmptySubsequences: false)
                guard fields.count == 3, let checksum = String(fields[0]), let status = String(fields[1]).flatMap(HistoryRecord.Status.init(rawValue:)),
                      let version = String(fields[2]) else { return nil }
                rows.append(Row(version: version, checksum: checksum, status: status))
            }
        }
        guard rows.count == count else { return nil }
        self.rows = rows
        self.text = text
    }

    /// The rows as history records, with every other column empty.
    var records: [HistoryRecord] {
        rows.map {
            HistoryRecord(version: $0.version, name: "", checksum: $0.checksum, semanticChecksum: "",
                          appliedAt: "", appliedBy: "", executionMs: 0, status: $0.status)
        }
    }
}

/// The aggregated histories a migrator found up to date with its migrations, by where the
/// history lives: when the text read again is the same, so is the answer, and the check
/// is skipped. Kept only for migrations that cannot change while the process runs
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
