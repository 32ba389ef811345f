import Dialects
import Drivers
import Schema
import SchemaDiff
import StrataTestSupport
import Testing

/// The differ's plans on a real MySQL or MariaDB: each is proven forward and back on a
/// scratch database, applied to a database holding rows, and must leave nothing to do.
// One test at a time: each opens several connections (scratch databases, proofs).
@Suite("MySQL diff", .serialized)
struct MySQLDiffTests {
    // MARK: - Helpers

    /// The plan's changes as `rule:class` strings, each finding of each change.
    static func findings(_ outcome: DiffProof.Outcome) -> [[String]] {
        outcome.rendered.plan.changes.map { $0.findings.map { "\($0.rule):\($0.changeClass.rawValue)" } }
    }

    static func statements(_ outcome: DiffProof.Outcome) -> [String] {
        outcome.rendered.forwardStatements
    }

    /// Runs `from` and `seed` on a fresh database, applies the proven plan there, then
    /// returns `check`'s result on it.
    static func applied<T>(
        _ outcome: DiffProof.Outcome, from: String, seed: String = "",
        check: (TestDatabase) async throws -> T
    ) async throws -> T {
        let database = try await TestEngine.mysql.makeDatabase()
        do {
            if !from.isEmpty { try await SchemaRoundTrip.run(script: from, on: database) }
            if !seed.isEmpty { try await SchemaRoundTrip.run(script: seed, on: database) }
            try await SchemaRoundTrip.apply(outcome.rendered.forwardStatements, to: database)
            let result = try await check(database)
            await database.drop()
            return result
        } catch {
            await database.drop()
            throw error
        }
    }

    static func columnOrder(_ table: String, on database: TestDatabase) async throws -> [String] {
        try await DiffProof.rows(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '\(table)' ORDER BY ORDINAL_POSITION",
            on: database)
    }

    // MARK: - Tables

    @Test func createAndDropTableWithIndexesAndKeys() async throws {
        let outcome = try await DiffProof.check(
            .mysql,
            from: "CREATE TABLE parent (id INT PRIMARY KEY)",
            to: """
            CREATE TABLE parent (id INT PRIMARY KEY);
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, note VARCHAR(20),
              KEY by_note (note), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)
            """)
        let forward = Self.statements(outcome)
        #expect(forward.first?.hasPrefix("CREATE TABLE `child`") == true)
        #expect(forward.contains { $0.hasPrefix("CREATE INDEX `by_note` ON `child`") })
        #expect(forward.last?.contains("ADD CONSTRAINT `child_parent` FOREIGN KEY") == true)
        #expect(outcome.rendered.reverseStatements == ["DROP TABLE `child`"])
        #expect(outcome.rendered.plan.changes.map(\.classes) == [[.safe]])
    }

    @Test func declaredTableRename() async throws {
        let outcome = try await DiffProof.check(
            .mysql,
            from: "CREATE TABLE old_name (id INT PRIMARY KEY, v INT)",
            to: "CREATE TABLE new_name (id INT PRIMARY KEY, v INT)",
            seed: "INSERT INTO old_name VALUES (1, 10)",
            renames: [.table(from: "old_name", to: "new_name")])
        #expect(Self.statements(outcome) == ["RENAME TABLE `old_name` TO `new_name`"])
    }

