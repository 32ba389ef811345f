import NIOCore

// MARK: - Reading protocol primitives

extension ByteBuffer {
    /// Reads a length-encoded integer (1, 3, 4 or 9 bytes); nil if the buffer is too
    /// short or the first byte is not a valid prefix (0xFB NULL, 0xFF).
    ///
    /// The reader index is left alone when nil is returned.
    mutating func readMySQLLengthEncodedInteger() -> UInt64? {
        guard let first = getInteger(at: readerIndex, as: UInt8.self) else { return nil }
        switch first {
        case 0..<0xFB:
            moveReaderIndex(forwardBy: 1)
            return UInt64(first)
        case 0xFC:
            guard let v = getInteger(at: readerIndex + 1, endianness: .little, as: UInt16.self) else { return nil }
            moveReaderIndex(forwardBy: 3)
            return UInt64(v)
        case 0xFD:
            guard let lo = getInteger(at: readerIndex + 1, endianness: .little, as: UInt16.self),
                  let hi = getInteger(at: readerIndex + 3, as: UInt8.self) else { return nil }
            moveReaderIndex(forwardBy: 4)
            return UInt64(lo) | UInt64(hi) << 16
        case 0xFE:
            guard let v = getInteger(at: readerIndex + 1, endianness: .little, as: UInt64.self) else { return nil }
            moveReaderIndex(forwardBy: 9)
            return v
        default:
            return nil
        }
    }

    /// Reads a length-encoded string as a slice; nil if the buffer is too short.
    mutating func readMySQLLengthEncodedSlice() -> ByteBuffer? {
        let start = readerIndex
        guard let length = readMySQLLengthEncodedInteger() else { return nil }
        guard length <= UInt64(readableBytes), let slice = readSlice(length: Int(length)) else {
            moveReaderIndex(to: start)
            return nil
        }
        return slice
    }

    /// Reads a length-encoded string decoded as UTF-8; nil if the buffer is too short.
    mutating func readMySQLLengthEncodedString() -> String? {
        guard var slice = readMySQLLengthEncodedSlice() else { return nil }
        return slice.readString(length: slice.readableBytes)
    }

    /// Reads a NUL-terminated string; nil if there is no NUL.
    mutating func readMySQLNullTerminatedString() -> String? {
        guard let nul = readableBytesView.firstIndex(of: 0) else { return nil }
        let length = nul - readableBytesView.startIndex
        guard let s = readString(length: length) else { return nil }
        moveReaderIndex(forwardBy: 1)
        return s
    }

    /// Reads the rest of the buffer as a string.
    mutating func readMySQLRestAsString() -> String {
        readString(length: readableBytes) ?? ""
    }
}

// MARK: - Writing protocol primitives

extension ByteBuffer {
    /// Writes a length-encoded integer in the shortest form.
    @discardableResult
    mutating func writeMySQLLengthEncodedInteger(_ value: UInt64) -> Int {
        switch value {
        case 0..<0xFB:
            return writeInteger(UInt8(value))
        case 0xFB...0xFFFF:
            return writeInteger(UInt8(0xFC)) + writeInteger(UInt16(value), endianness: .little)
        case 0x10000...0xFF_FFFF:
            return writeInteger(UInt8(0xFD)) + writeInteger(UInt16(value & 0xFFFF), endianness: .little)
                + writeInteger(UInt8(value >> 16))
        default:
            return writeInteger(UInt8(0xFE)) + writeInteger(value, endianness: .little)
        }
    }

    /// Writes bytes prefixed by their length-encoded length.
    @discardableResult
    mutating func writeMySQLLengthEncodedBytes(_ bytes: some Collection<UInt8>) -> Int {
        writeMySQLLengthEncodedInteger(UInt64(bytes.count)) + writeBytes(bytes)
    }

    /// Writes a string followed by a NUL byte.
    @discardableResult
    mutating func writeMySQLNullTerminatedString(_ string: String) -> Int {
        writeString(string) + writeInteger(UInt8(0))
    }
}
