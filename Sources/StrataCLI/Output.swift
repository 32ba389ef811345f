import Foundation
import Strata

/// Where a command prints: human text (coloured on a terminal) or JSON, errors on stderr,
/// with the URL's password masked in everything.
final class Output: @unchecked Sendable {
    // Mutated only before the command starts (secret) and read afterwards; events may
    // arrive from the migrator's task, so writes go through `lock`.
    private let lock = NSLock()
    let json: Bool
    let quiet: Bool
    let verbose: Bool
    let colour: Bool
    var secret: String?

    init(json: Bool, quiet: Bool, verbose: Bool) {
        self.json = json
        self.quiet = quiet
        self.verbose = verbose
        self.colour = isatty(1) == 1 && environmentValue("NO_COLOR") == nil && environmentValue("TERM") != "dumb"
    }

    convenience init(_ options: GlobalOptions) {
        self.init(json: options.json, quiet: options.quiet, verbose: options.verbose)
    }

    func mask(_ text: String) -> String {
        guard let secret else { return text }
        return DatabaseURL.mask(secret, in: text)
    }

    /// A line of normal output (suppressed by --quiet and --json).
    func line(_ text: String) {
        guard !quiet, !json else { return }
        write(text + "\n", to: 1)
    }

    /// Detail shown with --verbose.
    func detail(_ text: String) {
        guard verbose, !json else { return }
        write(text + "\n", to: 1)
    }

    func warning(_ text: String) {
        write(paint("warning: ", .yellow) + text + "\n", to: 2)
    }

    func error(_ text: String) {
        write(paint("strata: error: ", .red) + text + "\n", to: 2)
    }

    func printJSON(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n", to: 1)
    }

    enum Colour: String {
        case red = "31", green = "32", yellow = "33", blue = "34", dim = "2", bold = "1"
    }

    func paint(_ text: String, _ colour: Colour) -> String {
        self.colour ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func write(_ text: String, to descriptor: Int32) {
        lock.lock()
        defer { lock.unlock() }
        var bytes = Array(mask(text).utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes = bytes.dropFirst(n)
        }
    }

    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// Clears the rest of a terminal line that a progress line used.
    private var clearLine: String { colour ? "\u{1B}[K" : "" }

    /// Progress from the migrator.
    func event(_ event: MigratorEvent) {
        switch event {
        case .waitingForLock(let holder):
            if !json { write("waiting for the migration lock, held by \(holder)…\n", to: 2) }
        case .applying(let version, let name, _):
            if colour && !quiet && !json { write(paint("  applying \(version) \(name)…", .dim) + "\r", to: 1) }
        case .applied(let m):
            line("\(paint("applied", .green))  \(m.version) \(m.name) \(paint("(\(plural(m.statements, "statement")), \(m.durationMs) ms)", .dim))" + clearLine)
        case .recorded(let version, let name, let reason):
            line("\(paint("recorded", .blue)) \(version) \(name) (\(reason))")
        case .cosmeticChange(let version, let file):
            line("\(paint("checksum", .blue)) \(version): \(file) changed only in comments or whitespace; new checksum recorded")
        case .reverting(let version, let name, _):
            if colour && !quiet && !json { write(paint("  reverting \(version) \(name)…", .dim) + "\r", to: 1) }
        case .reverted(let m):
            line("\(paint("reverted", .yellow)) \(m.version) \(m.name) \(paint("(\(plural(m.statements, "statement")), \(m.durationMs) ms)", .dim))" + clearLine)
        case .executing(let file, let line, let sql):
            let first = sql.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? sql
            detail(paint("    \(file):\(line)  ", .dim) + (first.count > 100 ? String(first.prefix(100)) + "…" : first))
        case .warning(let text):
            warning(text)
        }
    }
}
