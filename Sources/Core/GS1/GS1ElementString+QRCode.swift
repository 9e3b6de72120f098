/// GS1 QR Code in ZPL: `^BQN,2,m` with `^FDQA,` (error correction Q, automatic input mode) and `>8` in first position.
///
/// QR Code has no FNC1 codeword: "FNC1 in first position" is a mode indicator, and in byte mode the separator after a
/// variable-length value is the byte GS (0x1D) (ISO/IEC 18004:2015 §6.4.8.1). Zebra firmware sets the FNC1 mode when
/// the data starts with `>8` (reported for firmware 6.6 and later on Zebra's developer forum; not in the Programming
/// Guide's ^BQ table, so unconfirmed on other firmware). The separator GS is a control byte, so the field is `^FH`
/// hex-escaped: GS as `_1D`, `_` as `_5F`. A GS1 Digital Link QR code (``GS1DigitalLink``) needs none of this and reads
/// on any firmware and any phone.
extension GS1ElementString {
    /// The `^FD` content after `QA,` for a GS1 QR code, for a field with `^FH`.
    public var qrCodeFieldData: String {
        ">8" + ZPLField.escape(data(separator: "\u{1D}"))
    }

    /// A complete GS1 QR field without position: `^BQN,2,magnification^FH^FDQA,>8…^FS`; `magnification` 1–10.
    public func zplQRCode(magnification: Int) -> String {
        "^BQN,2,\(magnification)^FH^FDQA,\(qrCodeFieldData)^FS"
    }
}
