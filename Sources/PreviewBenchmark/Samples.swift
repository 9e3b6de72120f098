import Core

/// The benchmark's labels: one label's data for each shipped template, and a dense label written by hand.
enum Samples {
    static let product: [String: JSONValue] = [
        "product_name": .string("Chicken thighs, free range, skin on"), "gtin": .string("09501101530003"),
        "net_weight_kg": .number(1.234), "production_date": .string("2026-11-22"),
        "expiry_date": .string("2026-12-02"), "lot": .string("L2611220042"),
    ]
    static let lot: [String: JSONValue] = ["lot": .string("L2611220042")]

    /// A 4 × 6 in label at 300 dpi with 40 text fields, six bar codes, a QR code, a Data Matrix, boxes and a
    /// 600 × 300 dot ^GF image.
    /// Fonts A to H, each at magnifications 1 to 3 (capitals, small letters, digits and signs), on a 4×6 in label.
    static let bitmapFonts: [UInt8] = {
        var zpl = "^XA^PW1218^LL1800"
        let text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 !#$%&()*+,-./:;<=>?@[]{}|"
        let matrices: [(Character, Int, Int)] = [
            ("A", 9, 5), ("B", 11, 7), ("C", 18, 10), ("D", 18, 10), ("E", 28, 15), ("F", 26, 13), ("G", 60, 40),
            ("H", 21, 13),
        ]
        var y = 10
        for (font, height, width) in matrices {
            for magnification in 1...3 {
                zpl += "^FO10,\(y)^A\(font)N,\(height * magnification),\(width * magnification)^FD\(text)^FS"
                y += height * magnification + 4
            }
        }
        return Array((zpl + "^XZ").utf8)
    }()

    static let dense: [UInt8] = {
        var zpl = "^XA^PW1218^LL1800^CI28"
        for row in 0..<20 {
            zpl += "^FO40,\(20 + row * 30)^A0N,28,28^FDLine \(row): Chicken thighs 1.234 kg ÄÖÜ^FS"
            zpl += "^FO640,\(20 + row * 30)^ADN,18,10^FDLOT L26112200\(row)^FS"
        }
        zpl += "^FO30,10^GB1158,620,4,B,2^FS^FO30,640^GB1158,4,4^FS"
        zpl += "^BY3^FO60,660^BCN,150,Y,N,N,D^FD(01)09501101530003(3103)001234(11)261122^FS"
        zpl += "^BY2^FO60,880^BCN,120,Y,N^FD>;>8011234567890123410L42>6ABC^FS"
        zpl += "^FO700,880^BEN,120,Y,N^FD950110153000^FS"
        zpl += "^FO60,1060^B3N,N,100,Y,N^FDCODE39TEST^FS"
        zpl += "^FO600,1060^B2N,100,Y,N,N^FD1234567890^FS"
        zpl += "^FO60,1220^BUN,100,Y,N,Y^FD01234567890^FS"
        zpl += "^FO460,1220^BQN,2,5^FDQA,https://id.example.com/01/09501101530003/10/L123^FS"
        zpl += "^FO800,1220^BXN,8,200,,,,_^FD_10109501101530003_110L123^FS"
        zpl += "^FO400,1500^A0R,40,40^FDRotated text^FS^FO300,1500^A0B,40,40^FDBottom up^FS"
        zpl += "^FO700,1550^GC120,6,B^FS^FO850,1550^GE200,100,5^FS^FO1080,1550^GD100,100,4,B,R^FS"
        zpl += "^FO60,1490^GFA,22500,22500,75,"
        for row in 0..<300 { zpl += row % 2 == 0 ? "hFF0,\n" : ":\n" }
        zpl += "^FS^XZ"
        return Array(zpl.utf8)
    }()
}
