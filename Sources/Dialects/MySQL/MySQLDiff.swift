import Drivers
import Schema
import SchemaDiff

extension MySQLDialect {
    /// A ``MySQLDiffAdvisor`` for this dialect's server.
    public var diffAdvisor: any DiffAdvisor { MySQLDiffAdvisor(server: server) }
    /// Writes changes as `ALTER TABLE` statements for this server.
    public var changeRenderer: any ChangeRenderer { MySQLChangeRenderer(dialect: self) }
    /// Nil: MySQL alters tables in place and never rebuilds one under its foreign keys.
    public var foreignKeySuspension: (any ForeignKeySuspension)? { nil }
}

/// The differ's answers for MySQL 8 and MariaDB.
///
/// Every change is an `ALTER TABLE`; columns keep their order (a new one is written with
/// `AFTER`/`FIRST` where the desired table has it). Its findings say which `ALTER`s cannot
/// run with `ALGORITHM=INSTANT` or `INPLACE, LOCK=NONE` on the server's version, keyed on
/// ``server`` (an unknown server is taken as the oldest supported, the conservative answer):
///
/// - `mysql-copy-algorithm`: a type change other than a `VARCHAR` widened within its
///   length-byte class, a character set or collation change, an `AUTO_INCREMENT` or
///   `ON UPDATE` change, a foreign key added while `foreign_key_checks` is on;
/// - `mysql-table-rebuild`: a `NULL`/`NOT NULL` change, a primary key change, a column
///   added or dropped where the server cannot do that instantly.
public struct MySQLDiffAdvisor: DiffAdvisor {
    /// The server the plan is for, or nil when unknown.
    public let server: ServerInfo?

    /// Creates the advisor for `server`.
    public init(server: ServerInfo?) {
        self.server = server
    }

    /// Always true: MySQL alters every part of a table in place.
    public func canAlterInPlace(_ changes: [SchemaChange.Kind], from: Table, to: Table) -> Bool { true }

    /// False: an existing column stays where it is.
    public var reordersColumns: Bool { false }

    /// True: `ALTER TABLE … ADD FOREIGN KEY` needs its target table.
    public var foreignKeysNeedTargets: Bool { true }

    /// The engine-neutral answer, with `TINYINT(1)` widening to the larger integers.
    public func typeChange(from: ColumnType, to: ColumnType) -> TypeChange {
        switch (from, to) {
        case (.bool, .smallint), (.bool, .int), (.bool, .bigint): .widening
        case (.smallint, .bool), (.int, .bool), (.bigint, .bool): .narrowing
        default: TypeChange.between(from, to)
        }
    }

