/// What a foreign key does to the referencing rows when the referenced row is deleted or
/// its key updated.
///
/// Written in the JSON form as the case name; ``noAction``, the default, is omitted.
/// MySQL treats `RESTRICT` and `NO ACTION` alike, but reports them as written: whether they
/// compare equal there is the normaliser's choice.
public enum ReferentialAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// `NO ACTION`: refuse, checked at the end of the statement (or at commit when deferred).
    case noAction
    /// `RESTRICT`: refuse at once.
    case restrict
    /// `CASCADE`: delete or update the referencing rows too.
    case cascade
    /// `SET NULL`: set the referencing columns to NULL.
    case setNull
    /// `SET DEFAULT`: set the referencing columns to their defaults.
    case setDefault
}
