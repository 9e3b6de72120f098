import Core
import Foundation
import Testing

/// The scanner reads ZPL as a printer does; each policy allows what its comments say.
@Suite("ZPL policy")
struct ZPLPolicyTests {
    func problems(_ zpl: String, _ policy: ZPLPolicy = .label) -> [ZPLLabelCheck.Problem] {
        switch ZPLLabelCheck.check(zpl, policy: policy) {
        case .success: []
        case .failure(let problems): problems.items
        }
    }

    @Test func theScannerSplitsCommandsAsThePrinterReadsThem() {
        let scan = ZPLScanner.scan(Array("^XA^FO10,20^A0N,30,30^FDa,b^FS^xz".utf8), alternatePrefixes: false)
        #expect(scan.commands.map(\.description) == ["^XA", "^FO", "^A", "^FD", "^FS", "^XZ"])
        #expect(scan.commands.map(\.offset) == [0, 3, 11, 21, 27, 30])
        #expect(String(decoding: scan.commands[2].parameters, as: UTF8.self) == "0N,30,30")
        #expect(
            ZPLScanner.scan(Array("^A@N,20,20,E:F.TTF".utf8), alternatePrefixes: false).commands.first?.name == "A@")
    }

    @Test func aCaretInFieldDataStartsACommandAndIsChecked() {
        let found = problems("^XA^FDhello ^JUS world^FS^XZ")
        #expect(found.map(\.command) == ["^JU"])
        #expect(found.first?.offset == 12)
    }

    @Test func hexEscapesOfFieldDataAreData() {
        #expect(problems("^XA^FH^FD_5EJUS _7EJA_5E^FS^XZ").isEmpty)
    }

    @Test func whatDrawsALabelPasses() throws {
        let zpl = """
            ^XA^CI28^PW1200^LL1800^LH0,0^PR4^FWN
            ^FO50,50^A0N,40,40^FB600,2,0,L^FH^FDName_5F1^FS
            ^FO50,150^GB400,3,3^FS^FO50,200^BY3^BCN,100,Y,N,N^FD>;1234^FS
            ^FO50,400^BQN,2,5^FDQA,https://example.com^FS^FO50,600^BXN,10,200,,,,_^FD_1010950110153000310L1^FS
            ^FO50,800^GFA,8,8,1,FF00FF00FF00FF00^FS^FX a comment^PQ1^XZ
            """
        #expect(problems(zpl).isEmpty)
        #expect(try ZPLLabelCheck.check(zpl, policy: .label).get().copies == 1)
    }

    @Test("every command that is not drawing is refused by default, with its offset", arguments: deviceCommands)
    func deviceCommandsAreRefusedByDefault(command: String) throws {
        let zpl = "^XA^FO10,10^A0N,20,20^FDx^FS\(command)^XZ"
        let found = problems(zpl)
        #expect(!found.isEmpty, "\(command)")
        #expect(found.first?.offset == 28, "\(command)")
        #expect(found.first?.message.hasPrefix(found.first?.command ?? "-") == true)
    }

    @Test("the same commands pass on a device printer", arguments: deviceCommands)
    func deviceCommandsPassOnADevicePrinter(command: String) {
        #expect(problems("^XA^FO10,10^A0N,20,20^FDx^FS\(command)^XZ", .device).isEmpty, "\(command)")
    }

    @Test func controlBytesAreRefusedByDefaultAndReadAsPrefixesOnADevicePrinter() {
        let dle = "^XA^FDa\u{10}JA^FS^XZ"
        #expect(problems(dle).map(\.command) == ["0x10"])
        #expect(problems(dle).first?.offset == 7)
        #expect(problems("^XA^FDa\u{1E}JUS^FS^XZ").map(\.command) == ["0x1E"])
        #expect(problems("^XA^FDa\u{1B}^FS^XZ").map(\.command) == ["0x1B"])
        #expect(problems("^XA\r\n^FDa\tb^FS\n^XZ\n").isEmpty)
        // A device printer may be set to read DLE as ~ and RS as ^: the commands they start are checked as such.
        #expect(problems("^XA\u{1E}MD30\u{1E}FDa\u{1E}FS\u{10}SD15^XZ", .device).isEmpty)
        #expect(problems(dle, .device).map(\.command) == ["~JA"])
        #expect(problems("^XA\u{1E}XZ\u{1E}XA^FDx^FS^XZ", .device).first?.message.contains("formats") == true)
    }

    @Test func prefixChangesAndDisruptingControlsAreRefusedUnderBothPolicies() {
        for policy in ZPLPolicy.allCases {
            for command in ["^CC+", "^CT+", "^CD;", "~CC+", "~CT+", "~CD;", "~JA", "~JR", "~JX", "~HS", "~PP", "~WC"] {
                #expect(problems("^XA^FDx^FS\(command)^XZ", policy).map(\.command) == [String(command.prefix(3))])
            }
        }
    }

    @Test func quantityIsOneByDefaultAndCountedOnADevicePrinter() throws {
        #expect(problems("^XA^FDx^FS^PQ1^XZ").isEmpty)
        #expect(problems("^XA^FDx^FS^PQ2^XZ").map(\.command) == ["^PQ"])
        #expect(problems("^XA^FDx^FS^PQ5000^XZ").first?.message.contains("5000 copies") == true)
        #expect(problems("^XA^FDx^FS^PQ0^XZ", .device).map(\.command) == ["^PQ"])
        #expect(problems("^XA^FDx^FS^PQx^XZ", .device).map(\.command) == ["^PQ"])
        let checked = try ZPLLabelCheck.check("^XA^FDx^FS^PQ3,0,1,Y^XZ", policy: .device).get()
        #expect(checked.copies == 3)
        #expect(checked.zpl == "^XA^FDx^FS^PQ1,0,1,Y^XZ")
    }

    @Test func binaryGraphicsAreSkippedByLengthOnADevicePrinterAndRefusedByDefault() throws {
        let data = String(decoding: [0x5E, 0x7E, 0x10, 0x41], as: UTF8.self)
        let zpl = "^XA^FO0,0^GFB,4,4,1,\(data)^FS^XZ"
        #expect(problems(zpl, .device).isEmpty)
        #expect(problems(zpl).first?.command == "^GF")
    }

    @Test func structureIsOneFormat() {
        #expect(problems("")[0].message == "ZPL is empty")
        #expect(problems("^XA no end")[0].message == "ZPL must end with ^XZ")
        #expect(problems("hello ^XA^XZ")[0].message == "ZPL must start with ^XA")
        #expect(problems("^XA^XZ^XA^XZ")[0].message.contains("2 formats"))
        #expect(problems("^XA^XZ^XA^XZ")[0].command == nil)
        #expect(problems("~DGR:A.GRF,2,1,FF^XA^XZ", .device).isEmpty)
    }

    @Test func everyRefusalOfALabelIsNamedUpToTheLimit() {
        let many = "^XA" + String(repeating: "^JUS", count: 100) + "^XZ"
        #expect(problems(many).count == ZPLLabelCheck.maxProblems)
        #expect(problems("^XA^JUS^FDx^FS~JA^XZ").map(\.command) == ["^JU", "~JA"])
    }

    @Test("random bytes never crash the check and take linear time")
    func randomBytes() {
        var generator = SeededGenerator(seed: 12)
        let alphabet: [UInt8] = Array("^~XAZFDSPQ,0123456789_".utf8) + [0x10, 0x1E, 0x00, 0x0A, 0xC3, 0xA9]
        let start = ContinuousClock.now
        var checked = 0
        for round in 0..<2_000 {
            let count = Int.random(in: 0...(round % 10 == 0 ? 4_000 : 200), using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for policy in ZPLPolicy.allCases {
                _ = ZPLLabelCheck.check(text, policy: policy)
                checked += 1
            }
        }
        // A 256 KiB label of carets, the worst case for the number of commands.
        _ = ZPLLabelCheck.check(String(repeating: "^", count: JobLimits.maxLabelBytes), policy: .device)
        #expect(checked == 4_000)
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}

/// The device commands a security probe sent (all accepted before the policy), and more of the same kinds:
/// settings saved or reset, network, passwords, stored objects, media, host queries, stored formats, quantity.
let deviceCommands = [
    "^JUS", "^JUF", "^JUN", "^JUA", "^NSP,10.9.9.9,255.255.255.0,10.9.9.1^JUS", "^KP9999^JUS", "^IDE:*.*",
    "^IDR:*.*", "^MD30^JUS", "^HZA", "^SZ1", "^DFR:FORM.ZPL", "^XFR:FORM.ZPL", "^PQ500", "^MNY", "^MTT", "^MMP",
    "^JMA", "^HH", "^ILR:IMG.GRF", "^ISR:IMG.GRF", "^NC1", "^JZY",
]
