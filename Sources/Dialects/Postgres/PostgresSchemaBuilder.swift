import Schema

/// Turns the rows of one inspection into the normalised ``Schema``: grouped by table with
/// dictionaries, in time linear in the rows.
struct PostgresSchemaBuilder {
    let catalog: PostgresCatalog
    let scope: InspectionScope
    let renderer: PostgresRenderer

    private var unmodelled: [UnmodelledObject] = []
    private var unsupported: [String: [String]] = [:]
    private var consumedSequences: Set<String> = []

    init(catalog: PostgresCatalog, scope: InspectionScope, renderer: PostgresRenderer) {
        self.catalog = catalog
        self.scope = scope
        self.renderer = renderer
    }

    private func q(_ name: String) -> String { renderer.dialect.quoteIdentifier(name) }

    // MARK: - Whole schema

    func build() -> Schema {
        var builder = self
        return builder.assemble()
    }

    private mutating func assemble() -> Schema {
        let relations = catalog.relations.filter { !(($0.kind == "r" || $0.kind == "p") && scope.excludedTables.contains($0.name)) }
        let relationNames = Set(relations.map(\.name))
        var columnsByRelation: [Int64: [ColumnRow]] = [:]
        for column in catalog.columns { columnsByRelation[column.relation, default: []].append(column) }
        var constraintsByRelation: [Int64: [ConstraintRow]] = [:]
        for constraint in catalog.constraints { constraintsByRelation[constraint.relation, default: []].append(constraint) }
        var indexesByRelation: [Int64: [IndexRow]] = [:]
        for index in catalog.indexes { indexesByRelation[index.relation, default: []].append(index) }
        var sequencesByOwner: [String: SequenceRow] = [:]
        for sequence in catalog.sequences where sequence.ownerIsLocal {
            guard let table = sequence.ownerTable, let column = sequence.ownerColumn, let kind = sequence.dependency else { continue }
            sequencesByOwner[kind + "\u{1}" + table + "\u{1}" + column] = sequence
        }
        let sequenceNames = Set(catalog.sequences.map(\.name))

        var tables: [Table] = []
        var views: [View] = []
        var partitionChildren: [String: [RelationRow]] = [:]
        for relation in relations where relation.isPartition {
            partitionChildren[relation.parents.first.map { Self.unqualified($0) } ?? "", default: []].append(relation)
        }
        var tableModels: [String: Table] = [:]
        for relation in relations where relation.kind == "r" || relation.kind == "p" {
            let table = buildTable(
                relation, columns: columnsByRelation[relation.oid] ?? [], constraints: constraintsByRelation[relation.oid] ?? [],
                indexes: indexesByRelation[relation.oid] ?? [], sequencesByOwner: sequencesByOwner, sequenceNames: sequenceNames
            )
            tableModels[relation.name] = table
        }
        let partial = Schema(tables: Array(tableModels.values))
        for relation in relations {
            switch relation.kind {
            case "r", "p":
                guard let table = tableModels[relation.name] else { continue }
                if relation.isPartition { continue }
                if relation.kind == "p" {
                    carryPartitionFamily(
                        root: relation, table: table, children: partitionChildren, models: tableModels,
                        constraints: constraintsByRelation, indexes: indexesByRelation, schema: partial
                    )
                    continue
                }
                if !relation.parents.isEmpty {
                    let statements = relation.parents.map { "ALTER TABLE \(q(relation.name)) INHERIT \($0)" }
                    carry(.init(rawValue: "inheritance"), name: relation.name, table: relation.name, statements,
                          reason: "it inherits from \(relation.parents.joined(separator: ", "))")
                    for parent in relation.parents {
                        unsupported[Self.unqualified(parent), default: []].append("table \(relation.name) inherits from it")
                    }
                }
                if relation.rowSecurity {
                    var statements = ["ALTER TABLE \(q(relation.name)) ENABLE ROW LEVEL SECURITY"]
                    if relation.forceRowSecurity { statements.append("ALTER TABLE \(q(relation.name)) FORCE ROW LEVEL SECURITY") }
                    carry(.policy, name: "row level security", table: relation.name, statements, reason: "row level security is enabled")
                }
                tables.append(table)
            case "v":
                views.append(buildView(relation))
            case "m":
                carryMaterializedView(relation, columns: columnsByRelation[relation.oid] ?? [], indexes: indexesByRelation[relation.oid] ?? [])
            default:
                break
            }
        }

        var enumTypes: [EnumType] = []
        for type in catalog.types {
            if type.kind == "e" {
                enumTypes.append(EnumType(name: type.name, values: type.labels, comment: type.comment))
            } else {
                carryType(type)
            }
        }
        var sequences: [SequenceDefinition] = []
        for row in catalog.sequences where !consumedSequences.contains(row.name) {
            if row.dependency == "i" { continue }
            if let owner = row.ownerTable, row.ownerIsLocal, scope.excludedTables.contains(owner) { continue }
            let type = PostgresTypes.columnType(sql: row.type)
            let options = PostgresSequences.normalized(Self.options(row), type: type)
            var ownedBy: ColumnReference?
            if row.dependency == "a", row.ownerIsLocal, let table = row.ownerTable, let column = row.ownerColumn {
                ownedBy = ColumnReference(table: table, column: column)
            }
            sequences.append(SequenceDefinition(name: row.name, type: type == .bigint ? nil : type, options: options, ownedBy: ownedBy, comment: row.comment))
        }
        for object in catalog.objects {
            if let table = object.table {
                if scope.excludedTables.contains(table) && !relationNames.contains(table) { continue }
            }
            carryObject(object)
        }
        tables = tables.map { table in
            guard let reasons = unsupported[table.name], !reasons.isEmpty else { return table }
            var table = table
            table.unsupported = Self.uniqued(reasons).joined(separator: "; ")
            return table
        }
        return Schema(
            name: scope.namespace, tables: tables, views: views, enumTypes: enumTypes, sequences: sequences,
            unmodelled: unmodelled
        )
    }

