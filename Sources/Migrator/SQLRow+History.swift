import Drivers

/// Reading the history tables' rows by column name, through the driver's typed accessors:
/// a missing column or a NULL where Strata always writes a value is an error naming the
/// column, never a silent default.
extension SQLRow {
    func hasColumn(_ name: String) -> Bool {
        columns.contains { $0.lowercased() == name }
    }

    func historyOptionalText(_ name: String) throws -> String? { try optionalString(name) }

    func historyText(_ name: String) throws -> String { try string(name) }

    func historyOptionalInt(_ name: String) throws -> Int64? { try optionalInt(name).map(Int64.init) }

    func historyInt(_ name: String) throws -> Int64 { Int64(try int(name)) }
}
