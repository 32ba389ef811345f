import ArgumentParser
import Foundation
import Strata

struct DumpCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the live schema of --database-url: as DDL, JSON, a Mermaid or a Graphviz diagram.",
        discussion: """
            The output is deterministic: the same schema always gives the same bytes, whatever \
            the order its objects were created in, with no counters, dates or server banners. \
            Strata's own tables are left out. Objects Strata does not model (triggers, \
            functions, partitions…) are warned about on standard error and carried as the \
            engine gave them.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case sql, json, mermaid, dot
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("format"), help: ArgumentHelp("sql (DDL), json (the model), mermaid or dot (ER diagrams).", valueName: "format"))
    var format: Format = .sql

    @Option(name: .customLong("output"), help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var outputFile: String?

    func run() async throws {
        try await running(global) { output in
            let migrator = try global.migrator(output: output)
            let clock = ContinuousClock()
            let started = clock.now
            let (inspection, dialect) = try await migrator.inspectLive()
            let inspected = clock.now - started
            for warning in inspection.warnings { output.warning(warning.message) }
            let text: String
            switch format {
            case .sql: text = SchemaScript.text(SchemaScript.creating(inspection.schema, with: dialect.renderer), dialect: dialect)
            case .json: text = String(decoding: inspection.schema.jsonData(prettyPrinted: true), as: UTF8.self) + "\n"
            case .mermaid: text = SchemaDiagram.mermaid(inspection.schema)
            case .dot: text = SchemaDiagram.dot(inspection.schema)
            }
            let rendered = clock.now - started - inspected
            output.detail("inspected \(output.plural(inspection.schema.tables.count, "table")) in \(Self.ms(inspected)) ms with \(inspection.queryCount) catalog queries, rendered in \(Self.ms(rendered)) ms")
            if let outputFile {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: outputFile), options: .atomic)
                } catch {
                    throw UsageError("--output \(outputFile): cannot write it (\(error.localizedDescription)); give a writable path")
                }
                output.detail("wrote \(outputFile): \(inspection.schema.tables.count) tables, \(inspection.schema.views.count) views")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    static func ms(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
