import Dialects
import Drivers
import Foundation
import Schema
import StrataTestSupport
import Testing

/// The SQL corpus on a real MySQL or MariaDB: live → dump → fresh database → dump again.
@Suite("MySQL schema corpus")
struct MySQLSchemaCorpusTests {
    static let files = (try? SchemaRoundTrip.corpus(.mysql).map(\.name)) ?? []

    @Test("dump of a corpus schema re-creates it exactly", arguments: files)
    func dumpRoundTrip(file: String) async throws {
        let script = try #require(try SchemaRoundTrip.corpus(.mysql).first { $0.name == file }).script
        let copy = try await MySQLCopy.make(script: script)
        #expect(copy.firstDump == copy.secondDump, "\(file): dumps differ\n--- first\n\(copy.firstDump)\n--- second\n\(copy.secondDump)")
        #expect(copy.original == copy.copy, "\(file): \(SchemaRoundTrip.difference(copy.original, copy.copy))")
        let normalized = copy.dialect.normalizer.normalize(copy.original)
        #expect(normalized == copy.original, "\(file): inspection is not a fixed point: \(SchemaRoundTrip.difference(copy.original, normalized))")
        #expect(copy.dialect.normalizer.normalize(normalized) == normalized, "\(file): normalize is not idempotent")
    }

    @Test("Strata's own tables are left out")
    func strataTablesLeftOut() async throws {
        let script = try #require(try SchemaRoundTrip.corpus(.mysql).first { $0.name == "04_unmodelled.sql" }).script
        try await TestEngine.mysql.withDatabase { database in
            try await SchemaRoundTrip.run(script: script, on: database)
            let schema = try await SchemaRoundTrip.inspect(database).schema
            for name in InspectionScope.strataTables() {
                #expect(schema.table(named: name) == nil, "\(name) was inspected")
            }
            #expect(schema.table(named: "accounts") != nil)
        }
    }

    @Test("unmodelled objects are reported, carried, and re-created")
    func unmodelledObjects() async throws {
        let script = try #require(try SchemaRoundTrip.corpus(.mysql).first { $0.name == "04_unmodelled.sql" }).script
        let copy = try await MySQLCopy.make(script: script)
        let expected: [(UnmodelledObject.Kind, String, String?)] = [
            (.generatedColumn, "full_name", "accounts"), (.generatedColumn, "name_length", "accounts"),
            (.trigger, "accounts_touch", "accounts"), (.partition, "readings", "readings"),
            (.other, "tuned.options", "tuned"), (.procedure, "add_account", nil), (.function, "double_it", nil),
            (.event, "nightly_cleanup", nil),
        ]
        for (kind, name, table) in expected {
            let object = copy.original.unmodelled.first { $0.kind == kind && $0.name == name }
            #expect(object != nil, "\(kind.rawValue) \(name) not carried")
            #expect(object?.table == table)
            #expect(object?.definition.isEmpty == false)
            #expect(!(object?.definition.contains("DEFINER") ?? true), "\(name) keeps its DEFINER")
            #expect(copy.warnings.contains { $0.kind == kind && $0.name == name && $0.message.contains(name) }, "no warning for \(name)")
            #expect(copy.copy.unmodelled.contains { $0.kind == kind && $0.name == name }, "\(name) not re-created")
            if let table {
                #expect(copy.original.table(named: table)?.unsupported != nil, "\(table) not marked unsupported")
            }
        }
        let accounts = try #require(copy.original.table(named: "accounts"))
        #expect(accounts.column(named: "full_name") == nil)
        #expect(accounts.index(named: "by_full_name") != nil)
        #expect(copy.firstDump == copy.secondDump)
    }
}

/// A corpus script applied to one database, dumped, the dump applied to another, both inspected.
struct MySQLCopy {
    var dialect: any Dialect
    var original: Schema
    var copy: Schema
    var warnings: [InspectionWarning]
    var firstDump: String
    var secondDump: String

    static func make(script: String) async throws -> MySQLCopy {
        let source = try await TestEngine.mysql.makeDatabase()
        let target = try await TestEngine.mysql.makeDatabase()
        do {
            try await SchemaRoundTrip.run(script: script, on: source)
            let dialect = try await SchemaRoundTrip.dialect(of: source)
            let inspection = try await SchemaRoundTrip.inspect(source)
            try await SchemaRoundTrip.apply(SchemaScript.creating(inspection.schema, with: dialect.renderer), to: target)
            let copy = try await SchemaRoundTrip.inspect(target).schema
            await source.drop()
            await target.drop()
            return MySQLCopy(
                dialect: dialect, original: inspection.schema, copy: copy, warnings: inspection.warnings,
                firstDump: SchemaRoundTrip.dumpText(inspection.schema, dialect: dialect),
                secondDump: SchemaRoundTrip.dumpText(copy, dialect: dialect))
        } catch {
            await source.drop()
            await target.drop()
            throw error
        }
    }
}