    // MARK: - Tables

    private mutating func buildTable(
        _ relation: RelationRow, columns rows: [ColumnRow], constraints: [ConstraintRow], indexes: [IndexRow],
        sequencesByOwner: [String: SequenceRow], sequenceNames: Set<String>
    ) -> Table {
        var names: [Int: String] = [:]
        for row in rows { names[row.number] = row.name }
        var columns: [Column] = []
        columns.reserveCapacity(rows.count)
        /// Generated columns by number, with their DDL statements (dependents appended later).
        var generated: [Int: [String]] = [:]
        var generatedOrder: [Int] = []
        for row in rows {
            let type: ColumnType = row.typeKind == "e" && row.isLocalType
                ? .enumType(name: row.typeName) : PostgresTypes.columnType(sql: row.type)
            if row.generated == "s" {
                var text = "ALTER TABLE \(q(relation.name)) ADD COLUMN \(q(row.name)) \(row.type)"
                if let collation = row.collation { text += " COLLATE \(q(collation))" }
                text += " GENERATED ALWAYS AS (\(row.defaultText ?? "NULL")) STORED"
                if row.notNull { text += " NOT NULL" }
                var statements = [text]
                if let comment = row.comment {
                    statements.append("COMMENT ON COLUMN \(q(relation.name)).\(q(row.name)) IS \(renderer.dialect.quoteLiteral(comment))")
                }
                generated[row.number] = statements
                generatedOrder.append(row.number)
                continue
            }
            var column = Column(row.name, type, isNullable: !row.notNull, collation: row.collation, comment: row.comment)
            switch row.identity {
            case "a", "d":
                let sequence = sequencesByOwner["i\u{1}" + relation.name + "\u{1}" + row.name]
                column.identity = identity(kind: row.identity == "a" ? .always : .byDefault, sequence: sequence, table: relation.name, column: row.name, type: type)
            default:
                if let text = row.defaultText {
                    column.defaultValue = defaultValue(text, row: row, type: type, table: relation.name, column: &column, sequencesByOwner: sequencesByOwner, sequenceNames: sequenceNames)
                }
            }
            var attributes: [String] = []
            if row.statisticsTarget >= 0 { attributes.append("SET STATISTICS \(row.statisticsTarget)") }
            if let storage = row.storage { attributes.append("SET STORAGE " + Self.storageName(storage)) }
            if !row.compression.isEmpty { attributes.append("SET COMPRESSION " + (row.compression == "l" ? "lz4" : "pglz")) }
            if !attributes.isEmpty {
                carry(.other, name: relation.name + "." + row.name, table: relation.name,
                      attributes.map { "ALTER TABLE \(q(relation.name)) ALTER COLUMN \(q(row.name)) \($0)" },
                      reason: "column \(row.name) has \(attributes.joined(separator: ", "))")
            }
            columns.append(column)
        }
        func generatedColumn(among numbers: [Int]) -> Int? {
            numbers.filter { generated[$0] != nil }.max()
        }

        var table = Table(name: relation.name, columns: columns, comment: relation.comment)
        table.options.isUnlogged = relation.persistence == "u"
        table.options.parameters = relation.options.map(Self.parameter)
        var uniques: [UniqueConstraint] = []
        var foreignKeys: [ForeignKey] = []
        var checks: [Check] = []
        for row in constraints where !(relation.isPartition && row.isCloned) {
            let columnNames = row.columns.map { names[$0] ?? "" }
            let addition = "ALTER TABLE \(q(relation.name)) ADD CONSTRAINT \(q(row.name)) \(row.definition)"
            if let number = generatedColumn(among: row.columns) {
                generated[number, default: []].append(addition)
                continue
            }
            if row.type == "x" {
                carry(.exclusionConstraint, name: row.name, table: relation.name, [addition], reason: "it has the exclusion constraint \(row.name)")
                continue
            }
            if let why = Self.unmodelledReason(row) {
                carry(.init(rawValue: "constraint"), name: row.name, table: relation.name, [addition], reason: "constraint \(row.name) is \(why)")
                continue
            }
            let deferrability: Deferrability = !row.isDeferrable ? .notDeferrable : row.isDeferred ? .initiallyDeferred : .initiallyImmediate
            switch row.type {
            case "p":
                table.primaryKey = PrimaryKey(name: row.name, columns: columnNames, deferrability: deferrability)
            case "u":
                uniques.append(UniqueConstraint(name: row.name, columns: columnNames, nullsNotDistinct: row.nullsNotDistinct, deferrability: deferrability))
            case "f":
                foreignKeys.append(ForeignKey(
                    name: row.name, columns: columnNames,
                    referencedSchema: row.referencedSchema == catalog.namespace ? nil : row.referencedSchema,
                    referencedTable: row.referencedTable ?? "", referencedColumns: row.referencedColumns,
                    onDelete: Self.action(row.onDelete), onUpdate: Self.action(row.onUpdate),
                    match: row.match == "f" ? .full : .simple, deferrability: deferrability
                ))
            default:
                checks.append(Check(name: row.name, expression: PostgresNormalizer.checkExpression(row.definition)))
            }
        }
        table.uniqueConstraints = uniques
        table.foreignKeys = foreignKeys
        table.checks = checks
        var modelIndexes: [Index] = []
        for row in indexes where !(relation.isPartition && row.isInherited) {
            let index = buildIndex(row, names: names)
            if let number = generatedColumn(among: row.keys + row.dependsOn) {
                generated[number, default: []] += renderer.createIndex(index, on: table)
                continue
            }
            modelIndexes.append(index)
        }
        table.indexes = modelIndexes
        for number in generatedOrder {
            guard let statements = generated[number], let name = rows.first(where: { $0.number == number })?.name else { continue }
            carry(.generatedColumn, name: relation.name + "." + name, table: relation.name, statements, reason: "column \(name) is generated")
        }
        return table
    }

