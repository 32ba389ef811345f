import Schema

extension SQLiteDialect {
    /// A ``SQLiteNormalizer``.
    public var normalizer: any SchemaNormalizer { SQLiteNormalizer(dialect: self) }
}

/// Brings a model to the form ``SQLiteInspector`` reads back after ``SQLiteRenderer``
/// has written it.
///
/// - Types: each is written as the renderer would declare it and read back
///   (`SQLiteTypeNames`): `custom("bigint")` is ``/Schema/ColumnType/bigint``, `custom("INT")`
///   is ``/Schema/ColumnType/int`` except on a rowid table's lone primary key column (where only
///   `INTEGER` is a rowid alias); in a `STRICT` table every type becomes one the table
///   accepts (`smallint`, `bigint`, `bool` → `int`; `float` → `double`; `string(n)`,
///   `decimal`, dates, `uuid`, `json` → `text`; `binary(n)` → `binary`).
///   ``/Schema/ColumnType/enumType(name:)`` becomes the inline ``/Schema/ColumnType/enum(values:)``
///   of the type's labels (`TEXT` with a `CHECK … IN`); SQLite has no enum types.
/// - Identities: any identity on the lone integer primary key column of a rowid table is
///   ``/Schema/Identity/autoIncrement`` on an `int` (`INTEGER PRIMARY KEY AUTOINCREMENT`), with no
///   sequence name or options and no default; elsewhere SQLite has none, and it is dropped.
/// - Nullability: a rowid alias and the key columns of a `WITHOUT ROWID` table are not
///   nullable; other key columns of a rowid table keep theirs (SQLite lets them hold NULL
///   unless `NOT NULL` says otherwise).
/// - Defaults: written and read back (`SQLiteTypeNames/parseDefault(_:type:affinity:)`):
///   parentheses around a whole expression go, `'5'` on a numeric column is the number 5,
///   `0`/`1` on a bool column are false/true, `nextValue(s)` is the expression `nextval('s')`.
/// - Collations: `BINARY` (the default) is nil; `NOCASE` and `RTRIM` in upper case; an
///   index part's collation is nil when it is its column's.
/// - Keys: a unique constraint over the primary key's columns or an earlier constraint's is
///   dropped, as SQLite drops it; foreign keys name their target's actual spelling and,
///   when they leave them out, its primary key columns; no `referencedSchema`.
/// - Expressions (checks, index expressions and predicates) are their tokens joined by
///   single spaces where they had any space or comment, without enclosing parentheses; an
///   index expression that is a lone column name is that column. View queries lose what
///   comes before their first and after their last token.
/// - What SQLite does not have is cleared: comments, character sets, MySQL and PostgreSQL
///   table and index options, `ON UPDATE`, `NULLS NOT DISTINCT`, deferrable keys and
///   unique constraints, not-enforced checks (enforced), view check options, sequences, enum
///   types, the schema's name and default collation.
public struct SQLiteNormalizer: SchemaNormalizer {
    /// The dialect it normalises for.
    public let dialect: SQLiteDialect

    /// Creates a normaliser.
    public init(dialect: SQLiteDialect) {
        self.dialect = dialect
    }

    /// The SQLite canonical form of `schema`.
    public func normalize(_ schema: Schema) -> Schema {
        var names: [String: Table] = [:]
        for table in schema.tables { names[table.name.lowercased()] = names[table.name.lowercased()] ?? table }
        let enumTypes = Dictionary(schema.enumTypes.map { ($0.name, $0.values) }) { first, _ in first }
        return Schema(
            tables: schema.tables.map { normalize($0, enumTypes: enumTypes, tables: names) },
            views: schema.views.map { view in
                View(name: view.name, definition: SQLiteViewDefinition.normalizedQuery(view.definition), columns: view.columns)
            },
            unmodelled: schema.unmodelled
        )
    }

    // MARK: - Tables