    @Test func tableOptionsAndComment() async throws {
        let outcome = try await DiffProof.check(
            .mysql,
            from: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), body TEXT) DEFAULT CHARSET=latin1",
            to: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), body TEXT) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='people'",
            seed: "INSERT INTO t VALUES (1, 'a', 'b')")
        #expect(Self.findings(outcome).joined().contains("mysql-copy-algorithm:locking"))
        #expect(Self.statements(outcome).contains { $0.contains("COMMENT = 'people'") })
    }

    // MARK: - Columns

    @Test func declaredColumnRenameKeepsRows() async throws {
        let from = "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL DEFAULT '')"
        let seed = "INSERT INTO t VALUES (1, 'a@example.com'), (2, 'b@example.com')"
        let outcome = try await DiffProof.check(
            .mysql, from: from, to: "CREATE TABLE t (id INT PRIMARY KEY, mail VARCHAR(100) NOT NULL DEFAULT '')",
            seed: seed, renames: [.column(table: "t", from: "email", to: "mail")])
        #expect(Self.statements(outcome) == ["ALTER TABLE `t` RENAME COLUMN `email` TO `mail`"])
        let rows = try await Self.applied(outcome, from: from, seed: seed) { database in
            try await DiffProof.rows("SELECT id, mail FROM t ORDER BY id", on: database)
        }
        #expect(rows == ["1|a@example.com", "2|b@example.com"])
    }

    @Test func columnAddedInTheMiddleLandsInPlace() async throws {
        let from = "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)"
        let outcome = try await DiffProof.check(
            .mysql, from: from, to: "CREATE TABLE t (first_one INT, id INT PRIMARY KEY, a INT, middle VARCHAR(10) DEFAULT 'm', b INT)",
            seed: "INSERT INTO t (id, a, b) VALUES (1, 2, 3)")
        let forward = Self.statements(outcome)
        #expect(forward.contains("ALTER TABLE `t` ADD COLUMN `first_one` INT FIRST"))
        #expect(forward.contains("ALTER TABLE `t` ADD COLUMN `middle` VARCHAR(10) DEFAULT 'm' AFTER `a`"))
        let order = try await Self.applied(outcome, from: from) { try await Self.columnOrder("t", on: $0) }
        #expect(order == ["first_one", "id", "a", "middle", "b"])
    }

    @Test func dropColumn() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, gone VARCHAR(10))", to: "CREATE TABLE t (id INT PRIMARY KEY)",
            seed: "INSERT INTO t VALUES (1, 'x')")
        #expect(Self.statements(outcome) == ["ALTER TABLE `t` DROP COLUMN `gone`"])
        #expect(outcome.rendered.plan.changes.first?.isDestructive == true)
    }

    @Test func varcharWideningInItsClassIsSafe() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))",
            to: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(60))", seed: "INSERT INTO t VALUES (1, 'x')")
        #expect(Self.findings(outcome) == [["widen-type:safe"]])
        #expect(Self.statements(outcome) == ["ALTER TABLE `t` MODIFY COLUMN `name` VARCHAR(60)"])
    }

    @Test func varcharWideningPastTheByteClassCopies() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(60))",
            to: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(100))")
        #expect(Self.findings(outcome) == [["widen-type:safe", "mysql-copy-algorithm:locking"]])
    }

    @Test func intToBigintCopies() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, n INT)", to: "CREATE TABLE t (id INT PRIMARY KEY, n BIGINT)",
            seed: "INSERT INTO t VALUES (1, 5)")
        #expect(Self.findings(outcome) == [["widen-type:safe", "mysql-copy-algorithm:locking"]])
    }

    @Test func narrowingIsDestructive() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(100))",
            to: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))", seed: "INSERT INTO t VALUES (1, 'short')")
        let rules = Self.findings(outcome).joined()
        #expect(rules.contains("narrow-type:destructive"))
        #expect(outcome.rendered.plan.changes.first?.isDestructive == true)
    }

    @Test func addingNotNullIsDataDependent() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))",
            to: "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)", seed: "INSERT INTO t VALUES (1, 'x')")
        #expect(Self.findings(outcome) == [["add-not-null:data-dependent", "mysql-table-rebuild:locking"]])
        #expect(Self.statements(outcome) == ["ALTER TABLE `t` MODIFY COLUMN `name` VARCHAR(20) NOT NULL"])
    }

    @Test func modifyWritesTheWholeDefinition() async throws {
        let outcome = try await DiffProof.check(
            .mysql,
            from: "CREATE TABLE t (id INT PRIMARY KEY, stamp TIMESTAMP NULL, label VARCHAR(20), n INT)",
            to: """
            CREATE TABLE t (id INT PRIMARY KEY,
              stamp TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'changed',
              label VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x', n INT DEFAULT (abs(-3)))
            """)
        let forward = Self.statements(outcome)
        #expect(forward.contains(
            "ALTER TABLE `t` MODIFY COLUMN `stamp` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'changed'"))
        #expect(forward.contains("ALTER TABLE `t` MODIFY COLUMN `label` VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x'"))
        #expect(forward.contains { $0.hasPrefix("ALTER TABLE `t` MODIFY COLUMN `n` INT DEFAULT (") })
    }

    @Test func jsonAndExpressionDefaultsConverge() async throws {
        let to = """
            CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT,
              doc JSON, flag TINYINT(1) NOT NULL DEFAULT 1, yes BOOLEAN DEFAULT TRUE,
              created DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), day DATE DEFAULT (CURRENT_DATE),
              token VARCHAR(36) DEFAULT (uuid()), twice INT DEFAULT (1 + 1), seen TIMESTAMP NULL DEFAULT current_timestamp())
            """
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, doc TEXT)", to: to,
            seed: "INSERT INTO t (doc) VALUES ('{\"a\": 1}')")
        #expect(Self.statements(outcome).contains("ALTER TABLE `t` MODIFY COLUMN `doc` JSON"))
        let database = try await TestEngine.mysql.makeDatabase()
        let first = try await DiffProof.load(to, on: database, dialect: outcome.dialect)
        let second = try await DiffProof.load(to, on: database, dialect: outcome.dialect)
        await database.drop()
        #expect(outcome.dialect.differ.plan(from: first, to: second).changes.map(\.summary) == [])
        #expect(outcome.dialect.differ.plan(from: outcome.to, to: first).changes.map(\.summary) == [])
    }

    // MARK: - Keys

    @Test func primaryKeyAddReplaceAndAutoIncrement() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT NOT NULL, code VARCHAR(10) NOT NULL)",
            to: "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL)",
            seed: "INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        #expect(Self.statements(outcome) == ["ALTER TABLE `t` MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT, ADD PRIMARY KEY (`id`)"])
        #expect(outcome.rendered.reverseStatements.count == 2)
        let replaced = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL)",
            to: "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, code VARCHAR(10) NOT NULL, PRIMARY KEY (id, code))",
            seed: "INSERT INTO t VALUES (1, 'a')")
        #expect(Self.statements(replaced) == ["ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `code`)"])
        #expect(Self.findings(replaced).joined().contains("mysql-table-rebuild:locking"))
    }

    @Test func newAutoIncrementColumnComesWithItsKey() async throws {
        try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (code VARCHAR(10) NOT NULL)",
            to: "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL)",
            seed: "INSERT INTO t VALUES ('a'), ('b')")
    }

    @Test func keyColumnBecomingNullableLeavesTheKeyFirst() async throws {
        try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT)",
            to: "CREATE TABLE t (id INT NULL, v INT)", seed: "INSERT INTO t VALUES (1, 2)")
    }

    @Test func addUniqueIndexIsDataDependent() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50))",
            to: "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50), UNIQUE KEY email_unique (email), KEY plain (id, email))",
            seed: "INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        #expect(Self.findings(outcome) == [["add-unique-index:data-dependent"], ["add-index:safe"]])
        #expect(Self.statements(outcome).contains("CREATE UNIQUE INDEX `email_unique` ON `t` (`email`)"))
    }

    @Test func foreignKeyAddAndDrop() async throws {
        let from = "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE c (id INT PRIMARY KEY, p_id INT)"
        let outcome = try await DiffProof.check(
            .mysql, from: from,
            to: "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE c (id INT PRIMARY KEY, p_id INT, CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id))",
            seed: "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1)")
        // MySQL makes an index for the key; the plan adds it first, and the reverse drops it after the key.
        #expect(Self.statements(outcome).first == "CREATE INDEX `c_p` ON `c` (`p_id`)")
        #expect(Self.findings(outcome).last == ["add-foreign-key:data-dependent", "mysql-copy-algorithm:locking"])
        #expect(outcome.rendered.reverseStatements == ["ALTER TABLE `c` DROP FOREIGN KEY `c_p`", "ALTER TABLE `c` DROP INDEX `c_p`"])
    }

    @Test func indexAForeignKeyNeedsIsReplacedInOneStatement() async throws {
        try await DiffProof.check(
            .mysql,
            from: "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE c (id INT PRIMARY KEY, p_id INT, KEY by_parent (p_id), CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id))",
            to: "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE c (id INT PRIMARY KEY, p_id INT, KEY by_parent_id (p_id, id), CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id))",
            seed: "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1)")
    }

    @Test func checkAddAndDrop() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, n INT)",
            to: "CREATE TABLE t (id INT PRIMARY KEY, n INT, CONSTRAINT positive CHECK (n > 0))",
            seed: "INSERT INTO t VALUES (1, 5)")
        #expect(Self.findings(outcome) == [["add-check:data-dependent"]])
        #expect(Self.statements(outcome) == ["ALTER TABLE `t` ADD CONSTRAINT `positive` CHECK (`n` > 0)"])
        #expect(outcome.rendered.reverseStatements == ["ALTER TABLE `t` DROP CONSTRAINT `positive`"])
    }

    @Test func modifyKeepsAColumnCheck() async throws {
        try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, n INT CHECK (n > 0))",
            to: "CREATE TABLE t (id INT PRIMARY KEY, n BIGINT CHECK (n > 0))", seed: "INSERT INTO t VALUES (1, 5)")
    }

    // MARK: - Views and carried objects

    @Test func viewsAndTriggers() async throws {
        try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, n INT)",
            to: """
            CREATE TABLE t (id INT PRIMARY KEY, n INT);
            CREATE VIEW big AS SELECT id, n FROM t WHERE n > 10;
            CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW SET NEW.n = NEW.n + 1
            """)
    }

    @Test func generatedColumnOfAnExistingTable() async throws {
        let outcome = try await DiffProof.check(
            .mysql, from: "CREATE TABLE t (id INT PRIMARY KEY, a INT)",
            to: "CREATE TABLE t (id INT PRIMARY KEY, a INT, twice INT GENERATED ALWAYS AS (a * 2) VIRTUAL)",
            seed: "INSERT INTO t (id, a) VALUES (1, 2)")
        #expect(outcome.rendered.reverseStatements == ["ALTER TABLE `t` DROP COLUMN `twice`"])
    }

    // MARK: - Convergence

    @Test func applyingOneDesiredSchemaTwiceAddsNothing() async throws {
        let from = "CREATE TABLE p (id INT PRIMARY KEY)"
        let to = """
            CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, CHECK (id > 0));
            CREATE TABLE c (id INT PRIMARY KEY, p_id INT, doc JSON, at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
              FOREIGN KEY (p_id) REFERENCES p (id), CHECK (id < 1000000))
            """
        let outcome = try await DiffProof.check(.mysql, from: from, to: to, seed: "INSERT INTO p (id) VALUES (1)")
        let leftover = try await Self.applied(outcome, from: from) { database in
            let live = try await SchemaRoundTrip.inspect(database).schema
            let again = try await DiffProof.load(to, on: database, dialect: outcome.dialect)
            return outcome.dialect.differ.plan(from: live, to: again).changes.map(\.summary)
        }
        #expect(leftover == [])
    }

    // MARK: - Findings by server version (no database)

    static let mysql8012 = ServerInfo(flavour: .mysql, version: ServerVersion(8, 0, 12), versionString: "8.0.12")
    static let mysql8030 = ServerInfo(flavour: .mysql, version: ServerVersion(8, 0, 30), versionString: "8.0.30")
    static let mariadb103 = ServerInfo(flavour: .mariadb, version: ServerVersion(10, 3, 30), versionString: "10.3.30-MariaDB")
    static let mariadb1011 = ServerInfo(flavour: .mariadb, version: ServerVersion(10, 11, 6), versionString: "10.11.6-MariaDB")

    static func rules(_ change: SchemaChange.Kind, on server: ServerInfo, from: Schema, to: Schema) -> [String] {
        MySQLDiffAdvisor(server: server).engineFindings(for: change, from: from, to: to).map(\.rule)
    }

    @Test func addAndDropColumnAlgorithmsFollowTheVersion() {
        let before = Schema(tables: [Table(name: "t", columns: [Column("id", .int, isNullable: false), Column("a", .int)])])
        let atEnd = Schema(tables: [Table(name: "t", columns: [Column("id", .int, isNullable: false), Column("a", .int), Column("b", .int)])])
        let middle = Schema(tables: [Table(name: "t", columns: [Column("id", .int, isNullable: false), Column("b", .int), Column("a", .int)])])
        let add = SchemaChange.Kind.addColumn(table: "t", Column("b", .int))
        let drop = SchemaChange.Kind.dropColumn(table: "t", Column("a", .int))
        #expect(Self.rules(add, on: Self.mysql8012, from: before, to: atEnd) == [])
        #expect(Self.rules(add, on: Self.mysql8012, from: before, to: middle) == ["mysql-table-rebuild"])
        #expect(Self.rules(add, on: Self.mysql8030, from: before, to: middle) == [])
        #expect(Self.rules(add, on: Self.mariadb103, from: before, to: atEnd) == [])
        #expect(Self.rules(add, on: Self.mariadb103, from: before, to: middle) == ["mysql-table-rebuild"])
        #expect(Self.rules(add, on: Self.mariadb1011, from: before, to: middle) == [])
        #expect(Self.rules(drop, on: Self.mysql8012, from: before, to: before) == ["mysql-table-rebuild"])
        #expect(Self.rules(drop, on: Self.mysql8030, from: before, to: before) == [])
        #expect(Self.rules(drop, on: Self.mariadb103, from: before, to: before) == ["mysql-table-rebuild"])
        #expect(Self.rules(drop, on: Self.mariadb1011, from: before, to: before) == [])
    }

    @Test func columnChangeAlgorithms() {
        let schema = Schema(tables: [Table(name: "t", columns: [Column("a", .string(length: 10))])])
        func rules(_ old: Column, _ new: Column) -> [String] {
            Self.rules(.alterColumn(table: "t", from: old, to: new), on: Self.mysql8030, from: schema, to: schema)
        }
        #expect(rules(Column("a", .string(length: 10)), Column("a", .string(length: 63))) == [])
        #expect(rules(Column("a", .string(length: 10)), Column("a", .string(length: 64))) == ["mysql-copy-algorithm"])
        #expect(rules(Column("a", .string(length: 100), characterSet: "latin1"), Column("a", .string(length: 255), characterSet: "latin1")) == [])
        #expect(rules(Column("a", .int), Column("a", .bigint)) == ["mysql-copy-algorithm"])
        #expect(rules(Column("a", .int), Column("a", .int, default: .number("1"))) == [])
        #expect(rules(Column("a", .int), Column("a", .int, isNullable: false)) == ["mysql-table-rebuild"])
        #expect(rules(Column("a", .text), Column("a", .text, collation: "utf8mb4_bin")) == ["mysql-copy-algorithm"])
    }

    @Test func renameColumnOnOldServersRepeatsTheDefinition() {
        let old = MySQLDialect(server: ServerInfo(flavour: .mariadb, version: ServerVersion(10, 4), versionString: "10.4.0-MariaDB"))
        let schema = Schema(tables: [Table(name: "t", columns: [Column("a", .string(length: 10), isNullable: false)])])
        let target = Schema(tables: [Table(name: "t", columns: [Column("b", .string(length: 10), isNullable: false)])])
        let statements = old.changeRenderer.statements(for: .renameColumn(table: "t", from: "a", to: "b"), from: schema, to: target)
        #expect(statements == ["ALTER TABLE `t` CHANGE COLUMN `a` `b` VARCHAR(10) NOT NULL"])
    }

    @Test func mysql8DropsChecksWithDropCheckAndUniquesAsIndexes() {
        let mysql = MySQLDialect(server: Self.mysql8030).changeRenderer
        let schema = Schema(tables: [Table(name: "t", columns: [Column("a", .int)])])
        let check = Check(name: "positive", expression: "`a` > 0", isEnforced: false)
        #expect(mysql.statements(for: .dropCheck(table: "t", check), from: schema, to: schema) == ["ALTER TABLE `t` DROP CHECK `positive`"])
        #expect(mysql.statements(for: .addCheck(table: "t", check), from: schema, to: schema)
            == ["ALTER TABLE `t` ADD CONSTRAINT `positive` CHECK (`a` > 0) NOT ENFORCED"])
        let unique = UniqueConstraint(name: "a_unique", columns: ["a"])
        #expect(mysql.statements(for: .addUnique(table: "t", unique), from: schema, to: schema)
            == ["ALTER TABLE `t` ADD CONSTRAINT `a_unique` UNIQUE (`a`)"])
        #expect(mysql.statements(for: .dropUnique(table: "t", unique), from: schema, to: schema) == ["ALTER TABLE `t` DROP INDEX `a_unique`"])
    }
}