    private func identity(kind: Identity.Kind, sequence: SequenceRow?, table: String, column: String, type: ColumnType) -> Identity {
        guard let sequence else { return Identity(kind: kind) }
        let name = sequence.name == PostgresSequences.defaultName(table: table, column: column) ? nil : sequence.name
        return Identity(kind: kind, sequenceName: name, sequenceOptions: PostgresSequences.normalized(Self.options(sequence), type: type))
    }

    private mutating func defaultValue(
        _ text: String, row: ColumnRow, type: ColumnType, table: String, column: inout Column,
        sequencesByOwner: [String: SequenceRow], sequenceNames: Set<String>
    ) -> ColumnDefault? {
        if let parts = PostgresDefaults.nextvalSequence(text) {
            let local = parts.count == 1 || (parts.count == 2 && parts[0] == catalog.namespace)
            guard local, let name = parts.last else { return .expression(text) }
            if type.isInteger, let sequence = sequencesByOwner["a\u{1}" + table + "\u{1}" + row.name], sequence.name == name {
                consumedSequences.insert(name)
                column.identity = identity(kind: .serial, sequence: sequence, table: table, column: row.name, type: type)
                return nil
            }
            return sequenceNames.contains(name) ? .nextValue(sequence: name) : .expression(text)
        }
        return PostgresDefaults.parse(text, type: type, baseName: row.baseType)
    }

