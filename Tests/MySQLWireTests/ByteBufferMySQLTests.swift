import NIOCore
import Testing
@testable import MySQLWire

@Suite struct ByteBufferMySQLTests {
    @Test(arguments: [
        (UInt64(0), "00"), (250, "fa"), (251, "fcfb00"), (0xFFFF, "fcffff"),
        (0x10000, "fd000001"), (0xFF_FFFF, "fdffffff"), (0x100_0000, "fe0000000100000000"),
        (UInt64.max, "feffffffffffffffff"),
    ])
    func lengthEncodedIntegerRoundTrip(value: UInt64, hex: String) throws {
        var b = ByteBuffer()
        b.writeMySQLLengthEncodedInteger(value)
        #expect(b.hex == hex)
        #expect(b.readMySQLLengthEncodedInteger() == value)
        #expect(b.readableBytes == 0)
    }

    @Test func truncatedLengthEncodedIntegerLeavesReaderIndex() {
        var b = ByteBuffer(hex: "fd0000")
        #expect(b.readMySQLLengthEncodedInteger() == nil)
        #expect(b.readerIndex == 0)
        var s = ByteBuffer(hex: "05 6162")
        #expect(s.readMySQLLengthEncodedSlice() == nil)
        #expect(s.readerIndex == 0)
    }

    @Test func nullAndErrorPrefixesAreNotIntegers() {
        var null = ByteBuffer(hex: "fb")
        #expect(null.readMySQLLengthEncodedInteger() == nil)
        var ff = ByteBuffer(hex: "ff")
        #expect(ff.readMySQLLengthEncodedInteger() == nil)
    }

    @Test func nullTerminatedString() {
        var b = ByteBuffer(hex: "616263 00 64")
        #expect(b.readMySQLNullTerminatedString() == "abc")
        #expect(b.readableBytes == 1)
        #expect(b.readMySQLNullTerminatedString() == nil)
    }
}
