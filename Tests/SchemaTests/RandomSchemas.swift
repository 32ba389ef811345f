import StrataTestRandom
import Schema

/// Small random schemas, reproducible from a seed, and ways to rebuild or change them.
struct RandomSchemas {
    var rng: SplitMix64

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
    }

    static let tableNames = ["users", "Users", "posts", "order", "we\"ird", "we`ird", "café", "e\u{301}t\u{e9}", Fixtures.longName, "tags", "a", "b"]
    static let columnNames = ["id", "name", "Name", "created_at", "parent_id", "we\"ird", "naïve", "x", "y", "z"]

    mutating func type() -> ColumnType {
        switch rng.below(20) {
        case 0: .smallint
        case 1: .int
        case 2: .bigint
        case 3: .string(length: 1 + rng.below(500))
        case 4: .text
        case 5: .bool
        case 6: .decimal(precision: 1 + rng.below(30), scale: rng.below(5))
        case 7: .float
        case 8: .double
        case 9: .date
        case 10: .time(precision: rng.oneIn(2) ? nil : rng.below(7))
        case 11: .datetime(precision: rng.oneIn(2) ? nil : rng.below(7))
        case 12: .timestampWithZone(precision: rng.oneIn(2) ? nil : rng.below(7))
        case 13: .uuid
        case 14: .json
        case 15: .binary(length: rng.oneIn(2) ? nil : 1 + rng.below(64))
        case 16: .enum(values: rng.shuffled(["a", "b", "c"]))
        case 17: .enumType(name: rng.pick(["mood", "state"]))
        case 18: .decimal()
        default: .custom(rng.pick(["int4range", "money", "INT UNSIGNED", "text[]"]))
        }
    }

    mutating func defaultValue() -> ColumnDefault? {
        switch rng.below(10) {
        case 0: .null
        case 1: .string(rng.pick(["", "x", "it's", "é"]))
        case 2: .number(rng.pick(["0", "-1.5", "42"]))
        case 3: .bool(rng.oneIn(2))
        case 4: .currentTimestamp
        case 5: .expression(rng.pick(["gen_random_uuid()", "(now() + '1 day'::interval)"]))
        case 6: .nextValue(sequence: "seq")
        default: nil
        }
    }

    mutating func schema() -> Schema {
        let names = Array(rng.shuffled(Self.tableNames).prefix(1 + rng.below(5)))
        var tables: [Table] = []
        for name in names {
            let columnNames = Array(rng.shuffled(Self.columnNames).prefix(1 + rng.below(5)))
            var columns: [Column] = []
            for columnName in columnNames {
                var column = Column(columnName, type(), isNullable: rng.oneIn(2), default: defaultValue())
                if rng.oneIn(6) {
                    column.defaultValue = nil
                    column.type = .bigint
                    column.identity = Identity(kind: rng.pick(Identity.Kind.allCases), sequenceOptions: SequenceOptions(start: rng.oneIn(2) ? nil : rng.below(100)))
                }
                if rng.oneIn(8) { column.collation = rng.pick(["C", "utf8mb4_bin"]) }
                if rng.oneIn(8) { column.comment = rng.pick(["note", "ünï", ""]) }
                columns.append(column)
            }
            var table = Table(name: name, columns: columns)
            if rng.oneIn(2) {
                table.primaryKey = PrimaryKey(name: rng.oneIn(2) ? nil : name + "_pkey", columns: [rng.pick(columnNames)])
            }
            for number in 0..<rng.below(4) {
                let parts = (0...rng.below(2)).map { _ -> IndexPart in
                    rng.oneIn(4)
                        ? .expression("lower(\(rng.pick(columnNames)))")
                        : .column(rng.pick(columnNames), direction: rng.oneIn(3) ? .descending : .ascending)
                }
                table.indexes.append(Index(
                    name: "\(name)_idx\(number)", parts: parts, isUnique: rng.oneIn(3),
                    predicate: rng.oneIn(4) ? "x IS NOT NULL" : nil, method: rng.oneIn(4) ? .gin : nil
                ))
            }
            for number in 0..<rng.below(3) {
                table.uniqueConstraints.append(UniqueConstraint(name: rng.oneIn(2) ? nil : "\(name)_key\(number)", columns: [rng.pick(columnNames)]))
            }
            for number in 0..<rng.below(3) {
                table.foreignKeys.append(ForeignKey(
                    name: rng.oneIn(2) ? nil : "\(name)_fk\(number)",
                    columns: [rng.pick(columnNames)],
                    referencedTable: rng.pick(names),
                    referencedColumns: ["id"],
                    onDelete: rng.pick(ReferentialAction.allCases),
                    onUpdate: rng.pick(ReferentialAction.allCases),
                    deferrability: rng.pick(Deferrability.allCases)
                ))
            }
            for number in 0..<rng.below(3) {
                table.checks.append(Check(name: rng.oneIn(2) ? nil : "\(name)_check\(number)", expression: "\(rng.pick(columnNames)) > \(number)"))
            }
            if rng.oneIn(4) { table.comment = "table \(name)" }
            if rng.oneIn(4) { table.options = TableOptions(storageEngine: "InnoDB", isStrict: rng.oneIn(2)) }
            if rng.oneIn(8) { table.unsupported = "has a trigger" }
            tables.append(table)
        }
        var schema = Schema(name: rng.oneIn(2) ? nil : "public", tables: tables)
        for number in 0..<rng.below(3) {
            schema.views.append(View(name: "view\(number)", definition: "SELECT \(number)"))
        }
        for name in ["mood", "state"] where rng.oneIn(2) {
            schema.enumTypes.append(EnumType(name: name, values: rng.shuffled(["x", "y", "z"])))
        }
        for number in 0..<rng.below(3) {
            schema.sequences.append(SequenceDefinition(name: "seq\(number)", options: SequenceOptions(increment: 1 + number)))
        }
        for number in 0..<rng.below(4) {
            schema.unmodelled.append(UnmodelledObject(
                kind: rng.pick([.trigger, .function, .policy]),
                name: "object\(number % 2)",
                table: rng.oneIn(2) ? rng.pick(names) : nil,
                definition: "CREATE … \(number)"
            ))
        }
        return schema
    }

    /// The same schema, rebuilt with every name-keyed collection in another order, half the
    /// time through the initialisers and half the time by appending one item at a time.
    mutating func reordered(_ schema: Schema) -> Schema {
        let tables = rng.shuffled(schema.tables).map { table -> Table in
            if rng.oneIn(2) {
                return Table(
                    name: table.name, columns: table.columns, primaryKey: table.primaryKey,
                    uniqueConstraints: rng.shuffled(table.uniqueConstraints), indexes: rng.shuffled(table.indexes),
                    foreignKeys: rng.shuffled(table.foreignKeys), checks: rng.shuffled(table.checks),
                    comment: table.comment, options: table.options, unsupported: table.unsupported
                )
            }
            var rebuilt = Table(name: table.name, columns: table.columns, primaryKey: table.primaryKey, comment: table.comment, options: table.options, unsupported: table.unsupported)
            for item in rng.shuffled(table.foreignKeys) { rebuilt.foreignKeys.append(item) }
            for item in rng.shuffled(table.checks) { rebuilt.checks.append(item) }
            for item in rng.shuffled(table.indexes) { rebuilt.indexes.append(item) }
            for item in rng.shuffled(table.uniqueConstraints) { rebuilt.uniqueConstraints.insert(item, at: 0) }
            return rebuilt
        }
        if rng.oneIn(2) {
            return Schema(
                name: schema.name, tables: tables, views: rng.shuffled(schema.views),
                enumTypes: rng.shuffled(schema.enumTypes), sequences: rng.shuffled(schema.sequences),
                unmodelled: rng.shuffled(schema.unmodelled)
            )
        }
        var rebuilt = Schema(name: schema.name)
        for table in tables { rebuilt.tables.append(table) }
        for view in rng.shuffled(schema.views) { rebuilt.views.insert(view, at: 0) }
        for type in rng.shuffled(schema.enumTypes) { rebuilt.enumTypes.append(type) }
        for sequence in rng.shuffled(schema.sequences) { rebuilt.sequences.append(sequence) }
        for object in rng.shuffled(schema.unmodelled) { rebuilt.unmodelled.append(object) }
        return rebuilt
    }

    /// The schema with exactly one thing changed, and what it was.
    mutating func mutated(_ schema: Schema) -> (schema: Schema, change: String) {
        var schema = schema
        let t = rng.below(schema.tables.count)
        let table = schema.tables[t]
        let c = rng.below(table.columns.count)
        let column = table.columns[c]
        switch rng.below(22) {
        case 0:
            let name = table.name + "_renamed"
            schema.tables[t].name = name
            return (schema, "rename table \(table.name)")
        case 1:
            var type = self.type()
            while type == column.type { type = self.type() }
            schema.tables[t].columns[c].type = type
            return (schema, "type of \(table.name).\(column.name)")
        case 2:
            schema.tables[t].columns[c].isNullable.toggle()
            return (schema, "nullability of \(table.name).\(column.name)")
        case 3:
            schema.tables[t].columns[c].defaultValue = column.defaultValue == .currentDate ? .currentTime : .currentDate
            return (schema, "default of \(table.name).\(column.name)")
        case 4:
            schema.tables[t].columns.append(Column(column.name + "_new", .text))
            return (schema, "add a column to \(table.name)")
        case 5 where table.columns.count > 1:
            schema.tables[t].columns.swapAt(0, table.columns.count - 1)
            return (schema, "column order of \(table.name)")
        case 6:
            schema.tables[t].columns[c].name = column.name.uppercased() == column.name ? column.name.lowercased() + "_" : column.name.uppercased()
            return (schema, "case of \(table.name).\(column.name)")
        case 7:
            schema.tables[t].indexes.append(Index(name: "added_index", columns: [column.name]))
            return (schema, "add an index to \(table.name)")
        case 8 where !table.indexes.isEmpty:
            let part = table.indexes[0].parts[0]
            schema.tables[t].indexes[0].parts[0].direction = part.direction == .ascending ? .descending : .ascending
            return (schema, "direction of an index part of \(table.name)")
        case 9 where !table.indexes.isEmpty:
            schema.tables[t].indexes[0].isUnique.toggle()
            return (schema, "uniqueness of an index of \(table.name)")
        case 10 where !table.foreignKeys.isEmpty:
            let action = table.foreignKeys[0].onDelete
            schema.tables[t].foreignKeys[0].onDelete = action == .cascade ? .restrict : .cascade
            return (schema, "ON DELETE of a foreign key of \(table.name)")
        case 11:
            schema.tables[t].checks.append(Check(expression: "added > 0"))
            return (schema, "add a check to \(table.name)")
        case 12:
            schema.tables[t].comment = (table.comment ?? "") + "!"
            return (schema, "comment of \(table.name)")
        case 13:
            schema.tables[t].options.isWithoutRowID.toggle()
            return (schema, "WITHOUT ROWID of \(table.name)")
        case 14:
            schema.tables[t].columns[c].identity = column.identity == .always ? .byDefault : .always
            return (schema, "identity of \(table.name).\(column.name)")
        case 15:
            schema.tables[t].primaryKey = table.primaryKey == nil ? PrimaryKey(columns: [column.name]) : nil
            return (schema, "primary key of \(table.name)")
        case 16:
            schema.tables[t].unsupported = table.unsupported == nil ? "because" : nil
            return (schema, "support of \(table.name)")
        case 17:
            schema.views.append(View(name: "added_view", definition: "SELECT 1"))
            return (schema, "add a view")
        case 18:
            schema.enumTypes.append(EnumType(name: "added_type", values: ["a"]))
            return (schema, "add an enum type")
        case 19:
            schema.sequences.append(SequenceDefinition(name: "added_sequence"))
            return (schema, "add a sequence")
        case 20:
            schema.unmodelled.append(UnmodelledObject(kind: .trigger, name: "added", table: table.name, definition: "CREATE TRIGGER added …"))
            return (schema, "add an unmodelled object")
        default:
            schema.name = schema.name == nil ? "other" : nil
            return (schema, "name of the schema")
        }
    }
}