    private func buildIndex(_ row: IndexRow, names: [Int: String]) -> Index {
        var parts: [IndexPart] = []
        for position in 0..<min(row.keyCount, row.keys.count) {
            let key = row.keys[position]
            let target: IndexPart.Target = key != 0
                ? .column(names[key] ?? "")
                : .expression(position < row.expressions.count ? row.expressions[position] : "")
            let option = position < row.options.count ? row.options[position] : 0
            let descending = option & 1 != 0
            let nullsFirst = option & 2 != 0
            let nulls: IndexPart.NullsOrder? = descending == nullsFirst ? nil : (nullsFirst ? .first : .last)
            parts.append(IndexPart(
                target: target, direction: descending ? .descending : .ascending, nulls: nulls,
                collation: position < row.collations.count ? row.collations[position] : nil,
                operatorClass: position < row.operatorClasses.count ? row.operatorClasses[position] : nil
            ))
        }
        let include = row.keys.count > row.keyCount ? row.keys[row.keyCount...].map { names[$0] ?? "" } : []
        return Index(
            name: row.name, parts: parts, isUnique: row.isUnique, predicate: row.predicate,
            method: row.method == "btree" ? nil : IndexMethod(rawValue: row.method), include: include,
            nullsNotDistinct: row.nullsNotDistinct, parameters: row.parameters.map(Self.parameter), comment: row.comment
        )
    }

    // MARK: - Views and carried objects

    private mutating func buildView(_ relation: RelationRow) -> View {
        var checkOption: View.CheckOption?
        var others: [String] = []
        for option in relation.options {
            let parameter = Self.parameter(option)
            if parameter.name == "check_option" {
                checkOption = parameter.value == "local" ? .local : .cascaded
            } else {
                others.append(option)
            }
        }
        if !others.isEmpty {
            carry(.other, name: relation.name + " options", table: nil,
                  ["ALTER VIEW \(q(relation.name)) SET (\(others.joined(separator: ", ")))"], reason: nil)
        }
        return View(
            name: relation.name, definition: PostgresNormalizer.trimmedDefinition(relation.viewDefinition ?? ""),
            checkOption: checkOption, comment: relation.comment
        )
    }

