import Foundation

// The tools the bench runs: the `strata` to measure, dbmate, and the engines' clients.

/// The path of `name` on `$PATH`, or nil.
func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) {
            // A pyenv shim is a shell script that adds ~40 ms; use the binary behind it.
            if p.contains("/.pyenv/shims/") {
                let real = capture(["/usr/bin/env", "pyenv", "which", name])
                let path = real.out.trimmingCharacters(in: .whitespacesAndNewlines)
                if real.status == 0, !path.isEmpty { return path }
            }
            return p
        }
    }
    return nil
}

extension Global {
    /// dbmate, for the comparison: `$DBMATE`, else on `$PATH`; nil when not installed.
    static let dbmate: String? = ProcessInfo.processInfo.environment["DBMATE"] ?? which("dbmate")
}

/// The absolute path of the `strata` to measure: `--strata PATH` (relative to the current
/// directory, which the bench leaves for its work directory later), else the `strata` next
/// to this executable. Dies when it is not an executable file.
func strataExecutable(_ options: Options) -> String {
    if let given = options.strata {
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            die("--strata \(given): no executable file there; build one first (swift build -c release --product strata, or scripts/build-release)")
        }
        return path
    }
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    let strata = "\(binDir)/strata"
    guard FileManager.default.isExecutableFile(atPath: strata) else {
        die("\(strata) not found; build it first: scripts/build-release, or pass --strata PATH")
    }
    return strata
}