    private func normalize(_ table: Table, enumTypes: [String: [String]], tables: [String: Table]) -> Table {
        let strict = table.options.isStrict
        let rowID = !table.options.isWithoutRowID
        let keyColumns = table.primaryKey?.columns ?? []
        let rowIDKey = rowID && keyColumns.count == 1 ? keyColumns[0] : nil
        var columns: [Column] = []
        for column in table.columns {
            var type = column.type
            if case .enumType(let name) = type { type = enumTypes[name].map { .enum(values: $0) } ?? .text }
            let isRowIDKey = rowIDKey == column.name
            var identity: Identity?
            if column.identity != nil, isRowIDKey, type.isInteger || type == .custom("INTEGER") {
                identity = .autoIncrement
                type = .int
            }
            type = Self.type(type, strict: strict, isRowIDKey: isRowIDKey)
            let declared = SQLiteTypeNames.declaration(type, strict: strict)
            let isAlias = isRowIDKey && declared.uppercased() == "INTEGER"
            var defaultValue = identity == nil ? column.defaultValue : nil
            if let value = defaultValue {
                if case .nextValue(let sequence) = value { defaultValue = .expression("nextval(\(dialect.quoteLiteral(sequence)))") }
                defaultValue = SQLiteTypeNames.parseDefault(
                    SQLiteTypeNames.defaultSQL(defaultValue ?? value, dialect: dialect), type: type,
                    affinity: SQLiteTypeNames.affinity(declared)
                )
            }
            let inKey = keyColumns.contains(column.name)
            columns.append(Column(
                column.name, type,
                isNullable: column.isNullable && !isAlias && !(inKey && !rowID),
                default: defaultValue, identity: identity,
                collation: Self.columnCollation(column.collation)
            ))
        }
        let collations = Dictionary(columns.map { ($0.name, $0.collation ?? "BINARY") }) { first, _ in first }

        var uniques: [UniqueConstraint] = []
        var seen: Set<[String]> = []
        if !keyColumns.isEmpty { seen.insert(keyColumns.map { $0.lowercased() }) }
        for unique in table.uniqueConstraints where seen.insert(unique.columns.map { $0.lowercased() }).inserted {
            uniques.append(UniqueConstraint(name: unique.name, columns: unique.columns))
        }

        let indexes = table.indexes.map { index in
            Index(
                name: index.name,
                parts: index.parts.map { normalize($0, collations: collations, columns: table.columns) },
                isUnique: index.isUnique,
                predicate: index.predicate.map(Self.expression)
            )
        }

        let foreignKeys = table.foreignKeys.map { key in
            let target = tables[key.referencedTable.lowercased()]
            var referenced = key.referencedColumns
            if referenced.isEmpty { referenced = target?.primaryKey?.columns ?? [] }
            let targetColumns = Dictionary((target?.columns ?? []).map { ($0.name.lowercased(), $0.name) }) { first, _ in first }
            return ForeignKey(
                name: key.name, columns: key.columns, referencedTable: target?.name ?? key.referencedTable,
                referencedColumns: referenced.map { targetColumns[$0.lowercased()] ?? $0 },
                onDelete: key.onDelete, onUpdate: key.onUpdate, match: key.match, deferrability: key.deferrability
            )
        }

        return Table(
            name: table.name, columns: columns,
            primaryKey: table.primaryKey.map { PrimaryKey(name: $0.name, columns: $0.columns) },
            uniqueConstraints: uniques, indexes: indexes, foreignKeys: foreignKeys,
            checks: table.checks.map { Check(name: $0.name, expression: Self.expression($0.expression)) },
            options: TableOptions(isStrict: strict, isWithoutRowID: table.options.isWithoutRowID),
            unsupported: table.unsupported
        )
    }

    private func normalize(_ part: IndexPart, collations: [String: String], columns: [Column]) -> IndexPart {
        var target = part.target
        if case .expression(let sql) = target {
            let text = Self.expression(sql)
            let t = SQLiteTokens(text)
            if t.count == 1, t[0].kind == .word || t[0].kind == .quotedIdentifier {
                let name = t.name(0).lowercased()
                if let column = columns.first(where: { $0.name.lowercased() == name }) { target = .column(column.name) }
            }
            if case .expression = target { target = .expression(text) }
        }
        var collation = part.collation.map(Self.collationName)
        if case .column(let name) = target, collation == collations[name] { collation = nil }
        return IndexPart(target: target, direction: part.direction, collation: collation)
    }

    // MARK: - Pieces

    /// The type as written for a table of this kind and read back.
    static func type(_ type: ColumnType, strict: Bool, isRowIDKey: Bool) -> ColumnType {
        if case .enum = type { return type }
        return SQLiteTypeNames.portable(SQLiteTypeNames.declaration(type, strict: strict), isRowIDKey: isRowIDKey)
    }

    /// An expression's normalised text: its tokens, one space where they had any gap,
    /// without parentheses around all of it.
    static func expression(_ sql: String) -> String {
        let t = SQLiteTokens(sql)
        return t.text(t.strippingParentheses(0..<t.count))
    }

    /// A collation name as compared: SQLite's own (`BINARY`, `NOCASE`, `RTRIM`) in upper case.
    static func collationName(_ name: String) -> String {
        let upper = name.uppercased()
        return upper == "BINARY" || upper == "NOCASE" || upper == "RTRIM" ? upper : name
    }

    /// A column's collation in the model: nil for `BINARY`, the default.
    static func columnCollation(_ name: String?) -> String? {
        guard let name else { return nil }
        let canonical = collationName(name)
        return canonical == "BINARY" ? nil : canonical
    }
}
