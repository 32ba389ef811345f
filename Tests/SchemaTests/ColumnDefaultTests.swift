import Schema
import Testing

/// The shapes a normaliser reduces defaults to.
@Suite struct ColumnDefaultTests {
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("-0.000", "0"), ("+001.50", "1.5"), ("-.5", "-0.5"), ("10.", "10"),
        ("  42 ", "42"), ("100", "100"), ("0.010", "0.01"), ("-12.3400", "-12.34"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func numbersAreNormalised(text: String, expected: String) {
        #expect(ColumnDefault.number(normalizing: text) == .number(expected))
    }

    @Test(arguments: ["", ".", "-", "1e3", "0x10", "1.2.3", "1,5", "abc", "--1", "١٢"])
    func nonDecimalsAreRefused(text: String) {
        #expect(ColumnDefault.number(normalizing: text) == nil)
    }

    @Test func synonymsAreOneCase() {
        // What the normalisers will produce for now(), CURRENT_TIMESTAMP, current_timestamp():
        // one case, so that they compare equal whatever the engine kept.
        let fromNow = Column("at", .timestampWithZone(), default: .currentTimestamp)
        let fromKeyword = Column("at", .timestampWithZone(), default: .currentTimestamp)
        #expect(fromNow == fromKeyword)
        #expect(ColumnDefault.expression("now()") != .currentTimestamp, "an expression is compared as text")
        #expect(ColumnDefault.null != .expression("NULL"))
    }
}
