extension TemplateLibrary {
    /// The template's last good version: `unknownTemplate` when no file of that name is known,
    /// `templateUnavailable` when it never loaded.
    public func usable(named name: String) throws(SubmissionError) -> LabelTemplate {
        guard let entry = entry(named: name) else {
            throw SubmissionError(.unknownTemplate, "no template named '\(name)'", field: "template")
        }
        guard let template = entry.template else {
            throw SubmissionError(
                .templateUnavailable,
                "template '\(name)' does not load: \(entry.error?.description ?? "unknown error")", field: "template")
        }
        return template
    }
}
