import CompressNIO
import NIOCore

/// Label ZPL as stored: deflate-compressed when that saves space, as is otherwise.
enum LabelDocumentCodec {
    static func encode(_ zpl: String) -> (body: ByteBuffer, encoding: String) {
        var plain = ByteBuffer(string: zpl)
        guard plain.readableBytes > 64, let compressed = try? plain.compress(with: .deflate()),
            compressed.readableBytes < zpl.utf8.count
        else { return (ByteBuffer(string: zpl), "identity") }
        return (compressed, "deflate")
    }

    static func decode(_ body: ByteBuffer, encoding: String) throws -> String {
        switch encoding {
        case "identity": return String(buffer: body)
        case "deflate":
            var compressed = body
            let plain = try compressed.decompress(with: .deflate(), maxSize: 16 << 20)
            return String(buffer: plain)
        default: throw StoreError(.invalid, "unknown label document encoding '\(encoding)'")
        }
    }
}
