import Testing

@testable import Preview

@Suite struct ShapeTests {
    @Test func boxBorderAndFill() throws {
        let border = try #require(render("^XA^FO10,10^GB100,50,5^FS^XZ").labels[0].bitmap)
        #expect(border.blackCount == 100 * 50 - 90 * 40)
        #expect(border[10, 10] && border[109, 59] && !border[50, 30] && !border[110, 10])
        let filled = try #require(render("^XA^FO10,10^GB100,50,50^FS^XZ").labels[0].bitmap)
        #expect(filled.blackCount == 5000)
        let line = try #require(render("^XA^FO10,10^GB300,3,3^FS^XZ").labels[0].bitmap)
        #expect(line.blackCount == 900)
    }

    @Test func whiteBoxClears() throws {
        let bitmap = try #require(render("^XA^FO0,0^GB100,100,100^FS^FO25,25^GB50,50,50,W^FS^XZ").labels[0].bitmap)
        #expect(bitmap.blackCount == 10_000 - 2_500)
    }

    @Test func roundedBoxLosesItsCorners() throws {
        let bitmap = try #require(render("^XA^FO10,10^GB100,100,100,B,8^FS^XZ").labels[0].bitmap)
        #expect(!bitmap[10, 10] && bitmap[60, 60] && bitmap[60, 10])
        #expect(bitmap.blackCount < 10_000 && bitmap.blackCount > 7_500)
    }

    @Test func circleAndEllipse() throws {
        let disc = try #require(render("^XA^FO0,0^GC100,50^FS^XZ").labels[0].bitmap)
        // A filled disc of diameter 100 covers about pi * 50 * 50 dots.
        #expect(abs(disc.blackCount - 7854) < 200)
        #expect(!disc[2, 2] && disc[50, 50])
        let ring = try #require(render("^XA^FO0,0^GC100,5^FS^XZ").labels[0].bitmap)
        #expect(!ring[50, 50] && ring[50, 2] && ring[2, 50])
        let ellipse = try #require(render("^XA^FO0,0^GE200,100,50^FS^XZ").labels[0].bitmap)
        #expect(abs(ellipse.blackCount - 15_708) < 300)
        #expect(inkBox(ellipse) == DotRect(x: 0, y: 0, width: 200, height: 100))
    }

    @Test func diagonalLeansBothWays() throws {
        let right = try #require(render("^XA^FO0,0^GD100,100,4,B,R^FS^XZ").labels[0].bitmap)
        #expect(right[98, 0] && right[1, 99] && !right[1, 0])
        let left = try #require(render("^XA^FO0,0^GD100,100,4,B,L^FS^XZ").labels[0].bitmap)
        #expect(left[1, 0] && left[98, 99] && !left[98, 0])
        #expect(right.blackCount == 400)
    }
}
