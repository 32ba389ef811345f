import ArgumentParser
import Foundation
import Strata

struct NewCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new migration file with up and down sections.",
        discussion: """
            The version is the UTC time (YYYYMMDDHHMMSS), or the next number when the \
            directory already numbers its migrations sequentially (001_, 002_…).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("What the migration does, e.g. create_users.", valueName: "name"))
    var name: String

    func validate() throws {
        if Self.slug(name).isEmpty {
            throw ValidationError("name '\(name)' has no letters or digits; describe the change, e.g. create_users")
        }
    }

    static func slug(_ name: String) -> String {
        var out = ""
        for c in name.lowercased() {
            if c.isLetter || c.isNumber { out.append(c) } else if !out.hasSuffix("_") { out.append("_") }
        }
        while out.hasSuffix("_") { out.removeLast() }
        while out.hasPrefix("_") { out.removeFirst() }
        return out
    }

    func run() async throws {
        try await running(global) { output in
            let dir = LocalDirectory(global.directoryPath)
            let names: [String]
            do {
                names = try dir.fileNames()
            } catch let e as MigrationFileError where e.code == .directoryNotFound {
                try dir.create()
                names = []
            }
            let version = NewCommand.nextVersion(existing: names, now: Date())
            let file = "\(version)_\(NewCommand.slug(name)).sql"
            try dir.write(file, contents: "-- migrate:up\n\n\n-- migrate:down\n\n")
            if global.json {
                output.printJSON(["file": dir.displayPath(of: file), "version": version])
            } else {
                output.line("created \(dir.displayPath(of: file))")
            }
        }
    }

    /// The next version: sequential (same width) when the directory's versions are short
    /// numbers, else a UTC timestamp (one second later than the newest, if that is later).
    static func nextVersion(existing names: [String], now: Date) -> String {
        let versions = names.compactMap { n -> String? in
            let digits = String(n.prefix(while: \.isNumber))
            return digits.isEmpty ? nil : digits
        }
        let sequential = !versions.isEmpty && versions.allSatisfy { $0.count < 14 }
        if sequential {
            let width = versions.map(\.count).max() ?? 3
            let next = (versions.compactMap { Int($0) }.max() ?? 0) + 1
            let s = String(next)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        var stamp = formatter.string(from: now)
        if let newest = versions.filter({ $0.count == 14 }).max(), newest >= stamp, let n = Int(newest) {
            stamp = String(n + 1)
        }
        return stamp
    }
}
