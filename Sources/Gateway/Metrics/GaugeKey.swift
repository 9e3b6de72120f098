import Core
import Metrics
import Prometheus
import Store
import Synchronization

/// A gauge's name and dimensions, as a dictionary key.
struct GaugeKey: Hashable {
    let name: String
    let dimensions: [String]

    init(name: String, dimensions: [(String, String)]) {
        self.name = name
        self.dimensions = dimensions.flatMap { [$0.0, $0.1] }
    }

    var pairs: [(String, String)] {
        stride(from: 0, to: dimensions.count, by: 2).map { (dimensions[$0], dimensions[$0 + 1]) }
    }
}
