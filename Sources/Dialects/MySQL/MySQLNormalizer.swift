import Drivers
import Schema

extension MySQLDialect {
    /// A ``MySQLNormalizer`` for this server's flavour.
    public var normalizer: any SchemaNormalizer { MySQLNormalizer(dialect: self) }
}

/// Brings a model to the form ``MySQLInspector`` reads back from MySQL 8 or MariaDB.
///
/// What it does, offline:
///
/// - Types: ``/Schema/ColumnType/custom(_:)`` text is read as MySQL would report it (`INTEGER` is
///   ``/Schema/ColumnType/int``, `int(11)` too, `tinyint(1)` and `BOOLEAN` are
///   ``/Schema/ColumnType/bool``, `numeric(8)` is `decimal(8,0)`, `char(36)` is
///   ``/Schema/ColumnType/uuid``, `json` is ``/Schema/ColumnType/json``; everything else is
///   lower-cased with display widths dropped); a precision of 0 is nil; `DECIMAL` alone is
///   `decimal(10,0)`; a named enumeration type becomes the inline `ENUM` of its values, and
///   ``/Schema/Schema/enumTypes`` empties.
/// - Defaults: `NULL` on a nullable column is no default; numbers on text columns are
///   text, text holding a number on numeric columns is a number, `1`/`0`/`TRUE` on a
///   `TINYINT(1)` column are truth values; `now()`, `CURRENT_TIMESTAMP(6)`, `curdate()`…
///   written as expressions are the clock cases; one pair of parentheses around an
///   expression goes.
/// - Identity: every kind is `AUTO_INCREMENT`, with no default and `NOT NULL`; primary key
///   columns are `NOT NULL`; a primary key has no name.
/// - Keys: a ``/Schema/UniqueConstraint`` is a unique ``/Schema/Index`` named as MySQL names it
///   (its first column, then `_2`, `_3`… on a collision); an unnamed foreign key is
///   `<table>_ibfk_<n>`; an unnamed check `<table>_chk_<n>` (MySQL) or `CONSTRAINT_<n>` (MariaDB);
///   a foreign key that no index serves (its columns first, in order) gets the index MySQL creates,
///   named after the key. Options MySQL lacks (partial `WHERE`, `INCLUDE`, operator classes,
///   `NULLS`, deferrability, `MATCH`) are dropped; B-tree is no method.
/// - Character sets: ``/Schema/Schema/defaultCharacterSet`` and ``/Schema/Schema/defaultCollation``
///   are taken as the database's defaults: a table equal to them has none, and they are then
///   cleared (the inspector reports tables relative to the database). A collation implies its
///   character set; a character set's own default collation, where the server's is known (MySQL 8
///   and MariaDB 10), is left out; a column equal to its table has none; a JSON column has none.
///   `ENGINE=InnoDB` is the default and left out.
///
/// Expression text (checks, defaults, view bodies) is kept as written: models use the
/// server's own spelling, as an inspection gives it.
public struct MySQLNormalizer: SchemaNormalizer {
    /// The dialect, with the server's flavour and version when known.
    public let dialect: MySQLDialect

    /// Creates a normaliser for `dialect`.
    public init(dialect: MySQLDialect) {
        self.dialect = dialect
    }

    private var isMariaDB: Bool { dialect.isMariaDB ?? false }

    /// The canonical form of `schema`.
    public func normalize(_ schema: Schema) -> Schema {
        var result = schema
        let enumValues = Dictionary(schema.enumTypes.map { ($0.name, $0.values) }, uniquingKeysWith: { first, _ in first })
        let databaseCollation = schema.defaultCollation
            ?? schema.defaultCharacterSet.flatMap { defaultCollation(of: $0) }
        result.tables = schema.tables.map { table(normalizing: $0, enumValues: enumValues, databaseCollation: databaseCollation) }
        result.views = schema.views.map { view in
            var view = view
            view.comment = nil
            return view
        }
        result.enumTypes = []
        result.defaultCharacterSet = nil
        result.defaultCollation = nil
        return result
    }

    // MARK: - Tables

