/// A rename the user declared: `renamedFrom:` in the DSL, `-- strata:renamed from=old` in
/// `schema.sql`, or `--rename t.a=t.b`. The differ never guesses one.
public enum Rename: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The table now called `to` was called `from`.
    case table(from: String, to: String)
    /// In the table now called `table`, the column now called `to` was called `from`.
    case column(table: String, from: String, to: String)

    /// Reads `--rename` syntax: `old=new` for a table, `table.old=table.new` or
    /// `table.old=new` for a column.
    ///
    /// - Throws: ``RenameSyntaxError`` naming the argument and the expected form.
    public init(argument: String) throws {
        let halves = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else {
            throw RenameSyntaxError(argument: argument)
        }
        let old = halves[0].split(separator: ".", maxSplits: 1).map(String.init)
        let new = halves[1].split(separator: ".", maxSplits: 1).map(String.init)
        switch (old.count, new.count) {
        case (1, 1): self = .table(from: old[0], to: new[0])
        case (2, 2) where old[0] == new[0]: self = .column(table: new[0], from: old[1], to: new[1])
        case (2, 1): self = .column(table: old[0], from: old[1], to: new[0])
        default: throw RenameSyntaxError(argument: argument)
        }
    }

    /// The same rename seen from the other side (for the reverse plan).
    public var inverted: Rename {
        switch self {
        case .table(let from, let to): .table(from: to, to: from)
        case .column(let table, let from, let to): .column(table: table, from: to, to: from)
        }
    }

    /// `users.mail=users.email` or `accounts=users`: the form `--rename` takes.
    public var argument: String {
        switch self {
        case .table(let from, let to): "\(from)=\(to)"
        case .column(let table, let from, let to): "\(table).\(from)=\(table).\(to)"
        }
    }

    /// The `--rename` form (``argument``).
    public var description: String { argument }
}

/// A `--rename` argument that is not `old=new` or `table.old=table.new`.
public struct RenameSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument as given.
    public var argument: String

    /// What is wrong with the argument and the two forms `--rename` takes.
    public var description: String {
        "--rename '\(argument)' is not a rename; write old=new for a table or table.old=table.new for a column"
    }
}

/// A drop and an add that look like one rename nobody declared: shown to the user, never
/// applied as a rename.
public struct SuggestedRename: Sendable, Hashable, Codable {
    /// The rename it would be.
    public var rename: Rename
    /// The `--rename` argument that declares it.
    public var argument: String { rename.argument }
    /// The comment that declares it in `schema.sql`, on the line of the new name.
    public var sqlAnnotation: String {
        switch rename {
        case .table(let from, _), .column(_, let from, _): "-- strata:renamed from=\(from)"
        }
    }
    /// The DSL argument that declares it.
    public var dslAnnotation: String {
        switch rename {
        case .table(let from, _), .column(_, let from, _): "renamedFrom: \"\(from)\""
        }
    }

    /// Creates a suggestion.
    public init(_ rename: Rename) {
        self.rename = rename
    }
}
