// The few keywords the lexer must recognise to find statement boundaries.

extension SQLLexer {
    /// A keyword that matters for statement boundaries, or `.none`.
    enum Keyword: UInt8 {
        case none
        // Nesting of compound bodies.
        case begin, `case`, end, `if`, loop, `while`, `repeat`, not
        // Statement prefixes.
        case create, or, replace, function, procedure, trigger, event, temp, temporary, delimiter
        // MySQL CREATE kinds that are not compound statements.
        case table, view, index, unique, fulltext, spatial, database, schema, user, role
        case server, tablespace, logfile, resource, sequence

        /// Reads the word `bytes[start..<start + length]`, ignoring ASCII case.
        init(bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) {
            @inline(__always)
            func matches(_ literal: StaticString) -> Bool {
                // `literal` is lowercase ASCII letters of exactly `length` bytes.
                let pointer = literal.utf8Start
                for offset in 0..<length where bytes[start + offset] | 0x20 != pointer[offset] {
                    return false
                }
                return true
            }
            let first = bytes[start] | 0x20
            switch (length, first) {
            case (2, 0x69): self = matches("if") ? .if : .none
            case (2, 0x6F): self = matches("or") ? .or : .none
            case (3, 0x65): self = matches("end") ? .end : .none
            case (3, 0x6E): self = matches("not") ? .not : .none
            case (4, 0x63): self = matches("case") ? .case : .none
            case (4, 0x6C): self = matches("loop") ? .loop : .none
            case (4, 0x74): self = matches("temp") ? .temp : .none
            case (4, 0x76): self = matches("view") ? .view : .none
            case (4, 0x75): self = matches("user") ? .user : .none
            case (4, 0x72): self = matches("role") ? .role : .none
            case (5, 0x62): self = matches("begin") ? .begin : .none
            case (5, 0x77): self = matches("while") ? .while : .none
            case (5, 0x65): self = matches("event") ? .event : .none
            case (5, 0x74): self = matches("table") ? .table : .none
            case (5, 0x69): self = matches("index") ? .index : .none
            case (6, 0x63): self = matches("create") ? .create : .none
            case (6, 0x72): self = matches("repeat") ? .repeat : .none
            case (6, 0x75): self = matches("unique") ? .unique : .none
            case (6, 0x73): self = matches("schema") ? .schema : matches("server") ? .server : .none
            case (7, 0x72): self = matches("replace") ? .replace : .none
            case (7, 0x74): self = matches("trigger") ? .trigger : .none
            case (7, 0x6C): self = matches("logfile") ? .logfile : .none
            case (7, 0x73): self = matches("spatial") ? .spatial : .none
            case (8, 0x66): self = matches("function") ? .function : matches("fulltext") ? .fulltext : .none
            case (8, 0x64): self = matches("database") ? .database : .none
            case (8, 0x72): self = matches("resource") ? .resource : .none
            case (8, 0x73): self = matches("sequence") ? .sequence : .none
            case (9, 0x70): self = matches("procedure") ? .procedure : .none
            case (9, 0x74): self = matches("temporary") ? .temporary : .none
            case (9, 0x64): self = matches("delimiter") ? .delimiter : .none
            case (10, 0x74): self = matches("tablespace") ? .tablespace : .none
            default: self = .none
            }
        }
    }
}
