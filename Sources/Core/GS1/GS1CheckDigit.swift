/// The GS1 mod-10 check digit (GS1 General Specifications §7.9.1) of GTINs and SSCCs.
public enum GS1CheckDigit {
    /// The check digit for `data` (digits without their check digit): from the rightmost digit, weights 3, 1, 3, …;
    /// check = (10 − sum mod 10) mod 10. Nil when `data` is empty or holds a non-digit.
    public static func compute(_ data: some StringProtocol) -> Int? {
        guard !data.isEmpty else { return nil }
        var sum = 0
        for (index, character) in data.reversed().enumerated() {
            guard let digit = character.asciiDigit else { return nil }
            sum += digit * (index.isMultiple(of: 2) ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// True when the last digit of `number` is the check digit of the digits before it.
    public static func isValid(_ number: some StringProtocol) -> Bool {
        guard number.count >= 2, let last = number.last?.asciiDigit else { return false }
        return compute(number.dropLast()) == last
    }
}

extension Character {
    /// The value of an ASCII digit `0`–`9`, nil for anything else (including other scripts' digits).
    var asciiDigit: Int? {
        guard let ascii = asciiValue, (48...57).contains(ascii) else { return nil }
        return Int(ascii - 48)
    }
}
