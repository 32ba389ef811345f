import Schema
import StrataTestRandom

/// Random schemas and mutations of them, within what every engine can do in place
/// (new columns at the end, so that column order never needs a rebuild).
public enum RandomSchema {
    public static let types: [ColumnType] = [.int, .bigint, .text, .string(length: 20), .string(length: 80), .bool, .decimal(precision: 10, scale: 2), .date]

    public static func make(_ random: inout SplitMix64) -> Schema {
        var tables: [Table] = []
        for t in 0..<(1 + random.below(5)) {
            var columns = [Column("id", .bigint, isNullable: false)]
            for c in 0..<random.below(5) {
                columns.append(Column("c\(c)", random.pick(types), isNullable: !random.oneIn(3)))
            }
            var table = Table(name: "t\(t)", columns: columns, primaryKey: PrimaryKey(columns: ["id"]))
            if columns.count > 1, random.oneIn(2) {
                table.indexes = [Index(name: "t\(t)_i", parts: [IndexPart(target: .column(columns[1].name))], isUnique: random.oneIn(2))]
            }
            if t > 0, random.oneIn(2) {
                table.columns.append(Column("ref", .bigint))
                table.foreignKeys = [ForeignKey(name: "t\(t)_fk", columns: ["ref"], referencedTable: "t\(random.below(t))", referencedColumns: ["id"])]
            }
            if random.oneIn(3) { table.checks = [Check(name: "t\(t)_ck", expression: "id > \(random.below(5))")] }
            tables.append(table)
        }
        let views = random.oneIn(2) ? [View(name: "v", definition: "SELECT id FROM t0")] : []
        return Schema(tables: tables, views: views)
    }

    public static func mutate(_ schema: Schema, _ random: inout SplitMix64) -> Schema {
        var out = schema
        for _ in 0..<(1 + random.below(4)) {
            switch random.below(8) {
            case 0:
                out.tables.append(Table(name: "n\(random.below(1000))", columns: [Column("id", .bigint, isNullable: false)], primaryKey: PrimaryKey(columns: ["id"])))
            case 1 where out.tables.count > 1:
                let victim = out.tables[out.tables.count - 1].name
                let referenced = out.tables.contains { $0.name != victim && $0.foreignKeys.contains { $0.referencedTable == victim } }
                if !referenced, victim != "t0" { out.tables.removeAll { $0.name == victim } }
            case 2:
                let t = random.below(out.tables.count)
                out.tables[t].columns.append(Column("a\(random.below(1000))", random.pick(types)))
            case 3:
                let t = random.below(out.tables.count)
                let droppable = out.tables[t].columns.filter { column in
                    column.name != "id" && !out.tables[t].indexes.contains { $0.columnNames.contains(column.name) }
                        && !out.tables[t].foreignKeys.contains { $0.columns.contains(column.name) }
                }
                if let victim = droppable.first { out.tables[t].columns.removeAll { $0.name == victim.name } }
            case 4:
                let t = random.below(out.tables.count)
                if out.tables[t].columns.count > 1 {
                    let c = 1 + random.below(out.tables[t].columns.count - 1)
                    if out.tables[t].columns[c].name != "ref" { out.tables[t].columns[c].type = random.pick(types) }
                    out.tables[t].columns[c].isNullable.toggle()
                }
            case 5:
                let t = random.below(out.tables.count)
                out.tables[t].indexes = out.tables[t].indexes.isEmpty ? [Index(name: "\(out.tables[t].name)_id2", parts: [IndexPart(target: .column("id"), direction: .descending)])] : []
            case 6:
                let t = random.below(out.tables.count)
                out.tables[t].checks = out.tables[t].checks.isEmpty ? [Check(name: "\(out.tables[t].name)_pos", expression: "id >= 0")] : []
            default:
                out.views = out.views.isEmpty ? [View(name: "w", definition: "SELECT 1 AS one")] : []
            }
        }
        return out
    }
}