    private func table(normalizing input: Table, enumValues: [String: [String]], databaseCollation: String?) -> Table {
        var table = input
        var options = table.options
        options.isStrict = false
        options.isWithoutRowID = false
        options.isUnlogged = false
        options.parameters = []
        if let engine = options.storageEngine { options.storageEngine = Self.canonicalEngine(engine) }
        if let collation = options.collation { options.collation = collation.lowercased() }
        if let charset = options.characterSet { options.characterSet = charset.lowercased() }
        if let collation = options.collation, options.characterSet == nil {
            options.characterSet = MySQLSchemaBuilder.charset(of: collation)
        }
        let effectiveCollation = options.collation ?? options.characterSet.flatMap { defaultCollation(of: $0) }
        if let databaseCollation, effectiveCollation == databaseCollation.lowercased() {
            options.characterSet = nil
            options.collation = nil
        }
        if let charset = options.characterSet, options.collation == defaultCollation(of: charset) {
            options.collation = nil
        }
        if let rowFormat = options.rowFormat { options.rowFormat = rowFormat.uppercased() }
        table.options = options
        if table.comment?.isEmpty == true { table.comment = nil }

        let tableCharset = options.characterSet
        let tableCollation = options.collation ?? tableCharset.flatMap { defaultCollation(of: $0) }
        let keyColumns = Set(table.primaryKey?.columns ?? [])
        table.columns = table.columns.map { column in
            self.column(
                normalizing: column, inKey: keyColumns.contains(column.name), enumValues: enumValues,
                tableCharset: tableCharset, tableCollation: tableCollation)
        }
        if var key = table.primaryKey {
            key.name = nil
            key.deferrability = .notDeferrable
            table.primaryKey = key
        }

        var indexes = table.indexes.map(index(normalizing:))
        var usedNames = Set(indexes.map { $0.name.lowercased() })
        usedNames.insert("primary")
        for constraint in table.uniqueConstraints {
            let name = constraint.name ?? Self.freeName(base: constraint.columns.first ?? "key", used: usedNames)
            usedNames.insert(name.lowercased())
            indexes.append(Index(name: name, columns: constraint.columns, isUnique: true))
        }
        table.uniqueConstraints = []

        var foreignKeyNumber = 0
        let usedKeyNames = Set(table.foreignKeys.compactMap(\.name))
        table.foreignKeys = table.foreignKeys.map { key in
            var key = key
            if key.name == nil {
                repeat { foreignKeyNumber += 1 } while usedKeyNames.contains("\(table.name)_ibfk_\(foreignKeyNumber)")
                key.name = "\(table.name)_ibfk_\(foreignKeyNumber)"
            }
            key.match = .simple
            key.deferrability = .notDeferrable
            // InnoDB checks keys immediately: RESTRICT and NO ACTION are one action, and the
            // server reports an unspecified one as RESTRICT.
            if key.onDelete == .restrict { key.onDelete = .noAction }
            if key.onUpdate == .restrict { key.onUpdate = .noAction }
            return key
        }
        for key in table.foreignKeys where !Self.isServed(key.columns, by: indexes, primaryKey: table.primaryKey) {
            let name = key.name ?? key.columns.joined(separator: "_")
            guard !usedNames.contains(name.lowercased()) else { continue }
            usedNames.insert(name.lowercased())
            indexes.append(Index(name: name, columns: key.columns))
        }
        table.indexes = indexes

        var checkNumber = 0
        let usedCheckNames = Set(table.checks.compactMap(\.name))
        table.checks = table.checks.map { check in
            var check = check
            check.expression = MySQLTypeNames.strippingOuterParentheses(check.expression)
            if check.name == nil {
                repeat { checkNumber += 1 } while usedCheckNames.contains(checkName(table: table.name, number: checkNumber))
                check.name = checkName(table: table.name, number: checkNumber)
            }
            if isMariaDB { check.isEnforced = true }
            return check
        }
        return table
    }

    private func checkName(table: String, number: Int) -> String {
        isMariaDB ? "CONSTRAINT_\(number)" : "\(table)_chk_\(number)"
    }

    /// Whether an index (or the primary key) has `columns` as its leading columns, in
    /// order, whole: one InnoDB can use for a foreign key.
    static func isServed(_ columns: [String], by indexes: [Index], primaryKey: PrimaryKey?) -> Bool {
        let lowered = columns.map { $0.lowercased() }
        if let key = primaryKey, key.columns.count >= columns.count,
           key.columns.prefix(columns.count).map({ $0.lowercased() }) == lowered {
            return true
        }
        return indexes.contains { index in
            guard index.method == nil || index.method == .hash, index.parts.count >= columns.count else { return false }
            return zip(index.parts, lowered).allSatisfy { part, column in
                part.prefixLength == nil && part.columnName?.lowercased() == column
            }
        }
    }

    private static func freeName(base: String, used: Set<String>) -> String {
        if !used.contains(base.lowercased()) { return base }
        var number = 2
        while used.contains("\(base)_\(number)".lowercased()) { number += 1 }
        return "\(base)_\(number)"
    }

    private func index(normalizing input: Index) -> Index {
        var index = input
        index.predicate = nil
        index.include = []
        index.nullsNotDistinct = false
        index.parameters = []
        if index.method == .btree { index.method = nil }
        if index.comment?.isEmpty == true { index.comment = nil }
        index.parts = index.parts.map { part in
            var part = part
            part.nulls = nil
            part.collation = nil
            part.operatorClass = nil
            if case .expression(let sql) = part.target {
                part.target = .expression(MySQLTypeNames.strippingOuterParentheses(sql))
            }
            return part
        }
        return index
    }

    // MARK: - Columns

