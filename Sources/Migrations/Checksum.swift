import Crypto

/// SHA-256 checksums as lowercase hex.
enum Checksum {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// SHA-256 hex of `bytes` with CRLF and lone CR turned into LF.
    static func lineEndingNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(13) else {
            return digest(UnsafeRawBufferPointer(bytes))
        }
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                normalized.append(10)
                if index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else {
                normalized.append(byte)
            }
            index += 1
        }
        return normalized.withUnsafeBytes { digest($0) }
    }

    /// SHA-256 hex of a string's UTF-8 bytes, line endings normalised.
    static func lineEndingNormalized(_ text: String) -> String {
        var text = text
        return text.withUTF8 { lineEndingNormalized($0) }
    }

    /// SHA-256 hex of a string's UTF-8 bytes as they are.
    static func sha256(_ text: String) -> String {
        var text = text
        return text.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }

    private static func digest(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        // Over the digest's bytes directly: iterating the digest builds an array each time.
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 64) { output in
                var index = 0
                for byte in bytes {
                    output[index] = hexDigits[Int(byte >> 4)]
                    output[index + 1] = hexDigits[Int(byte & 0x0f)]
                    index += 2
                }
                return index
            }
        }
    }
}
