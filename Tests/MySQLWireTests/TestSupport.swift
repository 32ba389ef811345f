import NIOCore
@testable import MySQLWire

extension ByteBuffer {
    /// A buffer from a hex string; spaces and newlines are ignored.
    init(hex: String) {
        var bytes: [UInt8] = []
        var pending: UInt8?
        for c in hex.unicodeScalars {
            guard let v = UInt8(String(c), radix: 16) else { continue }
            if let hi = pending {
                bytes.append(hi << 4 | v)
                pending = nil
            } else {
                pending = v
            }
        }
        self.init(bytes: bytes)
    }

    var hex: String {
        readableBytesView.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension Array where Element == UInt8 {
    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}

/// Builds server packets for fixtures, field by field as the protocol documentation
/// lays them out.
enum Fixture {
    static func payload(_ build: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var b = ByteBuffer()
        build(&b)
        return b
    }

    static let nonce: [UInt8] = Array(1...20)

    /// Protocol::HandshakeV10 of a MySQL 8 server.
    static func mysql8Greeting(plugin: String = "caching_sha2_password", capabilities: MySQLCapabilities? = nil, ssl: Bool = true) -> ByteBuffer {
        var caps = capabilities ?? MySQLCapabilities(rawValue: 0xDFFF_FFFF)
        if !ssl { caps.remove(.ssl) }
        return payload { b in
            b.writeInteger(UInt8(10))                               // protocol version
            b.writeMySQLNullTerminatedString("8.0.36")              // server version
            b.writeInteger(UInt32(42), endianness: .little)         // connection id
            b.writeBytes(nonce[0..<8])                              // auth-plugin-data-part-1
            b.writeInteger(UInt8(0))                                // filler
            b.writeInteger(UInt16(caps.rawValue & 0xFFFF), endianness: .little)        // capability flags (lower)
            b.writeInteger(UInt8(255))                              // character set
            b.writeInteger(UInt16(0x0002), endianness: .little)     // status flags
            b.writeInteger(UInt16((caps.rawValue >> 16) & 0xFFFF), endianness: .little) // capability flags (upper)
            b.writeInteger(UInt8(21))                               // auth plugin data length
            b.writeRepeatingByte(0, count: 10)                      // reserved
            b.writeBytes(nonce[8..<20])                             // auth-plugin-data-part-2
            b.writeInteger(UInt8(0))                                // ... its NUL
            b.writeMySQLNullTerminatedString(plugin)                // auth plugin name
        }
    }

    static func ok(affected: UInt64 = 0, lastID: UInt64 = 0, status: MySQLServerStatus = .autocommit, warnings: UInt16 = 0, header: UInt8 = 0x00) -> ByteBuffer {
        payload { b in
            b.writeInteger(header)
            b.writeMySQLLengthEncodedInteger(affected)
            b.writeMySQLLengthEncodedInteger(lastID)
            b.writeInteger(status.rawValue, endianness: .little)
            b.writeInteger(warnings, endianness: .little)
        }
    }

    static func err(_ code: UInt16, _ state: String, _ message: String) -> ByteBuffer {
        payload { b in
            b.writeInteger(UInt8(0xFF))
            b.writeInteger(code, endianness: .little)
            b.writeString("#" + state)
            b.writeString(message)
        }
    }

    static func eof(status: MySQLServerStatus = .autocommit) -> ByteBuffer {
        payload { b in
            b.writeInteger(UInt8(0xFE))
            b.writeInteger(UInt16(0), endianness: .little)
            b.writeInteger(status.rawValue, endianness: .little)
        }
    }

    static func column(_ name: String, _ type: MySQLColumnType) -> ByteBuffer {
        payload { b in MySQLColumn(name: name, type: type).encode(into: &b) }
    }

    static func row(_ values: [String?]) -> ByteBuffer {
        payload { b in
            MySQLRow(values: values.map { $0.map { ByteBuffer(string: $0) } }).encode(into: &b)
        }
    }

    static func lengthEncoded(_ n: UInt64) -> ByteBuffer {
        payload { b in b.writeMySQLLengthEncodedInteger(n) }
    }
}
