import Core
import CoreTestSupport
import Foundation
import Testing

/// A store with printers `line` (300 dpi) and `low` (203 dpi), and a library with the shipped lot template and a
/// 300 dpi template that needs an integer.
func submissionFixture() async throws -> (InMemoryStore<VirtualClock>, TemplateLibrary) {
    let store = InMemoryStore(clock: VirtualClock())
    _ = try await store.create(Printer(name: "line", uri: "script://line"))
    _ = try await store.create(Printer(name: "low", uri: "script://low", model: "zebra-z230-203dpi"))
    let templates = TemplateLibrary()
    templates.apply(name: "lot-label", .success(try shippedTemplate("lot-label")))
    let counted = "%% dpi 300\n%% size 4x1in\n%% field n integer required\n^XA\n^FO10,10^A0N,30,30{{n}}\n^XZ"
    templates.apply(name: "counted", .success(try TemplateParser.parse(name: "counted", text: counted)))
    templates.apply(name: "broken", .failure(TemplateError(template: "broken", line: 3, message: "unknown variable")))
    return (store, templates)
}

let readyLabel = "^XA^FO50,50^A0N,40,40^FDHello^FS^XZ"

@Suite("Job submission rules: copies, limits, lots, validation")
struct JobSubmissionTests {
    @Test(
        "a submission outside the rules is refused with the code and field the API answers",
        arguments: [
            (JobSubmission(printer: "", zpl: [readyLabel]), SubmissionError.Code.invalidField, "printer"),
            (JobSubmission(printer: "line", zpl: [readyLabel], copies: 0), .invalidField, "copies"),
            (JobSubmission(printer: "line", zpl: [readyLabel], copies: 1_001), .invalidField, "copies"),
            (JobSubmission(printer: "line", zpl: [readyLabel], idempotencyKey: ""), .invalidField, "idempotency_key"),
            (
                JobSubmission(printer: "line", zpl: [readyLabel], idempotencyKey: String(repeating: "k", count: 201)),
                .invalidField, "idempotency_key"
            ),
            (JobSubmission(printer: "line", zpl: [readyLabel], maxAttempts: 0), .invalidField, "max_attempts"),
            (JobSubmission(printer: "line", zpl: [readyLabel], maxAttempts: 101), .invalidField, "max_attempts"),
            (JobSubmission(printer: "line", template: "counted"), .invalidRequest, "labels"),
            (JobSubmission(printer: "line", template: "counted", zpl: [readyLabel]), .invalidRequest, nil),
            (JobSubmission(printer: "line"), .invalidRequest, nil),
            (JobSubmission(printer: "line", zpl: []), .noLabels, nil),
            (
                JobSubmission(printer: "line", template: "nope", labels: [["n": .integer(1)]]), .unknownTemplate,
                "template"
            ),
            (
                JobSubmission(printer: "line", template: "broken", labels: [["n": .integer(1)]]), .templateUnavailable,
                "template"
            ),
            (
                JobSubmission(printer: "ghost", template: "counted", labels: [["n": .integer(1)]]), .unknownPrinter,
                "printer"
            ),
            (
                JobSubmission(printer: "low", template: "counted", labels: [["n": .integer(1)]]), .templateDoesNotFit,
                "template"
            ),
        ] as [(JobSubmission, SubmissionError.Code, String?)])
    func refused(submission: JobSubmission, code: SubmissionError.Code, field: String?) async throws {
        let (store, templates) = try await submissionFixture()
        let error = await #expect(throws: SubmissionError.self) {
            try await submission.newJob(templates: templates, printers: store)
        }
        #expect(error?.code == code)
        #expect(error?.field == field)
    }

    @Test("copies repeat each label in place; the copies after the first share its lot and bind none")
    func copies() async throws {
        let (store, templates) = try await submissionFixture()
        let lots = try await store.allocate(count: 2)
        let submission = JobSubmission(
            printer: "line", template: "lot-label", labels: lots.map { ["lot": .string($0)] }, copies: 3)
        let job = try await submission.newJob(templates: templates, printers: store)
        #expect(job.labels.count == 6)
        #expect(job.labels.map(\.lot) == [lots[0], lots[0], lots[0], lots[1], lots[1], lots[1]])
        #expect(job.labels.map(\.isExtraCopy) == [false, true, true, false, true, true])
        #expect(job.lotUses == [LotUse(lot: lots[0], label: 1), LotUse(lot: lots[1], label: 4)])
        #expect(job.maxAttempts == JobLimits.defaultMaxAttempts)
        let queued = try await store.submit(job).job
        #expect(try await store.find(lots[1])?.labelNumber == 4)
        #expect(try await store.find(lots[1])?.jobID == queued.id)
    }

    @Test("the label limit counts copies and says how many the job had")
    func labelLimit() async throws {
        let (store, templates) = try await submissionFixture()
        let fits = JobSubmission(printer: "line", zpl: Array(repeating: readyLabel, count: 500), copies: 2)
        #expect(try await fits.newJob(templates: templates, printers: store).labels.count == JobLimits.maxLabels)
        let tooMany = JobSubmission(printer: "line", zpl: Array(repeating: readyLabel, count: 334), copies: 3)
        let error = await #expect(throws: SubmissionError.self) {
            try await tooMany.newJob(templates: templates, printers: store)
        }
        #expect(error?.code == .tooManyLabels)
        #expect(error?.labelCount == 1_002)
    }

    @Test("every bad label is named with its number and field, and nothing is built")
    func everyProblemNamed() async throws {
        let (store, templates) = try await submissionFixture()
        let data: [[String: JSONValue]] = [["n": .integer(1)], ["n": .string("two")], [:], ["n": .integer(4)]]
        let error = await #expect(throws: SubmissionError.self) {
            try await JobSubmission(printer: "line", template: "counted", labels: data)
                .newJob(templates: templates, printers: store)
        }
        #expect(error?.code == .invalidLabels)
        #expect(Set(error?.problems.map(\.label) ?? []) == [2, 3])
        #expect(error?.problems.allSatisfy { $0.field == "n" } == true)
        #expect(error?.message.hasPrefix("2 label(s) cannot be printed: 2, 3") == true)
        let zplError = await #expect(throws: SubmissionError.self) {
            try await JobSubmission(printer: "line", zpl: [readyLabel, "^XA no end"])
                .newJob(templates: templates, printers: store)
        }
        #expect(zplError?.problems.map(\.label) == [2])
        #expect(zplError?.problems.first?.field == "zpl")
    }

    @Test("a lot binds to one label of one original job; the store refuses a second use or a lot never allocated")
    func lotsBindOnce() async throws {
        let (store, templates) = try await submissionFixture()
        let lot = try await store.allocate(count: 1)[0]
        let first = try await JobSubmission(printer: "line", template: "lot-label", labels: [["lot": .string(lot)]])
            .newJob(templates: templates, printers: store)
        let queued = try await store.submit(first).job
        for labels: [[String: JSONValue]] in [
            [["lot": .string(lot)]], [["lot": .string("L9912310001")]],
        ] {
            let again = try await JobSubmission(printer: "line", template: "lot-label", labels: labels)
                .newJob(templates: templates, printers: store)
            let error = await #expect(throws: StoreError.self) { try await store.submit(again) }
            #expect(error?.code == .conflict)
        }
        let fresh = try await store.allocate(count: 1)[0]
        let twice = try await JobSubmission(
            printer: "line", template: "lot-label", labels: [["lot": .string(fresh)], ["lot": .string(fresh)]]
        ).newJob(templates: templates, printers: store)
        let error = await #expect(throws: StoreError.self) { try await store.submit(twice) }
        #expect(error?.message == "lot \(fresh) is on labels 1 and 2 of this job")
        #expect(try await store.find(fresh)?.jobID == nil, "a refused job binds nothing")
        #expect(try await store.find(lot)?.jobID == queued.id)
    }

    @Test("a reprint takes the numbers asked, or the failed labels, with their lots; pruned ZPL is rendered again")
    func reprint() async throws {
        let (store, templates) = try await submissionFixture()
        let lots = try await store.allocate(count: 3)
        let original = try await store.submit(
            try await JobSubmission(printer: "line", template: "lot-label", labels: lots.map { ["lot": .string($0)] })
                .newJob(templates: templates, printers: store)
        ).job
        let some = try await JobReprint(labels: [3, 1]).newJob(of: original, jobs: store, templates: templates)
        #expect(some.labels.map(\.reprintOfNumber) == [3, 1])
        #expect(some.labels.map(\.lot) == [lots[2], lots[0]])
        #expect(some.reprintOfJobID == original.id)
        #expect(some.lotUses.isEmpty, "a reprint binds no lot")
        #expect(try await store.submit(some).created)

        await store.pruneDocuments(jobID: original.id)
        let rendered = try await JobReprint(labels: [2]).newJob(of: original, jobs: store, templates: templates)
        #expect(rendered.labels.first?.zpl.contains(lots[1]) == true)

        let noFailed = await #expect(throws: SubmissionError.self) {
            try await JobReprint(failed: true).newJob(of: original, jobs: store, templates: templates)
        }
        #expect(noFailed?.code == .noLabels)
        templates.remove(name: "lot-label")
        let gone = await #expect(throws: SubmissionError.self) {
            try await JobReprint(labels: [1]).newJob(of: original, jobs: store, templates: templates)
        }
        #expect(gone?.code == .templateGone)
        for (reprint, code) in [
            (JobReprint(labels: []), SubmissionError.Code.noLabels), (JobReprint(labels: [4]), .invalidField),
            (JobReprint(), .invalidRequest), (JobReprint(labels: [1], failed: true), .invalidRequest),
        ] {
            let error = await #expect(throws: SubmissionError.self) {
                try await reprint.newJob(of: original, jobs: store, templates: templates)
            }
            #expect(error?.code == code)
        }
    }

    @Test("a lot request asks 1 to 1000 lots", arguments: [0, 1_001])
    func lotRequest(count: Int) async throws {
        let (store, _) = try await submissionFixture()
        let error = await #expect(throws: SubmissionError.self) {
            try await LotRequest(count: count).allocate(from: store)
        }
        #expect(error?.field == "count")
        #expect(try await LotRequest(count: 3).allocate(from: store).count == 3)
    }
}
