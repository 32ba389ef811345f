import Dialects
import Drivers
import SQLText
import Schema
import StrataTestSupport
import Testing

/// What the SQLite inspector reads, leaves out and carries, and what it costs.
@Suite("SQLite schema inspector")
struct SQLiteSchemaInspectorTests {
    /// `count` tables, each with an index, a foreign key to the one before, and a view on it.
    static func script(tables count: Int) -> String {
        var statements: [String] = []
        for n in 0..<count {
            let reference = n == 0 ? "" : ", parent_id INTEGER REFERENCES t\(n - 1)(id) ON DELETE CASCADE"
            statements.append("CREATE TABLE t\(n) (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT DEFAULT CURRENT_TIMESTAMP CHECK (created > '2000')\(reference))")
            statements.append("CREATE INDEX t\(n)_created ON t\(n) (created DESC) WHERE name <> ''")
            statements.append("CREATE VIEW v\(n) AS SELECT id, name FROM t\(n)")
        }
        return statements.joined(separator: ";\n")
    }

    @Test("the number of catalog queries does not grow with the schema")
    func fixedQueryCount() async throws {
        var counts: [Int] = []
        for size in [3, 40] {
            try await TestEngine.sqlite.withDatabase { database in
                try await SchemaRoundTrip.run(script: Self.script(tables: size), on: database)
                let inspection = try await SchemaRoundTrip.inspect(database)
                #expect(inspection.schema.tables.count == size)
                #expect(inspection.schema.views.count == size)
                #expect(inspection.schema.tables.allSatisfy { $0.indexes.count == 1 && $0.uniqueConstraints.count == 1 })
                counts.append(inspection.queryCount)
            }
        }
        #expect(counts == [4, 4])
    }

    @Test("the same schema created in another order dumps byte-identically")
    func deterministicDump() async throws {
        let statements = try SQLiteSchemaCorpusTests.script("01_blog.sql")
        let split = try SQLSplitterForTests.split(statements)
        // Tables in reverse order: SQLite does not check foreign key targets at CREATE time.
        let tables = split.filter { $0.hasPrefix("CREATE TABLE") }
        let indexes = split.filter { $0.hasPrefix("CREATE INDEX") }
        let rest = split.filter { !$0.hasPrefix("CREATE TABLE") && !$0.hasPrefix("CREATE INDEX") }
        let reordered = tables.reversed() + indexes.reversed() + rest.reversed()
        var dumps: [String] = []
        for script in [split, Array(reordered)] {
            try await TestEngine.sqlite.withDatabase { database in
                try await SchemaRoundTrip.apply(script, to: database)
                dumps.append(SchemaRoundTrip.dumpText(try await SchemaRoundTrip.inspect(database).schema, dialect: SQLiteDialect()))
            }
        }
        #expect(dumps[0] == dumps[1])
    }

    @Test("unmodelled objects are carried, reported by name, mark their tables, and the dump re-creates them")
    func unmodelled() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            try await SchemaRoundTrip.run(script: try SQLiteSchemaCorpusTests.script("03_unmodelled.sql"), on: database)
            let inspection = try await SchemaRoundTrip.inspect(database)
            let schema = inspection.schema
            let expected: [(UnmodelledObject.Kind, String, String?)] = [
                (.trigger, "documents_ai", "documents"),
                (.trigger, "documents_touch", "documents"),
                (.trigger, "document_titles_insert", "document_titles"),
                (.generatedColumn, "words", "documents"),
                (.generatedColumn, "title_upper", "documents"),
                (.virtualTable, "documents_fts", nil),
                (.tableDefinition, "documents", "documents"),
                (.tableDefinition, "settings", "settings"),
            ]
            for (kind, name, table) in expected {
                let object = schema.unmodelled.first { $0.kind == kind && $0.name == name }
                #expect(object?.table == table, "\(kind.rawValue) \(name)")
                #expect(object?.definition.isEmpty == false, "\(kind.rawValue) \(name)")
                #expect(inspection.warnings.contains { $0.kind == kind && $0.name == name && $0.message.contains(name) })
            }
            #expect(schema.unmodelled.count == expected.count)
            #expect(schema.table(named: "documents")?.isUnsupported == true)
            #expect(schema.table(named: "documents")?.unsupported?.contains("generated column words") == true)
            #expect(schema.table(named: "settings")?.unsupported?.contains("ON CONFLICT") == true)
            #expect(schema.table(named: "documents")?.column(named: "words") == nil)
            // The shadow tables of the virtual table are not tables of the model.
            #expect(!schema.tables.contains { $0.name.hasPrefix("documents_fts") })

