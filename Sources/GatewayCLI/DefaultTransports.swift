import Core
import Foundation
import TransportCUPS
import TransportRaw9100
import TransportSimulated
import TransportUSB

/// The transports this build links, keyed by scheme: the one place that names them. The gateway library knows
/// transports only through the registry; tests pass their own clock to make time virtual.
func defaultTransports(clock: some GatewayClock) -> TransportRegistry {
    TransportRegistry([
        SimulatedTransportFactory(clock: clock),
        Raw9100TransportFactory(clock: clock),
        CUPSTransportFactory(server: cupsServer, clock: clock),
        USBTransportFactory(backend: LibUSBBackend(), clock: clock),
    ])
}

/// The CUPS server of `cups://QUEUE` printers: `CUPS_SERVER` when set, else libcups's default.
var cupsServer: CUPSServer? {
    ProcessInfo.processInfo.environment["CUPS_SERVER"].flatMap(CUPSServer.init)
}