    private mutating func carryMaterializedView(_ relation: RelationRow, columns: [ColumnRow], indexes: [IndexRow]) {
        var text = "CREATE MATERIALIZED VIEW \(q(relation.name))"
        if !relation.options.isEmpty { text += " WITH (\(relation.options.joined(separator: ", ")))" }
        text += " AS\n" + PostgresNormalizer.trimmedDefinition(relation.viewDefinition ?? "")
        if !relation.isPopulated { text += "\nWITH NO DATA" }
        var statements = [text]
        let empty = Table(name: relation.name, columns: [])
        var names: [Int: String] = [:]
        for column in columns { names[column.number] = column.name }
        for row in indexes.sorted(by: { $0.name < $1.name }) {
            statements += renderer.createIndex(buildIndex(row, names: names), on: empty)
        }
        if let comment = relation.comment {
            statements.append("COMMENT ON MATERIALIZED VIEW \(q(relation.name)) IS \(renderer.dialect.quoteLiteral(comment))")
        }
        carry(.materializedView, name: relation.name, table: nil, statements, reason: nil)
    }

    private mutating func carryPartitionFamily(
        root: RelationRow, table: Table, children: [String: [RelationRow]], models: [String: Table],
        constraints: [Int64: [ConstraintRow]], indexes: [Int64: [IndexRow]], schema: Schema
    ) {
        var statements = renderer.createTable(table, foreignKeys: table.foreignKeys, in: schema)
        if let position = statements.firstIndex(where: { $0.hasPrefix("CREATE TABLE") || $0.hasPrefix("CREATE UNLOGGED TABLE") }) {
            statements[position] = Self.withPartitioning(statements[position], key: root.partitionKey)
        }
        for index in table.indexes { statements += renderer.createIndex(index, on: table) }
        var names = [root.name]
        var queue = [root.name]
        while !queue.isEmpty {
            let parent = queue.removeFirst()
            for child in (children[parent] ?? []).sorted(by: { $0.name < $1.name }) {
                names.append(child.name)
                var text = "CREATE TABLE \(q(child.name)) PARTITION OF \(q(parent)) \(child.partitionBound ?? "DEFAULT")"
                if child.kind == "p", let key = child.partitionKey { text += " PARTITION BY \(key)" }
                statements.append(text)
                if let model = models[child.name] {
                    for index in model.indexes { statements += renderer.createIndex(index, on: model) }
                    for check in model.checks where !(table.checks.contains { $0.name == check.name }) {
                        statements.append("ALTER TABLE \(q(child.name)) ADD CONSTRAINT \(q(check.name ?? "")) CHECK (\(check.expression))")
                    }
                    if let comment = model.comment {
                        statements.append("COMMENT ON TABLE \(q(child.name)) IS \(renderer.dialect.quoteLiteral(comment))")
                    }
                }
                queue.append(child.name)
            }
        }
        carry(.partition, name: root.name, table: root.name, statements, reason: "it is partitioned (\(names.joined(separator: ", ")))")
    }

    private mutating func carryType(_ type: TypeRow) {
        var statements: [String]
        var commentOn = "TYPE"
        switch type.kind {
        case "d":
            var text = "CREATE DOMAIN \(q(type.name)) AS \(type.baseType ?? "text")"
            if let collation = type.collation { text += " COLLATE \(collation)" }
            if let value = type.defaultText { text += " DEFAULT \(value)" }
            if type.notNull { text += " NOT NULL" }
            for check in type.checks { text += " " + check }
            statements = [text]
            commentOn = "DOMAIN"
        case "c":
            statements = ["CREATE TYPE \(q(type.name)) AS (\(type.attributes.joined(separator: ", ")))"]
        default:
            statements = ["CREATE TYPE \(q(type.name)) AS RANGE (SUBTYPE = \(type.subtype ?? "integer"))"]
        }
        if let comment = type.comment {
            statements.append("COMMENT ON \(commentOn) \(q(type.name)) IS \(renderer.dialect.quoteLiteral(comment))")
        }
        carry(.customType, name: type.name, table: nil, statements, reason: nil)
    }

