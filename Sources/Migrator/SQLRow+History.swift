import Dialects
import Drivers

/// Reading the history tables' rows by column name: a column that is missing is an error
/// naming it, not a NULL.
extension SQLRow {
    func hasColumn(_ name: String) -> Bool {
        columns.contains { $0.lowercased() == name }
    }

    private func value(_ name: String) throws -> SQLValue {
        guard let i = columns.firstIndex(where: { $0.lowercased() == name }) else {
            throw MigratorError(.notAllowed, "the history tables have no column '\(name)' (columns: \(columns.joined(separator: ", "))); they were changed by hand: restore them, or ask for help")
        }
        return values[i]
    }

    func historyOptionalText(_ name: String) throws -> String? {
        try value(name).string
    }

    func historyText(_ name: String) throws -> String {
        guard let text = try historyOptionalText(name) else {
            throw MigratorError(.notAllowed, "the history tables have NULL in column '\(name)', which Strata never writes; they were changed by hand: restore the value")
        }
        return text
    }

    func historyOptionalInt(_ name: String) throws -> Int64? {
        let v = try value(name)
        if v.isNull { return nil }
        guard let n = v.int else {
            throw MigratorError(.notAllowed, "the history tables have '\(v)' in column '\(name)', which is not an integer; they were changed by hand: restore the value")
        }
        return n
    }

    func historyInt(_ name: String) throws -> Int64 {
        try historyOptionalInt(name) ?? 0
    }
}