            let dump = SchemaScript.creating(schema, with: SQLiteDialect().renderer)
            try await TestEngine.sqlite.withDatabase { copy in
                try await SchemaRoundTrip.apply(dump, to: copy)
                let rows = try await copy.query("SELECT type, name FROM sqlite_schema WHERE name IN ('documents_ai', 'documents_touch', 'document_titles_insert', 'documents_fts')")
                #expect(rows.count == 4)
                let columns = try await copy.query("SELECT name, hidden FROM pragma_table_xinfo('documents')")
                #expect(try columns.map { try $0.string("name") } == ["id", "title", "body", "words", "title_upper", "updated_at"])
                #expect(try await SchemaRoundTrip.inspect(copy).schema == schema)
            }
        }
    }

    @Test("Strata's own tables and what depends only on them are left out")
    func strataTablesLeftOut() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            try await SchemaRoundTrip.run(script: try SQLiteSchemaCorpusTests.script("03_unmodelled.sql"), on: database)
            try await SchemaRoundTrip.run(script: "CREATE TABLE strata_migrations_meta (k TEXT PRIMARY KEY, v TEXT)", on: database)
            let schema = try await SchemaRoundTrip.inspect(database).schema
            #expect(!schema.tables.contains { $0.name.hasPrefix("strata_") })
            #expect(!schema.unmodelled.contains { $0.name.hasPrefix("strata_") || ($0.table ?? "").hasPrefix("strata_") })
            #expect(!schema.tables.contains { $0.name.hasPrefix("sqlite_") })
        }
    }

    @Test("names and constraint clauses are read from the CREATE TABLE text")
    func namesAndClauses() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            try await SchemaRoundTrip.run(script: try SQLiteSchemaCorpusTests.script("02_legacy.sql"), on: database)
            let schema = try await SchemaRoundTrip.inspect(database).schema
            let customer = try #require(schema.table(named: "Customer"))
            #expect(customer.column(named: "CustomerId")?.type == .custom("INT"))
            #expect(customer.column(named: "CustomerId")?.isNullable == true)
            #expect(customer.column(named: "LastName")?.type == .custom("NVARCHAR(20)"))
            #expect(customer.column(named: "Fax")?.type == .custom(""))
            #expect(customer.column(named: "Status")?.defaultValue == .string("active"))
            #expect(customer.column(named: "Rating")?.defaultValue == .number("5"))
            #expect(customer.column(named: "Ratio")?.defaultValue == .number("-0.25"))
            #expect(customer.column(named: "Flags")?.defaultValue == .expression("x'00ff'"))
            let lookup = try #require(schema.table(named: "lookup"))
            #expect(lookup.uniqueConstraints == [UniqueConstraint(name: "lookup_label_unique", columns: ["label"])])
            #expect(lookup.checks.contains(Check(name: "lookup_code_check", expression: "code <> ''")))
            #expect(lookup.checks.contains(Check(expression: "label <> ''")))
            #expect(lookup.column(named: "label")?.collation == "RTRIM")
            let line = try #require(schema.table(named: "Invoice Line"))
            #expect(line.primaryKey == PrimaryKey(name: "Invoice Line PK", columns: ["Invoice", "Line ID"]))
            let customerKey = try #require(line.foreignKeys.first { $0.name == "line_customer_fk" })
            #expect(customerKey.onDelete == .setDefault && customerKey.referencedColumns == ["CustomerId"])
            let codeKey = try #require(line.foreignKeys.first { $0.name == nil })
            #expect(codeKey.match == .full && codeKey.referencedTable == "lookup" && codeKey.referencedColumns == ["code"])
            let index = try #require(line.index(named: "Invoice Line by code"))
            #expect(index.isUnique)
            #expect(index.parts == [.column("Code", collation: "NOCASE"), .column("Qty", direction: .descending)])
            #expect(schema.view(named: "Customer names")?.definition == "SELECT \"FirstName\" || ' ' || \"LastName\" AS name FROM \"Customer\"")
        }
    }
}

/// The SQLite splitter, for tests that reorder a script's statements.
enum SQLSplitterForTests {
    static func split(_ script: String) throws -> [String] {
        try SQLSplitter(dialect: .sqlite).split(script).map(\.text)
    }
}