    private func column(
        normalizing input: Column, inKey: Bool, enumValues: [String: [String]], tableCharset: String?,
        tableCollation: String?
    ) -> Column {
        var column = input
        column.type = type(normalizing: column.type, enumValues: enumValues)
        if inKey { column.isNullable = false }
        if column.identity != nil {
            column.identity = .autoIncrement
            column.defaultValue = nil
            column.isNullable = false
        }
        if let value = column.defaultValue {
            column.defaultValue = defaultValue(normalizing: value, type: column.type, nullable: column.isNullable)
        }
        if let value = column.onUpdate {
            column.onUpdate = defaultValue(normalizing: value, type: column.type, nullable: false)
        }
        if column.comment?.isEmpty == true { column.comment = nil }
        if column.type == .json || !MySQLTypeNames.hasCharacterSet(column.type) {
            column.collation = nil
            column.characterSet = nil
            return column
        }
        let collation = column.collation?.lowercased()
        let charset = column.characterSet?.lowercased() ?? collation.map { MySQLSchemaBuilder.charset(of: $0) }
        if let tableCharset, charset == nil || charset == tableCharset {
            column.characterSet = nil
            column.collation = collation == tableCollation ? nil : collation
        } else if let charset, column.characterSet != nil || tableCharset != nil {
            column.characterSet = charset
            column.collation = collation == defaultCollation(of: charset) ? nil : collation
        } else {
            column.characterSet = nil
            column.collation = collation
        }
        return column
    }

    func type(normalizing type: ColumnType, enumValues: [String: [String]]) -> ColumnType {
        switch type {
        case .custom(let sql): return MySQLTypeNames.columnType(sql)
        case .enumType(let name): return enumValues[name].map { .enum(values: $0) } ?? type
        case .decimal(let precision, let scale): return .decimal(precision: precision ?? 10, scale: scale ?? 0)
        case .time(let p): return .time(precision: p == 0 ? nil : p)
        case .datetime(let p): return .datetime(precision: p == 0 ? nil : p)
        case .timestampWithZone(let p): return .timestampWithZone(precision: p == 0 ? nil : p)
        default: return type
        }
    }

    func defaultValue(normalizing value: ColumnDefault, type: ColumnType, nullable: Bool) -> ColumnDefault? {
        switch value {
        case .null:
            return nullable ? nil : .null
        case .string(let text):
            return MySQLTypeNames.literalDefault(text, type: type)
        case .number(let text):
            if type == .bool || MySQLTypeNames.isNumeric(type) { return MySQLTypeNames.literalDefault(text, type: type) }
            return .string(text)
        case .bool(let truth):
            if type == .bool { return .bool(truth) }
            if MySQLTypeNames.isNumeric(type) { return .number(truth ? "1" : "0") }
            return .string(truth ? "1" : "0")
        case .expression(let sql):
            let stripped = MySQLTypeNames.strippingOuterParentheses(sql)
            if let clock = MySQLTypeNames.clockDefault(stripped) { return clock }
            if stripped.uppercased() == "NULL" { return nullable ? nil : .null }
            if stripped.uppercased() == "TRUE" || stripped.uppercased() == "FALSE" {
                return defaultValue(normalizing: .bool(stripped.uppercased() == "TRUE"), type: type, nullable: nullable)
            }
            if let literal = MySQLTypeNames.wholeLiteral(stripped) {
                return MySQLTypeNames.literalDefault(literal, type: type)
            }
            if ColumnDefault.number(normalizing: stripped) != nil {
                return defaultValue(normalizing: .number(stripped), type: type, nullable: nullable)
            }
            return .expression(stripped)
        default:
            return value
        }
    }

    // MARK: - Character sets and engines

    /// The default collation of `charset` on the server, where it is known offline.
    func defaultCollation(of charset: String) -> String? {
        let version = dialect.server?.version
        switch charset.lowercased() {
        case "utf8mb4":
            if isMariaDB {
                if let version, version >= ServerVersion(11, 5) { return "utf8mb4_uca1400_ai_ci" }
                return "utf8mb4_general_ci"
            }
            return dialect.server == nil ? nil : "utf8mb4_0900_ai_ci"
        case "utf8mb3", "utf8": return "utf8mb3_general_ci"
        case "latin1": return "latin1_swedish_ci"
        case "ascii": return "ascii_general_ci"
        case "binary": return "binary"
        case "ucs2", "utf16", "utf32", "utf16le":
            return charset.lowercased() + "_general_ci"
        default: return nil
        }
    }

    /// The storage engine as the server spells it, nil for InnoDB, the default.
    static func canonicalEngine(_ engine: String) -> String? {
        switch engine.lowercased() {
        case "innodb": nil
        case "myisam": "MyISAM"
        case "memory", "heap": "MEMORY"
        case "aria": "Aria"
        case "csv": "CSV"
        case "archive": "ARCHIVE"
        case "blackhole": "BLACKHOLE"
        case "rocksdb": "ROCKSDB"
        default: engine
        }
    }
}
