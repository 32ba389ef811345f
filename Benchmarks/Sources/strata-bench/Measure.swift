import Foundation

#if canImport(Glibc)
import Glibc
#endif

// Spawning one measured process: wall time and peak memory.

/// How long a measured process ran, its peak RSS and its exit status.
struct Measurement {
    var wallMs: Double
    var maxRSSKB: Int
    var status: Int32
}

/// The environment of this process with `extra` added, as `KEY=VALUE` strings.
func environment(_ extra: [String: String]) -> [String] {
    var env = ProcessInfo.processInfo.environment
    for (k, v) in extra { env[k] = v }
    return env.map { "\($0.key)=\($0.value)" }
}

/// Runs a command (no shell) and measures wall time and the child's peak RSS.
func measure(_ argv: [String], stdinFile: String? = nil, env: [String: String] = [:], cwd: String) -> Measurement {
    precondition(FileManager.default.currentDirectoryPath == cwd, "measure: run from the work directory")
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    if let stdinFile { posix_spawn_file_actions_addopen(&actions, 0, stdinFile, O_RDONLY, 0) }
    // This process ignores SIGINT/SIGTERM (a dispatch source handles them); children get the defaults.
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGTERM)
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF))
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    let envStrings: [String]? = env.isEmpty ? nil : environment(env)
    let cEnv: [UnsafeMutablePointer<CChar>?]? = envStrings.map { $0.map { strdup($0) } + [nil] }
    defer { if let cEnv { for p in cEnv { free(p) } } }
    Global.cleanup.haltIfInterrupted()
    let start = DispatchTime.now().uptimeNanoseconds
    let rc: Int32
    if let cEnv {
        rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, cEnv)
    } else {
        rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, environ)
    }
    guard rc == 0 else {
        return Measurement(wallMs: -1, maxRSSKB: 0, status: 127)
    }
    Global.cleanup.setChild(pid)
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    Global.cleanup.setChild(0)
    Global.cleanup.haltIfInterrupted()
    let end = DispatchTime.now().uptimeNanoseconds
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Measurement(wallMs: Double(end - start) / 1e6, maxRSSKB: usage.ru_maxrss, status: exitStatus)
}
