import Core
import Foundation
import Testing

@Suite("JSON duplicate keys")
struct JSONDuplicateKeysTests {
    static func duplicate(_ json: String) -> String? {
        JSONDuplicateKeys.firstDuplicate(in: Array(json.utf8))
    }

    @Test("a key given twice in one object is found, with its path; the same key in two objects is not a duplicate")
    func found() {
        #expect(Self.duplicate(#"{"printer": "a", "printer": "b"}"#) == "printer")
        #expect(
            Self.duplicate(#"{"labels": [{"lot": "1"}, {"lot": "2", "gtin": "x", "lot": "3"}]}"#) == "labels[1].lot")
        #expect(Self.duplicate(#"{"a": {"b": {"c": 1, "c": 2}}}"#) == "a.b.c")
        #expect(Self.duplicate(#"{"labels": [{"lot": "1"}, {"lot": "2"}], "zpl": null}"#) == nil)
        #expect(Self.duplicate(#"[{"a": 1}, {"a": 1}]"#) == nil)
        #expect(Self.duplicate(#"{"a": "{\"a\": 1, \"a\": 2}"}"#) == nil, "text inside a string is not JSON")
        #expect(Self.duplicate(#"{"a\"b": 1, "a\"b": 2}"#) == #"a"b"#)
    }

    @Test("escapes name the same key as the plain text: \\u0061 is a")
    func escapes() {
        #expect(Self.duplicate(#"{"a": 1, "\u0061": 2}"#) == "a")
        #expect(Self.duplicate(#"{"é": 1, "\u00e9": 2}"#) == "é")
        #expect(Self.duplicate(#"{"😀": 1, "\ud83d\ude00": 2}"#) == "😀")
        #expect(Self.duplicate(#"{"a\nb": 1, "a\u000ab": 2}"#) == "a\nb")
    }

    @Test("deep nesting and many keys are read in one pass")
    func large() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.duplicate(deep) == nil)
        let keys = (0..<20_000).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(Self.duplicate("{\(keys)}") == nil)
        #expect(Self.duplicate("{\(keys), \"k19999\": 0}") == "k19999")
    }
}
