import Foundation

#if canImport(Glibc)
import Glibc
#endif

// Short control commands (psql, mariadb, pyenv), run without measuring and with their output.

/// What a control command printed, and its exit status.
struct Captured {
    var status: Int32
    var out: String
    var err: String
    /// The first line of stderr, for one-line error messages.
    var firstError: String {
        err.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
    }
}

/// Runs a short control command (not measured) and captures its output.
func capture(_ argv: [String], env: [String: String] = [:]) -> Captured {
    if Thread.isMainThread { Global.cleanup.haltIfInterrupted() }
    let proc = Process()
    proc.executableURL = URL(fileURLWithPath: argv[0])
    proc.arguments = Array(argv.dropFirst())
    var e = ProcessInfo.processInfo.environment
    for (k, v) in env { e[k] = v }
    proc.environment = e
    let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(getpid())-stderr").path
    _ = FileManager.default.createFile(atPath: errFile, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errFile) }
    let out = Pipe()
    proc.standardOutput = out
    proc.standardError = FileHandle(forWritingAtPath: errFile)
    proc.standardInput = FileHandle.nullDevice
    do { try proc.run() } catch {
        return Captured(status: 127, out: "", err: "\(argv[0]): \(error.localizedDescription)")
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    proc.waitUntilExit()
    let err = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
    return Captured(status: proc.terminationStatus, out: String(decoding: data, as: UTF8.self), err: err)
}
