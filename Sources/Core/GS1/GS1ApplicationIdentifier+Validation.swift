extension GS1ApplicationIdentifier {
    /// Checks `value` against this AI: length, digits, check digit, calendar date or character set 82.
    public func validate(_ value: String) throws(GS1Error) {
        let count = value.count
        guard length.contains(count) else {
            let expected =
                isFixedLength ? "\(length.lowerBound)" : "\(length.lowerBound) to \(length.upperBound)"
            throw GS1Error(.length, ai: code, "value has \(count) characters, expected \(expected)")
        }
        switch content {
        case .digits, .digitsWithCheckDigit, .date:
            if let bad = value.first(where: { $0.asciiDigit == nil }) {
                throw GS1Error(.notNumeric, ai: code, "'\(bad)' is not a digit")
            }
        case .characterSet82:
            if let bad = GS1CharacterSet82.firstInvalid(in: value) {
                throw GS1Error(.characterSet, ai: code, "'\(bad)' is not in GS1 character set 82")
            }
        }
        switch content {
        case .digitsWithCheckDigit:
            let expected = GS1CheckDigit.compute(value.dropLast())!
            guard value.last?.asciiDigit == expected else {
                throw GS1Error(.checkDigit, ai: code, "check digit should be \(expected)")
            }
        case .date:
            try Self.validateDate(value, ai: code)
        case .digits, .characterSet82:
            break
        }
    }

    /// `YYMMDD` with month 01–12 and day 00 (end of month) or 01 to the month's last day. February 29 is accepted
    /// when YY is divisible by 4, which is right for every year from 1901 to 2099.
    static func validateDate(_ value: String, ai: String) throws(GS1Error) {
        let digits = value.compactMap(\.asciiDigit)
        let year = digits[0] * 10 + digits[1]
        let month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        guard (1...12).contains(month) else {
            throw GS1Error(.invalidDate, ai: ai, "month \(value.dropFirst(2).prefix(2)) is not 01 to 12")
        }
        let last = daysIn(month: month, leapYear: year % 4 == 0)
        guard day <= last else {
            throw GS1Error(.invalidDate, ai: ai, "day \(value.suffix(2)) does not exist in month \(month) (\(value))")
        }
    }

    static func daysIn(month: Int, leapYear: Bool) -> Int {
        switch month {
        case 2: leapYear ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
