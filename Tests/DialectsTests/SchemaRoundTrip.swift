import Dialects
import Drivers
import Foundation
import SQLText
import Schema
import StrataTestSupport
import Testing

/// Round trips through a real database of one engine, shared by the engines' schema tests.
enum SchemaRoundTrip {
    /// Runs `statements` one by one on `database`, naming the failing one.
    static func apply(_ statements: [String], to database: TestDatabase) async throws {
        let connection = try await database.connect()
        do {
            for statement in statements {
                do {
                    try await connection.execute(statement)
                } catch {
                    throw RoundTripFailure("\(statement)\n→ \(error)")
                }
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs a whole SQL script (several statements) on `database` with the engine's splitter.
    static func run(script: String, on database: TestDatabase) async throws {
        try await apply(try SQLSplitter(dialect: database.engine.dialect).split(script).map(\.text), to: database)
    }

    /// Inspects `database` with its engine's inspector.
    static func inspect(_ database: TestDatabase) async throws -> Inspection {
        let connection = try await database.connect()
        do {
            let dialect = try await connection.serverDialect()
            let inspection = try await dialect.inspector.inspect(connection, scope: InspectionScope())
            try await connection.close()
            return inspection
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The dialect of `database`'s server.
    static func dialect(of database: TestDatabase) async throws -> any Dialect {
        let connection = try await database.connect()
        let dialect = try await connection.serverDialect()
        try? await connection.close()
        return dialect
    }

    /// The dump text of a schema: its statements, each ended by `;` and a blank line.
    static func dumpText(_ schema: Schema, dialect: any Dialect) -> String {
        SchemaScript.creating(schema, with: dialect.renderer).map { $0 + ";\n" }.joined(separator: "\n")
    }

    /// model → DDL → fresh database → inspect: returns the normalised model and what came back.
    static func modelRoundTrip(_ model: Schema, on engine: TestEngine) async throws -> (expected: Schema, actual: Schema, ddl: [String]) {
        let database = try await engine.makeDatabase()
        do {
            let dialect = try await dialect(of: database)
            let expected = dialect.normalizer.normalize(model)
            let ddl = SchemaScript.creating(expected, with: dialect.renderer)
            try await apply(ddl, to: database)
            let actual = try await inspect(database).schema
            await database.drop()
            return (expected, actual, ddl)
        } catch {
            await database.drop()
            throw error
        }
    }

    /// live (from `script`) → dump → fresh database → dump: returns both dumps.
    static func dumpRoundTrip(script: String, on engine: TestEngine) async throws -> (first: String, second: String) {
        let source = try await engine.makeDatabase()
        let target = try await engine.makeDatabase()
        do {
            try await run(script: script, on: source)
            let dialect = try await dialect(of: source)
            let first = dumpText(try await inspect(source).schema, dialect: dialect)
            try await apply(SchemaScript.creating(try await inspect(source).schema, with: dialect.renderer), to: target)
            let second = dumpText(try await inspect(target).schema, dialect: dialect)
            await source.drop()
            await target.drop()
            return (first, second)
        } catch {
            await source.drop()
            await target.drop()
            throw error
        }
    }

    /// The corpus scripts of an engine: `Corpus/<engine>/*.sql`, by name.
    static func corpus(_ engine: TestEngine, filePath: String = #filePath) throws -> [(name: String, script: String)] {
        let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Corpus").appendingPathComponent(engine.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        return try names.map { name in
            (name, try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        }
    }

    /// A readable account of where two schemas differ: their JSON forms, line by line.
    static func difference(_ expected: Schema, _ actual: Schema) -> String {
        let lines = { (schema: Schema) -> [String] in
            String(decoding: schema.jsonData(prettyPrinted: true), as: UTF8.self)
                .split(separator: "\n").map(String.init)
        }
        let left = lines(expected)
        let right = lines(actual)
        var out: [String] = []
        for (index, line) in left.enumerated() where index >= right.count || right[index] != line {
            out.append("line \(index + 1): expected \(line)\n          actual   \(index < right.count ? right[index] : "<none>")")
            if out.count >= 8 { break }
        }
        if left.count != right.count { out.append("expected \(left.count) lines, got \(right.count)") }
        return out.joined(separator: "\n")
    }
}

struct RoundTripFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
