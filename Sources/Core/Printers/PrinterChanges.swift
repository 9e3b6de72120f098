/// The fields a change to a printer sets; nil leaves a field as it is.
public struct PrinterChanges: Sendable, Hashable {
    public var uri: String?
    /// The `name` of a ``PrinterModel``.
    public var model: String?
    public var site: String?
    /// Disabling a printer makes its unfinished jobs wait with `printer_disabled`; enabling it resumes them.
    public var enabled: Bool?
    public var description: String?
    public var zplPolicy: ZPLPolicy?

    public init(
        uri: String? = nil, model: String? = nil, site: String? = nil, enabled: Bool? = nil,
        description: String? = nil, zplPolicy: ZPLPolicy? = nil
    ) {
        self.uri = uri
        self.model = model
        self.site = site
        self.enabled = enabled
        self.description = description
        self.zplPolicy = zplPolicy
    }
}
