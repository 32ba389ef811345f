import Migrations
import Testing

@Suite struct VersionTests {
    @Test func parsesDigitsAndKeepsTheWrittenText() throws {
        let version = try #require(Version("003"))
        #expect(version.text == "003")
        #expect(version.description == "003")
        #expect(version.canonical == "3")
        #expect(version.parts == ["3"])
    }

    @Test func leadingZerosDoNotCount() {
        #expect(v("001") == v("1"))
        #expect(v("001").hashValue == v("1").hashValue)
        #expect(Set([v("001"), v("1"), v("0001")]).count == 1)
        #expect(v("000") == v("0"))
        #expect(v("000").canonical == "0")
    }

    @Test func comparesNumericallyNotLexically() {
        #expect(v("2") < v("10"))
        #expect(v("009") < v("10"))
        #expect(v("001") < v("002"))
        #expect(v("002") < v("20250101120000"))
        #expect(!(v("10") < v("10")))
    }

    @Test func twentyDigitVersionsBeyondSixtyFourBits() {
        let a = v("20250101120000000001")
        let b = v("20250101120000000002")
        let c = v("99999999999999999999")
        let d = v("100000000000000000000")
        #expect(a < b)
        #expect(b < c)
        #expect(c < d)
        #expect(v("00020250101120000000001") == a)
        #expect([d, c, a, b].sorted() == [a, b, c, d])
    }

    @Test func flywayPartsCompareOneByOne() {
        #expect(v("1.2") == v("1_2"))
        #expect(v("1.2") < v("1.10"))
        #expect(v("1.9") < v("2"))
        #expect(v("1") < v("1.1"))
        #expect(v("1.0") == v("1"))
        #expect(v("1.0.0") == v("001"))
        #expect(v("1.0.1") > v("1"))
        #expect(v("V1.2") == v("1.2"))
        #expect(v("1_2").text == "1_2")
        #expect(v("1_2").canonical == "1.2")
    }

    @Test(arguments: ["", "V", "abc", "1a", "1..2", "1.", ".1", "-1", "1 2", "１"])
    func rejectsNonVersions(_ text: String) {
        #expect(Version(text) == nil)
    }

    @Test func rangesContainTheirBounds() {
        let range = VersionRange(v("001"), through: v("017"))
        #expect(range.contains(v("1")))
        #expect(range.contains(v("017")))
        #expect(range.contains(v("9")))
        #expect(!range.contains(v("18")))
        #expect(range.description == "001..017")
        #expect(VersionRange(v("005")).description == "005")
    }
}
