import Schema

/// PostgreSQL's spellings of column defaults (`pg_get_expr` of `pg_attrdef.adbin`) and the
/// ``ColumnDefault`` cases they reduce to.
///
/// | `pg_get_expr` text | ``ColumnDefault`` |
/// |---|---|
/// | `NULL`, `NULL::text` | ``ColumnDefault/null`` |
/// | `true`, `false` | ``ColumnDefault/bool(_:)`` |
/// | `5`, `1.5`, `'-1'::integer`, `'-1.5'::numeric` on a numeric column | ``ColumnDefault/number(_:)`` |
/// | `'x'::text`, `'x'::character varying`, `'2020-01-01'::date`, `'ok'::mood`: a literal cast to the column's own type | ``ColumnDefault/string(_:)`` |
/// | `now()`, `CURRENT_TIMESTAMP`, `transaction_timestamp()` | ``ColumnDefault/currentTimestamp`` |
/// | `CURRENT_DATE` | ``ColumnDefault/currentDate`` |
/// | `CURRENT_TIME` | ``ColumnDefault/currentTime`` |
/// | `nextval('s'::regclass)` of a sequence the column does not own as a serial | ``ColumnDefault/nextValue(sequence:)`` |
/// | anything else (`LOCALTIMESTAMP`, `gen_random_uuid()`, `(now() + '1 day'::interval)`) | ``ColumnDefault/expression(_:)``, as `pg_get_expr` writes it |
enum PostgresDefaults {
    /// What a default's text means, for a column of `type` whose unmodified type name is
    /// `baseName` (`format_type(atttypid, NULL)`).
    static func parse(_ text: String, type: ColumnType, baseName: String) -> ColumnDefault {
        switch text {
        case "NULL": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "now()", "CURRENT_TIMESTAMP", "transaction_timestamp()": return .currentTimestamp
        case "CURRENT_DATE": return .currentDate
        case "CURRENT_TIME": return .currentTime
        default: break
        }
        if text.hasPrefix("NULL::") { return .null }
        if let number = ColumnDefault.number(normalizing: text) {
            return PostgresTypes.isNumeric(type) ? number : .expression(text)
        }
        if let (literal, cast) = castLiteral(text) {
            if PostgresTypes.isNumeric(type), PostgresTypes.numericNames.contains(cast),
               let number = ColumnDefault.number(normalizing: literal) {
                return number
            }
            if cast == baseName { return .string(literal) }
        }
        return .expression(text)
    }

    /// The sequence of a `nextval('name'::regclass)` default, as the parts of its name.
    static func nextvalSequence(_ text: String) -> [String]? {
        let prefix = "nextval('"
        let suffix = "'::regclass)"
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count > prefix.count + suffix.count else { return nil }
        let inner = String(text.dropFirst(prefix.count).dropLast(suffix.count))
        guard !inner.contains("'") || inner.contains("''") else { return nil }
        return PostgresNames.parts(ofQualified: inner.replacingOccurrences("''", with: "'"))
    }

    /// The canonical form of a hand-written default on a column of `type`: a literal of the
    /// wrong kind becomes the one the server reads back (`'5'` on an integer is a number,
    /// `5` on text a string, `'true'` on a boolean a truth value).
    static func normalized(_ value: ColumnDefault, type: ColumnType) -> ColumnDefault {
        switch value {
        case .string(let text) where PostgresTypes.isNumeric(type):
            return ColumnDefault.number(normalizing: text) ?? value
        case .string(let text) where type == .bool:
            switch text.lowercased() {
            case "t", "true", "y", "yes", "on", "1": return .bool(true)
            case "f", "false", "n", "no", "off", "0": return .bool(false)
            default: return value
            }
        case .number(let text) where !PostgresTypes.isNumeric(type) && type != .bool:
            return .string(text)
        case .number(let text):
            return ColumnDefault.number(normalizing: text) ?? value
        case .expression(let text):
            return parse(text, type: type, baseName: PostgresTypes.baseName(of: type) ?? "")
        default:
            return value
        }
    }

    /// The SQL of a default.
    static func sql(_ value: ColumnDefault, dialect: PostgresDialect) -> String {
        switch value {
        case .null: "NULL"
        case .string(let text): dialect.quoteLiteral(text)
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .currentTimestamp: "CURRENT_TIMESTAMP"
        case .currentDate: "CURRENT_DATE"
        case .currentTime: "CURRENT_TIME"
        case .nextValue(let sequence): "nextval(\(dialect.quoteLiteral(dialect.quoteIdentifier(sequence)))::regclass)"
        case .expression(let text): text
        }
    }

    /// `'it''s'::text` → (`it's`, `text`), or nil when the text is not one literal and a cast.
    static func castLiteral(_ text: String) -> (literal: String, cast: String)? {
        guard text.first == "'" else { return nil }
        var literal = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "'" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "'" {
                    literal.append("'")
                    index = text.index(after: next)
                    continue
                }
                let rest = text[next...]
                guard rest.hasPrefix("::") else { return nil }
                let cast = String(rest.dropFirst(2))
                // One cast only: `'x'::text::varchar` or a cast followed by more is an expression.
                guard !cast.isEmpty, !cast.contains("::"), !cast.contains("'"), !cast.contains(" || ") else { return nil }
                return (literal, cast)
            }
            literal.append(character)
            index = text.index(after: index)
        }
        return nil
    }
}

extension String {
    /// Every `target` replaced by `replacement` (no Foundation).
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
