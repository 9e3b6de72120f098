import Core
import Testing

@Suite struct AddressRangeTests {
    @Test func parsesIPv4AndIPv6Addresses() throws {
        #expect(IPAddress("10.0.0.5")?.bytes == [10, 0, 0, 5])
        #expect(IPAddress("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress("[fe80::1%eth0]")?.bytes == [0xFE, 0x80] + Array(repeating: 0, count: 13) + [1])
        #expect(IPAddress("2001:db8::10:1")?.description == "2001:db8:0:0:0:0:10:1")
        #expect(IPAddress("::ffff:192.168.1.9") == IPAddress("192.168.1.9"))
        for bad in ["", "10.0.0", "10.0.0.256", "010.0.0.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1", "host.example"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func containsTheAddressesOfItsBlock() throws {
        let lan = try AddressRange("192.168.10.0/24")
        #expect(lan.contains(IPAddress("192.168.10.200")!))
        #expect(!lan.contains(IPAddress("192.168.11.1")!))
        let odd = try AddressRange("10.0.0.77/26")
        #expect(odd.description == "10.0.0.64/26")
        #expect(odd.contains(IPAddress("10.0.0.127")!))
        #expect(!odd.contains(IPAddress("10.0.0.128")!))
        let single = try AddressRange("10.1.2.3")
        #expect(single.contains(IPAddress("10.1.2.3")!) && !single.contains(IPAddress("10.1.2.4")!))
        let v6 = try AddressRange("fd00::/8")
        #expect(v6.contains(IPAddress("fd12:3456::1")!))
        #expect(!v6.contains(IPAddress("fe80::1")!))
        #expect(!v6.contains(IPAddress("10.0.0.1")!))
        #expect(try AddressRange("0.0.0.0/0").contains(IPAddress("203.0.113.9")!))
        #expect(!(try AddressRange("0.0.0.0/0")).contains(IPAddress("::1")!))
    }

    @Test func readsAListAndRefusesWhatIsNoBlock() throws {
        #expect(try AddressRange.list("").isEmpty)
        let ranges = try AddressRange.list(" 10.0.0.0/8, ::1 ,")
        #expect(ranges.map(\.description) == ["10.0.0.0/8", "0:0:0:0:0:0:0:1/128"])
        #expect(ranges.containsAddress(IPAddress("::1")!))
        for bad in ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8/8", "printers.local", "10.0.0.0/-1"] {
            #expect(throws: AddressRangeError.self, "\(bad)") { try AddressRange(bad) }
        }
    }

    @Test func forwardedForIsReadOnlyFromATrustedProxy() throws {
        let proxies = try AddressRange.list("10.0.0.2,10.0.0.3")
        let proxy = IPAddress("10.0.0.2")
        let outsider = IPAddress("198.51.100.7")
        // An untrusted peer is the client, whatever it forwards.
        #expect(ForwardedFor.client(peer: outsider, forwardedFor: ["192.0.2.1"], trustedProxies: proxies) == outsider)
        // The right-most address that is not a proxy, not what the client wrote on the left.
        #expect(
            ForwardedFor.client(
                peer: proxy, forwardedFor: ["6.6.6.6, 192.0.2.1", "10.0.0.3"], trustedProxies: proxies)
                == IPAddress("192.0.2.1"))
        #expect(
            ForwardedFor.client(peer: proxy, forwardedFor: ["[2001:db8::5]:4711"], trustedProxies: proxies)
                == IPAddress("2001:db8::5"))
        #expect(ForwardedFor.client(peer: proxy, forwardedFor: [], trustedProxies: proxies) == proxy)
        #expect(ForwardedFor.client(peer: proxy, forwardedFor: ["garbage"], trustedProxies: proxies) == nil)
        #expect(ForwardedFor.client(peer: nil, forwardedFor: ["192.0.2.1"], trustedProxies: proxies) == nil)
    }
}
