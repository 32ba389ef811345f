#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Testing
import MySQLWire

/// A loopback socket that listens but never accepts: the kernel completes TCP connects,
/// and no greeting ever comes, like a hung server.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw MySQLError(.usage, "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw MySQLError(.usage, "bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}

@Suite struct MySQLConnectionTimeoutTests {
    @Test func silentServerHitsTheConnectTimeout() async throws {
        let listener = try SilentListener()
        let started = ContinuousClock.now
        await #expect {
            _ = try await MySQLConnection.connect(configuration: MySQLConfiguration(
                host: "127.0.0.1", port: listener.port, username: "root", password: "hunter22",
                connectTimeout: .milliseconds(300)
            ))
        } throws: { error in
            let e = error as? MySQLError
            return e?.code == .timeout && e?.message.contains("hunter22") == false
        }
        #expect(ContinuousClock.now - started < .seconds(8))
        withExtendedLifetime(listener) {}
    }

    @Test func refusedPortFailsFast() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await MySQLConnection.connect(configuration: MySQLConfiguration(host: "127.0.0.1", port: 1, username: "root"))
        } throws: { ($0 as? MySQLError)?.code == .connection }
        #expect(ContinuousClock.now - started < .seconds(8))
    }
}