    private mutating func carryObject(_ object: ObjectRow) {
        switch object.kind {
        case "trigger":
            var statements = [object.definition]
            if let table = object.table {
                switch object.enabled {
                case "D": statements.append("ALTER TABLE \(q(table)) DISABLE TRIGGER \(q(object.name))")
                case "R": statements.append("ALTER TABLE \(q(table)) ENABLE REPLICA TRIGGER \(q(object.name))")
                case "A": statements.append("ALTER TABLE \(q(table)) ENABLE ALWAYS TRIGGER \(q(object.name))")
                default: break
                }
            }
            carry(.trigger, name: object.name, table: object.table, statements, reason: "it has the trigger \(object.name)")
        case "rule":
            carry(.rule, name: object.name, table: object.table, [PostgresNormalizer.trimmedDefinition(object.definition)], reason: "it has the rule \(object.name)")
        case "policy":
            carry(.policy, name: object.name, table: object.table, [object.definition], reason: "it has the policy \(object.name)")
        case "function", "procedure":
            carry(object.kind == "function" ? .function : .procedure, name: object.name, table: nil,
                  [unqualifiedRoutine(object.definition)], reason: nil)
        default:
            carry(.extension, name: object.name, table: nil, [object.definition], reason: nil)
        }
    }

    /// `pg_get_functiondef` qualifies the routine's name with its schema; a dump applies to
    /// any schema, so the qualification of this schema goes.
    private func unqualifiedRoutine(_ text: String) -> String {
        let qualifier = PostgresNames.deparsed(catalog.namespace) + "."
        var result = PostgresNormalizer.trimmedDefinition(text)
        for head in ["CREATE OR REPLACE FUNCTION ", "CREATE OR REPLACE PROCEDURE "] where result.hasPrefix(head + qualifier) {
            result = head + String(result.dropFirst(head.count + qualifier.count))
        }
        return result
    }

    private mutating func carry(_ kind: UnmodelledObject.Kind, name: String, table: String?, _ statements: [String], reason: String?) {
        unmodelled.append(UnmodelledObject(kind: kind, name: name, table: table, definition: statements.joined(separator: ";\n")))
        if let table, let reason { unsupported[table, default: []].append(reason) }
    }

    // MARK: - Pieces

    private static func unmodelledReason(_ row: ConstraintRow) -> String? {
        if !row.isValidated { return "NOT VALID" }
        if row.noInherit, row.type == "c" { return "NO INHERIT" }
        if row.setsColumns { return "setting only some columns on delete" }
        if row.match == "p" { return "MATCH PARTIAL" }
        if row.indexHasExtras { return "backed by an index with INCLUDE, WITH or a tablespace" }
        return nil
    }

    private static func options(_ row: SequenceRow) -> SequenceOptions {
        SequenceOptions(start: row.start, increment: row.increment, minValue: row.minimum, maxValue: row.maximum, cache: row.cache, cycle: row.cycle)
    }

    private static func action(_ code: String) -> ReferentialAction {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }

    private static func storageName(_ code: String) -> String {
        switch code {
        case "p": "PLAIN"
        case "e": "EXTERNAL"
        case "m": "MAIN"
        default: "EXTENDED"
        }
    }

    /// `fillfactor=70` → name `fillfactor`, value `70`.
    static func parameter(_ text: String) -> StorageParameter {
        guard let equals = text.firstIndex(of: "=") else { return StorageParameter(name: text, value: "") }
        return StorageParameter(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    /// The last part of a regclass text, unquoted.
    static func unqualified(_ text: String) -> String {
        PostgresNames.parts(ofQualified: text).last ?? text
    }

    private static func withPartitioning(_ statement: String, key: String?) -> String {
        guard let key else { return statement }
        // The storage parameters (`WITH (…)`) follow `PARTITION BY` in PostgreSQL's grammar.
        if let range = statement.firstRange(of: "\n) WITH (") {
            return String(statement[..<range.lowerBound]) + "\n) PARTITION BY \(key) WITH (" + String(statement[range.upperBound...])
        }
        return statement + " PARTITION BY \(key)"
    }

    private static func uniqued(_ reasons: [String]) -> [String] {
        var seen: Set<String> = []
        return reasons.filter { seen.insert($0).inserted }
    }
}
