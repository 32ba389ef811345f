#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket on a free port of 127.0.0.1 that never speaks, for testing how clients
/// fail: only bound, connections to it are refused; listening, the kernel completes the
/// TCP handshake and nobody ever reads or answers, like a hung server.
public final class LoopbackSocket: Sendable {
    /// The socket's file descriptor.
    public let fd: Int32
    /// The port it is bound to.
    public let port: Int

    /// Why the socket could not be set up.
    public struct SetupError: Error, CustomStringConvertible {
        /// What failed, with the system's reason.
        public let description: String
    }

    /// Binds a socket to a free port of 127.0.0.1, and listens on it if `shouldListen`.
    ///
    /// - Throws: ``SetupError`` when the system refuses.
    public init(listen shouldListen: Bool) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SetupError(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, length) == 0 && getsockname(fd, p, &length) == 0
            }
        }
        guard ready, !shouldListen || listen(fd, 16) == 0 else {
            Self.closeDescriptor(fd)
            throw SetupError(description: "bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Closes the socket; its port may then be reused.
    public func close() {
        Self.closeDescriptor(fd)
    }

    private static func closeDescriptor(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }
}
