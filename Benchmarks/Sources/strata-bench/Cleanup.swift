import Foundation

#if canImport(Glibc)
import Glibc
#endif

// What the bench changed on the servers and on disk is undone when it ends, also on failure
// and on SIGINT/SIGTERM.

/// Undo actions (restore a server setting, drop a schema), run in reverse order of
/// registration when the bench ends early; each one removed when done normally.
// @unchecked: every stored property is read and written under `lock`.
final class Cleanup: @unchecked Sendable {
    private let lock = NSLock()
    /// Held while actions run, so that a second caller waits for the first to finish.
    private let runLock = NSLock()
    private var interrupted = false
    private var actions: [(id: Int, run: @Sendable () -> Void)] = []
    private var nextID = 0
    private var child: pid_t = 0

    func add(_ run: @escaping @Sendable () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        actions.append((nextID, run))
        return nextID
    }

    /// Runs one action now (if it has not run yet) and forgets it.
    func run(_ id: Int) {
        lock.lock()
        let index = actions.firstIndex { $0.id == id }
        let action = index.map { actions.remove(at: $0) }
        lock.unlock()
        action?.run()
    }

    func setChild(_ pid: pid_t) {
        lock.lock()
        child = pid
        let stop = interrupted && pid > 0
        lock.unlock()
        if stop { kill(pid, SIGTERM) }
    }

    /// Called by the main thread between steps: once interrupted, it does nothing more and
    /// waits for the signal handler, which cleans up and exits.
    func haltIfInterrupted() {
        while isInterrupted { pause() }
    }

    /// Marks the bench as interrupted (by a signal): the main thread then only waits.
    func interrupt() {
        lock.lock()
        interrupted = true
        lock.unlock()
    }

    var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return interrupted
    }

    /// Stops the running child, then runs every pending action, newest first.
    func runAll() {
        runLock.lock()
        defer { runLock.unlock() }
        lock.lock()
        let pending = actions.reversed()
        actions = []
        let pid = child
        lock.unlock()
        if pid > 0 {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        for a in pending { a.run() }
    }
}

enum Global {
    static let cleanup = Cleanup()
    static let signalQueue = DispatchQueue(label: "strata-bench.signals")
}

func die(_ message: String) -> Never {
    if !Global.cleanup.isInterrupted { FileHandle.standardError.write(Data("strata-bench: \(message)\n".utf8)) }
    Global.cleanup.runAll()
    // Interrupted: the signal handler has cleaned up (runAll waited for it) and exits.
    Global.cleanup.haltIfInterrupted()
    exit(1)
}

func fail(_ what: String, _ m: Measurement) -> Never {
    die("\(what) exited with \(m.status)")
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("strata-bench: \(message)\n".utf8))
}

/// Ctrl-C / SIGTERM: stops the child, runs every pending undo action (restore server
/// settings, drop schemas, remove the work directory), then exits with 128 + the signal.
/// The sources must stay alive (and are cancelled) for as long as the bench runs.
func installSignalHandlers() -> [any DispatchSourceSignal] {
    var sources: [any DispatchSourceSignal] = []
    for sig in [SIGINT, SIGTERM] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: Global.signalQueue)
        source.setEventHandler {
            FileHandle.standardError.write(Data("strata-bench: interrupted; cleaning up\n".utf8))
            Global.cleanup.interrupt()
            Global.cleanup.runAll()
            exit(128 + sig)
        }
        source.resume()
        sources.append(source)
    }
    return sources
}
