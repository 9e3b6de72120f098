/// What the ``ZPLDriver`` was doing on a channel when it failed, for the words of the error.
public enum ZPLActivity: Sendable, Hashable {
    /// Writing one label's bytes.
    case sending(LabelDocument)
    /// Asking a status question (`~HS`, `~HQES`), writing it or reading the answer.
    case asking(String)
}
