/// GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1): the characters allowed in
/// alphanumeric AIs such as batch/lot (10) and serial (21).
///
/// `! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z`. Space, `#`, `$`, `@`, `[`, `\`, `]`, `^`, `{`, `|`, `}`, `~`,
/// backquote, control characters and everything outside ASCII are not in it.
public enum GS1CharacterSet82 {
    /// True when `character` belongs to character set 82.
    public static func contains(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return allowed[Int(ascii)]
    }

    /// The first character of `text` that is not in character set 82, or nil when all are.
    public static func firstInvalid(in text: some StringProtocol) -> Character? {
        text.first { !contains($0) }
    }

    private static let allowed: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for scalar in "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
            .unicodeScalars
        {
            table[Int(scalar.value)] = true
        }
        return table
    }()
}
