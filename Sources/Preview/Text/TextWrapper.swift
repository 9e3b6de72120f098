/// Breaks text into `^FB` lines: at `\&` (and line feeds), then at spaces so that each line fits the block's
/// width; a word wider than the block is broken between characters.
enum TextWrapper {
    static func wrap(_ scalars: [UInt32], width: Int, font: FontSpec) -> [[UInt32]] {
        var paragraphs: [[UInt32]] = [[]]
        var index = 0
        while index < scalars.count {
            if scalars[index] == 0x5C, index + 1 < scalars.count, scalars[index + 1] == 0x26 {
                paragraphs.append([])
                index += 2
                continue
            }
            if scalars[index] == 0x0A {
                paragraphs.append([])
            } else {
                paragraphs[paragraphs.count - 1].append(scalars[index])
            }
            index += 1
        }
        var lines: [[UInt32]] = []
        for paragraph in paragraphs {
            lines += wrapParagraph(paragraph, width: max(1, width), font: font)
            if lines.count > 10_000 { break }
        }
        return lines
    }

    private static func wrapParagraph(_ text: [UInt32], width: Int, font: FontSpec) -> [[UInt32]] {
        let words = text.split(separator: 0x20, omittingEmptySubsequences: true).map(Array.init)
        guard !words.isEmpty else { return [[]] }
        let spaceWidth = font.measure([0x20]).width
        var lines: [[UInt32]] = []
        var line: [UInt32] = []
        var lineWidth = 0
        for word in words {
            let wordWidth = font.measure(word).width
            if !line.isEmpty, lineWidth + spaceWidth + wordWidth <= width {
                line += [0x20] + word
                lineWidth += spaceWidth + wordWidth
                continue
            }
            if !line.isEmpty { lines.append(line) }
            if wordWidth <= width {
                line = word
                lineWidth = wordWidth
                continue
            }
            // A word wider than the block: as many characters a line as fit.
            line = []
            lineWidth = 0
            for scalar in word {
                let advance = font.measure([scalar]).width
                if !line.isEmpty, lineWidth + advance > width {
                    lines.append(line)
                    line = []
                    lineWidth = 0
                }
                line.append(scalar)
                lineWidth += advance
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
