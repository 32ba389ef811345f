import Dialects
import Drivers
import Foundation
import Schema
import StrataTestSupport
import Testing

/// Swift models on a real MySQL or MariaDB: normalise → render → apply → inspect → equal.
@Suite("MySQL schema models")
struct MySQLSchemaModelTests {
    /// A model with every feature MySQL has, written as a user would (portable types,
    /// unnamed constraints); `mariaDB` leaves out what only MySQL has.
    static func corpus(mariaDB: Bool) -> Schema {
        let everyType = Table(
            name: "every_type",
            columns: [
                Column("id", .bigint, isNullable: false, identity: .autoIncrement),
                Column("small", .smallint, default: .number("-1")),
                Column("whole", .int, default: .string("42")),
                Column("label", .string(length: 80), isNullable: false, default: .string("it's a \\ test")),
                Column("body", .text, comment: "the text"),
                Column("flag", .bool, isNullable: false, default: .bool(true)),
                Column("other_flag", .bool, default: .number("0")),
                Column("price", .decimal(precision: 10, scale: 2), default: .string("1.50")),
                Column("plain_decimal", .decimal()),
                Column("ratio", .float, default: .number("0.5")),
                Column("big_ratio", .double),
                Column("born", .date, default: .string("2000-01-01")),
                Column("alarm", .time(precision: 0)),
                Column("precise_alarm", .time(precision: 3)),
                Column("seen", .datetime(precision: 6), default: .currentTimestamp),
                Column("stamp", .timestampWithZone(), isNullable: false, default: .currentTimestamp, onUpdate: .currentTimestamp),
                Column("token", .uuid),
                Column("doc", .json),
                Column("blob", .binary()),
                Column("digest", .binary(length: 32)),
                Column("mood", .enum(values: ["happy", "it's sad", "back\\slash"]), default: .string("happy")),
                Column("named_mood", .enumType(name: "mood")),
                Column("unsigned_count", .custom("INT UNSIGNED"), default: .number("7")),
                Column("width", .custom("int(11)")),
                Column("yes_no", .custom("BOOLEAN")),
                Column("exact", .custom("NUMERIC(8)")),
                Column("letters", .custom("char(3)"), collation: "utf8mb4_bin"),
                Column("old_text", .custom("LONGTEXT"), characterSet: "latin1"),
                Column("random", .double, default: .expression("(rand())")),
                Column("created_on", .date, default: .expression("curdate()")),
                Column("maybe", .string(length: 5), default: .null),
            ],
            primaryKey: PrimaryKey(name: "pk_ignored", columns: ["id"]),
            uniqueConstraints: [UniqueConstraint(columns: ["label"]), UniqueConstraint(columns: ["label", "token"])],
            indexes: [
                Index(name: "by_price_desc", parts: [.column("price", direction: .descending), .column("id")]),
                Index(name: "by_body", parts: [.column("body", prefixLength: 10)], comment: "a prefix"),
                Index(name: "by_token", columns: ["token"], isUnique: true),
                Index(name: "hidden", parts: [.column("small")], isInvisible: true),
            ],
            checks: [Check(expression: "`small` < 100"), Check(name: "price_positive", expression: "(`price` >= 0)")],
            comment: "Every type there is"
        )
        let parent = Table(
            name: "Parent",
            columns: [
                Column("id", .int, identity: .autoIncrement),
                Column("code", .string(length: 10), isNullable: false),
                Column("parent_id", .int),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            indexes: [Index(name: "by_code", columns: ["code"], isUnique: true)],
            foreignKeys: [
                ForeignKey(columns: ["parent_id"], referencedTable: "Parent", referencedColumns: ["id"], onDelete: .setNull)
            ],
            options: TableOptions(characterSet: "latin1")
        )
        let child = Table(
            name: "child of parent",
            columns: [
                Column("parent_id", .int, isNullable: false),
                Column("position", .smallint, isNullable: false),
                Column("parent_code", .string(length: 10)),
                Column("order", .int),
            ],
            primaryKey: PrimaryKey(columns: ["parent_id", "position"]),
            foreignKeys: [
                ForeignKey(name: "child_parent", columns: ["parent_id"], referencedTable: "Parent", referencedColumns: ["id"], onDelete: .cascade, onUpdate: .cascade),
                ForeignKey(columns: ["parent_code"], referencedTable: "Parent", referencedColumns: ["code"], onDelete: .restrict, onUpdate: .noAction),
                ForeignKey(columns: ["order"], referencedTable: "select", referencedColumns: ["id"], onDelete: .setNull),
            ],
            options: TableOptions(storageEngine: "innodb", characterSet: "LATIN1", rowFormat: "dynamic")
        )
        // Two tables that refer to each other.
        let select = Table(
            name: "select",
            columns: [Column("id", .int, isNullable: false), Column("we\"ird", .int), Column("we`ird", .int)],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(name: "select_to_where", columns: ["we\"ird"], referencedTable: "where", referencedColumns: ["id"])]
        )
        let whereTable = Table(
            name: "where",
            columns: [Column("id", .int, isNullable: false), Column("select_id", .int)],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(name: "where_to_select", columns: ["select_id"], referencedTable: "select", referencedColumns: ["id"])]
        )
        let long = Table(
            name: "a_table_name_that_is_long_enough_to_reach_sixty_characters_x",
            columns: [Column("a_column_name_that_is_long_enough_to_reach_sixty_characters_", .int, isNullable: false)],
            primaryKey: PrimaryKey(columns: ["a_column_name_that_is_long_enough_to_reach_sixty_characters_"]),
            options: TableOptions(storageEngine: "MyISAM", collation: "utf8mb4_bin")
        )
        var tables = [everyType, parent, child, select, whereTable, long]
        if !mariaDB {
            tables[0].indexes.append(Index(name: "by_lower_label", parts: [.expression("lower(`label`)")]))
            tables[0].checks.append(Check(name: "not_enforced", expression: "`whole` > 0", isEnforced: false))
        }
        return Schema(
            tables: tables,
            views: [
                View(name: "parent_codes", definition: "select `Parent`.`id` AS `id`,`Parent`.`code` AS `code` from `Parent`"),
                View(
                    name: "parent_codes_again",
                    // MySQL 8 writes the condition in parentheses, MariaDB does not.
                    definition: "select `parent_codes`.`code` AS `code` from `parent_codes` where "
                        + (mariaDB ? "`parent_codes`.`id` > 1" : "(`parent_codes`.`id` > 1)"),
                    checkOption: .cascaded),
            ],
            enumTypes: [EnumType(name: "mood", values: ["up", "down"])]
        )
    }

    @Test("a model comes back from the server as normalised")
    func modelRoundTrip() async throws {
        try TestEngine.mysql.skipUnlessConfigured()
        let probe = try await TestEngine.mysql.makeDatabase()
        let dialect = try await SchemaRoundTrip.dialect(of: probe)
        await probe.drop()
        let mariaDB = (dialect as? MySQLDialect)?.isMariaDB ?? false
        let (expected, actual, ddl) = try await SchemaRoundTrip.modelRoundTrip(Self.corpus(mariaDB: mariaDB), on: .mysql)
        #expect(expected == actual, "\(SchemaRoundTrip.difference(expected, actual))\n\(ddl.joined(separator: ";\n"))")
        #expect(dialect.normalizer.normalize(expected) == expected, "normalize is not idempotent")
    }

    @Test("the same schema created in another order dumps byte-identically")
    func determinism() async throws {
        let forward = """
            CREATE TABLE a (id INT PRIMARY KEY, b_id INT, KEY k2 (b_id), KEY k1 (id, b_id));
            CREATE TABLE b (id INT PRIMARY KEY, name VARCHAR(10), UNIQUE (name), CHECK (id > 0), CONSTRAINT z CHECK (id < 100));
            ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id);
            CREATE VIEW v1 AS SELECT id FROM a;
            CREATE VIEW v2 AS SELECT id FROM v1;
            """
        let backward = """
            CREATE TABLE b (id INT PRIMARY KEY, name VARCHAR(10), CONSTRAINT z CHECK (id < 100), CHECK (id > 0), UNIQUE (name));
            CREATE TABLE a (id INT PRIMARY KEY, b_id INT, CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id), KEY k1 (id, b_id), KEY k2 (b_id));
            CREATE VIEW v1 AS SELECT id FROM a;
            CREATE VIEW v2 AS SELECT id FROM v1;
            """
        let first = try await MySQLCopy.make(script: forward)
        let second = try await MySQLCopy.make(script: backward)
        #expect(first.firstDump == second.firstDump, "\(first.firstDump)\n---\n\(second.firstDump)")
        #expect(first.original == second.original)
    }

    @Test("inspection runs the same number of queries for 3 tables and 40")
    func fixedQueryCount() async throws {
        func script(_ count: Int) -> String {
            var text = ""
            for index in 0..<count {
                text += "CREATE TABLE t\(index) (id INT PRIMARY KEY, name VARCHAR(20), ref INT, KEY by_name (name), UNIQUE KEY u (name, id)"
                if index > 0 { text += ", FOREIGN KEY (ref) REFERENCES t\(index - 1) (id)" }
                text += ", CHECK (id > 0));\n"
                text += "CREATE VIEW v\(index) AS SELECT id, name FROM t\(index);\n"
            }
            return text
        }
        var counts: [Int] = []
        for size in [3, 40] {
            try await TestEngine.mysql.withDatabase { database in
                try await SchemaRoundTrip.run(script: script(size), on: database)
                let inspection = try await SchemaRoundTrip.inspect(database)
                #expect(inspection.schema.tables.count == size)
                #expect(inspection.schema.views.count == size)
                counts.append(inspection.queryCount)
            }
        }
        #expect(counts.count == 2 && counts[0] == counts[1], "query counts \(counts)")
    }

    @Test("a user without privileges on the database gets an InspectionError naming the privilege")
    func privilegeError() async throws {
        let base = try TestEngine.mysql.requireBaseURL()
        try await TestEngine.mysql.withDatabase { database in
            try await SchemaRoundTrip.run(script: "CREATE TABLE secret (id INT PRIMARY KEY)", on: database)
            let user = "strata_np_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let password = "pw_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let admin = try await Drivers.connect(to: try DatabaseURL(base))
            try await admin.execute("CREATE USER '\(user)'@'%' IDENTIFIED BY '\(password)'")
            do {
                var url = try DatabaseURL(base)
                url.user = user
                url.password = password
                url.database = "information_schema"
                let connection = try await Drivers.connect(to: url)
                do {
                    let dialect = try await connection.serverDialect()
                    _ = try await dialect.inspector.inspect(connection, scope: InspectionScope(namespace: database.name))
                    Issue.record("inspection succeeded without privileges")
                } catch let error as InspectionError {
                    #expect(error.privilege.contains("privilege on `\(database.name)`"), "\(error)")
                    #expect(error.description.contains(database.name))
                }
                try? await connection.close()
            } catch {
                try? await admin.execute("DROP USER '\(user)'@'%'")
                try? await admin.close()
                throw error
            }
            try await admin.execute("DROP USER '\(user)'@'%'")
            try? await admin.close()
        }
    }
}
