import Dialects
import Schema
import Testing

@Test func sqliteTmpDebug() async throws {
    let (_, actual, ddl) = try await SchemaRoundTrip.modelRoundTrip(SQLiteSchemaModelTests.corpus, on: .sqlite)
    print(ddl.joined(separator: ";\n"))
    print(String(decoding: actual.jsonData(prettyPrinted: true), as: UTF8.self).prefix(5000))
}
@Test(arguments: ["01_blog.sql", "02_legacy.sql", "03_unmodelled.sql", "04_strict.sql"]) func sqliteTmpCorpus(name: String) async throws {
    let (original, _) = try await SQLiteSchemaCorpusTests.originalAndCopy(try SQLiteSchemaCorpusTests.script(name))
    print("=== \(name)")
    print(SchemaRoundTrip.dumpText(original, dialect: Dialects.SQLiteDialect()))
    for t in original.tables where t.unsupported != nil { print("UNSUPPORTED \(t.name): \(t.unsupported!)") }
}
