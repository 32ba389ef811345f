import Schema

/// Short spellings of index key parts, for declarations.
///
/// ```swift
/// DeclaredIndex(on: .column("account_id"), .descending("created_at"))
/// DeclaredIndex("users_email_lower_key", on: .expression("lower(email)")).unique()
/// ```
extension IndexPart {
    /// A part over the column `name`, ascending.
    public static func ascending(_ name: String) -> IndexPart {
        .column(name, direction: .ascending)
    }

    /// A part over the column `name`, descending.
    public static func descending(_ name: String) -> IndexPart {
        .column(name, direction: .descending)
    }
}
