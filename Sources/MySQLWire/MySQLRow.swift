import NIOCore

/// One row of a text-protocol result set (ProtocolText::ResultsetRow): each value as
/// the server's text bytes, or nil for NULL.
public struct MySQLRow: Sendable, Hashable {
    /// The raw values in column order; nil is SQL NULL.
    public var values: [ByteBuffer?]

    /// Creates a row.
    public init(values: [ByteBuffer?]) {
        self.values = values
    }

    /// The value at `index` decoded as UTF-8; nil for NULL.
    public func string(at index: Int) -> String? {
        guard index < values.count, let v = values[index] else { return nil }
        return String(buffer: v)
    }

    /// The value at `index` as bytes; nil for NULL.
    public func bytes(at index: Int) -> [UInt8]? {
        guard index < values.count, let v = values[index] else { return nil }
        return Array(v.readableBytesView)
    }

    /// Decodes a row payload of `columnCount` values.
    ///
    /// - Throws: ``MySQLError`` (`.protocolViolation`) when the payload holds fewer values.
    static func decode(from buffer: inout ByteBuffer, columnCount: Int) throws -> MySQLRow {
        var values: [ByteBuffer?] = []
        values.reserveCapacity(columnCount)
        for i in 0..<columnCount {
            if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0xFB {
                buffer.moveReaderIndex(forwardBy: 1)
                values.append(nil)
            } else if let v = buffer.readMySQLLengthEncodedSlice() {
                values.append(v)
            } else {
                throw MySQLError(.protocolViolation, "result row is truncated at value \(i + 1) of \(columnCount)")
            }
        }
        return MySQLRow(values: values)
    }

    /// Writes the row payload (for test fixtures and fake servers).
    public func encode(into buffer: inout ByteBuffer) {
        for value in values {
            if var v = value {
                buffer.writeMySQLLengthEncodedInteger(UInt64(v.readableBytes))
                buffer.writeBuffer(&v)
            } else {
                buffer.writeInteger(UInt8(0xFB))
            }
        }
    }
}

/// The outcome of one statement: its columns and rows (empty for statements that return
/// none) and the OK packet's counters.
public struct MySQLResultSet: Sendable, Hashable {
    /// The column definitions; empty when the statement returned no result set.
    public var columns: [MySQLColumn]
    /// The rows.
    public var rows: [MySQLRow]
    /// Rows changed by an INSERT, UPDATE, DELETE.
    public var affectedRows: UInt64
    /// The AUTO_INCREMENT value the statement generated, or 0.
    public var lastInsertID: UInt64
    /// The number of warnings.
    public var warnings: UInt16
    /// The server status after the statement.
    public var status: MySQLServerStatus

    /// Creates a result set.
    public init(
        columns: [MySQLColumn] = [], rows: [MySQLRow] = [], affectedRows: UInt64 = 0,
        lastInsertID: UInt64 = 0, warnings: UInt16 = 0, status: MySQLServerStatus = []
    ) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.warnings = warnings
        self.status = status
    }
}

/// The outcome of one COM_QUERY: one ``MySQLResultSet`` per statement it held.
public struct MySQLResult: Sendable, Hashable {
    /// One entry per statement, in order.
    public var resultSets: [MySQLResultSet]

    /// Creates a result.
    public init(resultSets: [MySQLResultSet]) {
        self.resultSets = resultSets
    }

    /// The first result set that has columns, or the last one when none has.
    public var primary: MySQLResultSet {
        resultSets.first(where: { !$0.columns.isEmpty }) ?? resultSets.last ?? MySQLResultSet()
    }

    /// The columns of ``primary``.
    public var columns: [MySQLColumn] { primary.columns }
    /// The rows of ``primary``.
    public var rows: [MySQLRow] { primary.rows }
    /// The sum of affected rows over all statements.
    public var affectedRows: UInt64 { resultSets.reduce(0) { $0 &+ $1.affectedRows } }
}
