import Drivers

/// The rows of one PostgreSQL inspection, as read by ``PostgresCatalogSQL``'s queries.
struct PostgresCatalog: Sendable {
    var namespace: String
    var version: Int
    var relations: [RelationRow] = []
    var columns: [ColumnRow] = []
    var constraints: [ConstraintRow] = []
    var indexes: [IndexRow] = []
    var sequences: [SequenceRow] = []
    var types: [TypeRow] = []
    var objects: [ObjectRow] = []
}

/// Positional reads of a row (the queries' select lists are fixed), without name lookups.
private struct Cells {
    let values: [SQLValue]
    init(_ row: SQLRow) { values = row.values }
    func text(_ i: Int) -> String { values[i].string ?? "" }
    func optionalText(_ i: Int) -> String? { values[i].isNull ? nil : values[i].string }
    func int(_ i: Int) -> Int { Int(values[i].int ?? 0) }
    func bool(_ i: Int) -> Bool { values[i].bool ?? false }
    func texts(_ i: Int) -> [String] { (values[i].array ?? []).map { $0.string ?? "" } }
    func optionalTexts(_ i: Int) -> [String?] { (values[i].array ?? []).map { $0.isNull ? nil : $0.string } }
    func ints(_ i: Int) -> [Int] { (values[i].array ?? []).map { Int($0.int ?? 0) } }
}

struct RelationRow: Sendable {
    var oid: Int64, name: String, kind: String, persistence: String, options: [String]
    var isPartition: Bool, rowSecurity: Bool, forceRowSecurity: Bool, comment: String?
    var viewDefinition: String?, partitionKey: String?, partitionBound: String?, parents: [String], isPopulated: Bool

    init(_ row: SQLRow) {
        let c = Cells(row)
        oid = Int64(c.int(0)); name = c.text(1); kind = c.text(2); persistence = c.text(3); options = c.texts(4)
        isPartition = c.bool(5); rowSecurity = c.bool(6); forceRowSecurity = c.bool(7); comment = c.optionalText(8)
        viewDefinition = c.optionalText(9); partitionKey = c.optionalText(10); partitionBound = c.optionalText(11)
        parents = c.texts(12); isPopulated = c.bool(13)
    }
}

struct ColumnRow: Sendable {
    var relation: Int64, number: Int, name: String, type: String, baseType: String, typeKind: String
    var isLocalType: Bool, typeName: String, notNull: Bool, defaultText: String?, identity: String, generated: String
    var collation: String?, comment: String?, statisticsTarget: Int, storage: String?, compression: String

    init(_ row: SQLRow) {
        let c = Cells(row)
        relation = Int64(c.int(0)); number = c.int(1); name = c.text(2); type = c.text(3); baseType = c.text(4)
        typeKind = c.text(5); isLocalType = c.bool(6); typeName = c.text(7); notNull = c.bool(8)
        defaultText = c.optionalText(9); identity = c.text(10); generated = c.text(11); collation = c.optionalText(12)
        comment = c.optionalText(13); statisticsTarget = row.values[14].isNull ? -1 : c.int(14)
        storage = c.optionalText(15); compression = c.text(16)
    }
}

struct ConstraintRow: Sendable {
    var relation: Int64, name: String, type: String, isDeferrable: Bool, isDeferred: Bool
    var isValidated: Bool, noInherit: Bool, isCloned: Bool, definition: String, columns: [Int]
    var referencedColumns: [String], referencedTable: String?, referencedSchema: String?
    var onUpdate: String, onDelete: String, match: String, setsColumns: Bool, nullsNotDistinct: Bool, indexHasExtras: Bool

    init(_ row: SQLRow) {
        let c = Cells(row)
        relation = Int64(c.int(0)); name = c.text(1); type = c.text(2); isDeferrable = c.bool(3); isDeferred = c.bool(4)
        isValidated = c.bool(5); noInherit = c.bool(6); isCloned = c.bool(7); definition = c.text(8); columns = c.ints(9)
        referencedColumns = c.texts(10); referencedTable = c.optionalText(11); referencedSchema = c.optionalText(12)
        onUpdate = c.text(13); onDelete = c.text(14); match = c.text(15); setsColumns = c.bool(16)
        nullsNotDistinct = c.bool(17); indexHasExtras = c.bool(18)
    }
}

struct IndexRow: Sendable {
    var relation: Int64, name: String, isUnique: Bool, columnCount: Int, keyCount: Int, keys: [Int], options: [Int]
    var expressions: [String], operatorClasses: [String?], collations: [String?], method: String, parameters: [String]
    var predicate: String?, nullsNotDistinct: Bool, comment: String?, dependsOn: [Int], isInherited: Bool

    init(_ row: SQLRow) {
        let c = Cells(row)
        relation = Int64(c.int(0)); name = c.text(1); isUnique = c.bool(2); columnCount = c.int(3); keyCount = c.int(4)
        keys = c.ints(5); options = c.ints(6); expressions = c.texts(7); operatorClasses = c.optionalTexts(8)
        collations = c.optionalTexts(9); method = c.text(10); parameters = c.texts(11); predicate = c.optionalText(12)
        nullsNotDistinct = c.bool(13); comment = c.optionalText(14); dependsOn = c.ints(15); isInherited = c.bool(16)
    }
}

struct SequenceRow: Sendable {
    var name: String, type: String, start: Int, increment: Int, maximum: Int, minimum: Int, cache: Int, cycle: Bool
    var dependency: String?, ownerTable: String?, ownerColumn: String?, ownerIsLocal: Bool, comment: String?

    init(_ row: SQLRow) {
        let c = Cells(row)
        name = c.text(0); type = c.text(1); start = c.int(2); increment = c.int(3); maximum = c.int(4); minimum = c.int(5)
        cache = c.int(6); cycle = c.bool(7); dependency = c.optionalText(8); ownerTable = c.optionalText(9)
        ownerColumn = c.optionalText(10); ownerIsLocal = c.bool(11); comment = c.optionalText(12)
    }
}

struct TypeRow: Sendable {
    var name: String, kind: String, labels: [String], baseType: String?, notNull: Bool, defaultText: String?
    var collation: String?, checks: [String], attributes: [String], subtype: String?, comment: String?

    init(_ row: SQLRow) {
        let c = Cells(row)
        name = c.text(0); kind = c.text(1); labels = c.texts(2); baseType = c.optionalText(3); notNull = c.bool(4)
        defaultText = c.optionalText(5); collation = c.optionalText(6); checks = c.texts(7); attributes = c.texts(8)
        subtype = c.optionalText(9); comment = c.optionalText(10)
    }
}

struct ObjectRow: Sendable {
    var kind: String, name: String, table: String?, definition: String, enabled: String?

    init(_ row: SQLRow) {
        let c = Cells(row)
        kind = c.text(0); name = c.text(1); table = c.optionalText(2); definition = c.text(3); enabled = c.optionalText(4)
    }
}
