import Core
import Testing

@Suite("Printer URI masking")
struct PrinterURIMaskingTests {
    @Test("the password of a URI's userinfo is masked; the user name, host, path and query stay")
    func masked() throws {
        #expect(
            PrinterURI.masked("cups://alice:CupsPw-4411@cups.local:631/line1")
                == "cups://alice:***@cups.local:631/line1")
        #expect(PrinterURI.masked("cups://alice:p@ss@host/q") == "cups://alice:***@host/q", "an @ in the password")
        #expect(PrinterURI.masked("cups://:secret@host/q") == "cups://:***@host/q")
        #expect(PrinterURI.masked("cups://alice@host/q") == "cups://alice@host/q", "no password")
        #expect(PrinterURI.masked("raw9100://10.0.0.5:9100") == "raw9100://10.0.0.5:9100")
        #expect(
            PrinterURI.masked("cups://host/q?user=a:b@c") == "cups://host/q?user=a:b@c", "the query is not userinfo")
        #expect(PrinterURI.masked("not a uri") == "not a uri")
    }

    @Test("a parsed URI describes itself masked and keeps the whole text for the transport")
    func parsed() throws {
        let uri = try PrinterURI("cups://alice:CupsPw-4411@cups.local:631/line1")
        #expect(uri.description == "cups://alice:***@cups.local:631/line1")
        #expect("\(uri)".contains("CupsPw") == false)
        #expect(uri.text == "cups://alice:CupsPw-4411@cups.local:631/line1")
        #expect(uri != (try PrinterURI("cups://alice:other@cups.local:631/line1")), "two passwords, two URIs")
    }

    @Test("an error quoting a URI that does not parse masks its password too")
    func errors() {
        #expect(throws: PrinterURIError.self) { try PrinterURI("cups://alice:CupsPw-4411@") }
        do {
            _ = try PrinterURI("cups://alice:CupsPw-4411@")
        } catch {
            #expect(!error.message.contains("CupsPw"), "\(error.message)")
        }
    }
}
