import Configuration
import Core
import Foundation
import Gateway
import TransportCUPS
import TransportRaw9100
import TransportSimulated
import TransportUSB

/// The transports this build links, keyed by scheme: the one place that names them. The gateway library knows
/// transports only through the registry; tests pass their own clock to make time virtual. Their settings come from
/// `config`, the reader the gateway's configuration comes from.
func defaultTransports(clock: some GatewayClock, config: ConfigReader) throws(ConfigurationError) -> TransportRegistry {
    TransportRegistry([
        SimulatedTransportFactory(clock: clock),
        Raw9100TransportFactory(clock: clock),
        CUPSTransportFactory(server: try cupsServer(config), clock: clock),
        USBTransportFactory(backend: LibUSBBackend(), clock: clock),
    ])
}

/// The CUPS server of `cups://QUEUE` printers: `CUPS_SERVER` when set, else libcups's default.
func cupsServer(_ config: ConfigReader) throws(ConfigurationError) -> CUPSServer? {
    try config.setting("cups.server", "is not a socket path, host or host:port", CUPSServer.init)
}