    /// The `ALTER` algorithm findings of `change` on this server.
    public func engineFindings(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [ChangeFinding] {
        switch change {
        case .alterColumn(let table, let old, let new):
            return alterColumnFindings(table: table, old, new, in: to)
        case .addColumn(let table, let column):
            guard from.table(named: table) != nil else { return [] }
            return addColumnFindings(table: table, column, from: from, to: to)
        case .dropColumn(let table, let column):
            return algorithm.instantDropColumn ? [] : [rebuild("drops column \(table).\(column.name)")]
        case .setPrimaryKey(let table, _, _):
            guard from.table(named: table) != nil else { return [] }
            return [rebuild("changes the primary key of \(table)")]
        case .addForeignKey(let table, let key):
            guard from.table(named: table) != nil else { return [] }
            return [copy("adds foreign key \(table).\(key.name ?? key.referencedTable) with foreign_key_checks on, which copies \(table)")]
        case .alterTableOptions(let table, let old, let new):
            return optionFindings(table: table, old, new)
        default:
            return []
        }
    }

    /// What the server can do without copying or rebuilding.
    var algorithm: MySQLAlterAlgorithm { MySQLAlterAlgorithm(server: server) }

    private func alterColumnFindings(table: String, _ old: Column, _ new: Column, in schema: Schema) -> [ChangeFinding] {
        let name = "\(table).\(new.name)"
        var out: [ChangeFinding] = []
        if old.type != new.type, !isInPlaceWidening(old, new, table: schema.table(named: table)) {
            out.append(copy("changes the type of \(name) (\(old.type.displayName) → \(new.type.displayName)), which copies \(table)"))
        } else if old.characterSet != new.characterSet || old.collation != new.collation {
            out.append(copy("converts the character set or collation of \(name), which copies \(table)"))
        } else if old.identity != new.identity || old.onUpdate != new.onUpdate {
            out.append(copy("changes AUTO_INCREMENT or ON UPDATE of \(name), which copies \(table)"))
        }
        if old.isNullable != new.isNullable, !(new.isNullable && algorithm.instantDropNotNull) {
            out.append(rebuild("makes \(name) \(new.isNullable ? "NULL" : "NOT NULL"), which rebuilds \(table)"))
        }
        return out
    }

    /// Whether a `VARCHAR` widens within its length-byte class (≤ 255 or > 255 bytes), which
    /// InnoDB does in place; the character set's width is taken as 4 bytes where unknown.
    private func isInPlaceWidening(_ old: Column, _ new: Column, table: Table?) -> Bool {
        guard case .string(let before) = old.type, case .string(let after) = new.type, after >= before,
              old.characterSet == new.characterSet, old.collation == new.collation else { return false }
        let charset = new.characterSet ?? new.collation.map(MySQLSchemaBuilder.charset(of:)) ?? table?.options.characterSet
        let width = Self.bytesPerCharacter(charset)
        return (before * width <= 255) == (after * width <= 255)
    }

    /// The most bytes one character takes in `charset`; 4 (utf8mb4) where unknown.
    static func bytesPerCharacter(_ charset: String?) -> Int {
        switch charset?.lowercased() {
        case "latin1", "latin2", "ascii", "binary", "cp1250", "cp1251", "cp1252", "greek", "hebrew", "swe7": 1
        case "ucs2": 2
        case "utf8", "utf8mb3": 3
        default: 4
        }
    }

    private func addColumnFindings(table: String, _ column: Column, from: Schema, to: Schema) -> [ChangeFinding] {
        let name = "\(table).\(column.name)"
        if column.identity != nil {
            return [copy("adds AUTO_INCREMENT column \(name), which copies \(table)")]
        }
        if case .expression = column.defaultValue {
            return [rebuild("adds \(name) with an expression default, which rebuilds \(table)")]
        }
        let atEnd = Self.goesAtEnd(column.name, in: to.table(named: table), after: from.table(named: table))
        if algorithm.instantAddColumnAnywhere || (atEnd && algorithm.instantAddColumnAtEnd) { return [] }
        return [rebuild("adds column \(name)\(atEnd ? "" : " before existing columns"), which rebuilds \(table) on this server")]
    }

    /// Whether only new columns follow `name` in `table`: it goes after every existing one.
    private static func goesAtEnd(_ name: String, in table: Table?, after current: Table?) -> Bool {
        guard let table, let current, let position = table.columns.firstIndex(where: { $0.name == name }) else { return false }
        return table.columns[(position + 1)...].allSatisfy { current.column(named: $0.name) == nil }
    }

    private func optionFindings(table: String, _ old: TableOptions, _ new: TableOptions) -> [ChangeFinding] {
        if old.characterSet != new.characterSet || old.collation != new.collation {
            return [copy("converts the character set or collation of \(table), which copies it")]
        }
        if old.storageEngine != new.storageEngine || old.rowFormat != new.rowFormat {
            return [rebuild("changes the engine or row format of \(table), which rebuilds it")]
        }
        return []
    }

    private func copy(_ message: String) -> ChangeFinding {
        ChangeFinding(
            rule: "mysql-copy-algorithm", changeClass: .locking,
            message: message + " (ALGORITHM=COPY: writes wait until it ends)",
            remedy: "run it in a maintenance window, or with pt-online-schema-change or gh-ost on a big table")
    }

    private func rebuild(_ message: String) -> ChangeFinding {
        ChangeFinding(
            rule: "mysql-table-rebuild", changeClass: .locking,
            message: message + " (ALGORITHM=INPLACE with a rebuild: slow and I/O-heavy on a big table)",
            remedy: "run it at a quiet time, or with pt-online-schema-change or gh-ost on a big table")
    }
}

/// What `ALTER TABLE` can do instantly on one server version (nil: the oldest supported).
struct MySQLAlterAlgorithm: Sendable {
    /// `ADD COLUMN` as the last column (MySQL 8.0.12, MariaDB 10.3.2).
    var instantAddColumnAtEnd: Bool
    /// `ADD COLUMN` anywhere (MySQL 8.0.29, MariaDB 10.4).
    var instantAddColumnAnywhere: Bool
    /// `DROP COLUMN` (MySQL 8.0.29, MariaDB 10.4).
    var instantDropColumn: Bool
    /// `NOT NULL` → `NULL` (MariaDB 10.4, outside `ROW_FORMAT=REDUNDANT`).
    var instantDropNotNull: Bool

    init(server: ServerInfo?) {
        let version = server?.version ?? ServerVersion(0)
        if server?.flavour == .mariadb {
            instantAddColumnAtEnd = version >= ServerVersion(10, 3, 2)
            instantAddColumnAnywhere = version >= ServerVersion(10, 4)
            instantDropColumn = version >= ServerVersion(10, 4)
            instantDropNotNull = version >= ServerVersion(10, 4)
        } else {
            instantAddColumnAtEnd = version >= ServerVersion(8, 0, 12)
            instantAddColumnAnywhere = version >= ServerVersion(8, 0, 29)
            instantDropColumn = version >= ServerVersion(8, 0, 29)
            instantDropNotNull = false
        }
    }
}
