import Drivers

extension SQLiteDialect {
    /// The log is never deleted from, so its rowid alias is monotonic without
    /// AUTOINCREMENT's extra write to `sqlite_sequence` on every insert.
    public var historyTypes: HistoryColumnTypes {
        HistoryColumnTypes(
            key: "TEXT", text: "TEXT", longText: "TEXT",
            logID: "id INTEGER PRIMARY KEY", historyTableSuffix: " WITHOUT ROWID"
        )
    }

    /// `INSERT OR REPLACE`, which replaces the row with the same key.
    public func upsert(into table: String, columns: [String], values: [String], key: String) -> String {
        "INSERT OR REPLACE INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
    }

    /// `group_concat`, which has no limit below SQLite's maximum string length.
    public func textAggregate(of columns: [String]) -> String? {
        "group_concat(\(columns.joined(separator: " || char(31) || ")), char(30))"
    }

    /// Whether SQLite said "no such table".
    public func isMissingTable(_ error: DatabaseError) -> Bool {
        error.message.contains("no such table")
    }

    /// Whether SQLite said "duplicate column name".
    public func isDuplicateColumn(_ error: DatabaseError) -> Bool {
        error.message.contains("duplicate column name")
    }
}
