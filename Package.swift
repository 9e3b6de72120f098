// swift-tools-version:6.2
import PackageDescription

/// Our targets' settings: any compiler warning in our code fails the build (dependencies keep theirs).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "print-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["GatewayCLI"]),
        .executable(name: "render-benchmark", targets: ["RenderBenchmark"]),
        .executable(name: "preview-benchmark", targets: ["PreviewBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // No traits: the environment reader needs none of its file formats, reloading or logging.
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "Core",
            dependencies: [
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Store",
            dependencies: [
                "Core",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TransportSimulated",
            dependencies: [
                "Core",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Transports/Simulated",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TransportRaw9100",
            dependencies: [
                "Core",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Transports/Raw9100",
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CCUPS", path: "Sources/CCUPS", providers: [.apt(["libcups2-dev"])]),
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        .target(
            name: "TransportCUPS",
            dependencies: ["Core", "CCUPS", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Transports/CUPS",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TransportUSB",
            dependencies: [
                "Core", "CLibUSB", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Transports/USB",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "Core", "Store", "Preview",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("OpenAPI/openapi.json"), .copy("Dashboard/Templates"), .copy("Dashboard/Assets")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode", path: "Sources/CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(name: "CDmtx", path: "Sources/CDmtx", pkgConfig: "libdmtx", providers: [.apt(["libdmtx-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            // ZPL to pixels and PNG, for previews and pre-flight: our interpreter and bar code encoders over Core,
            // FreeType for font 0, libqrencode and libdmtx for the 2D symbols, zlib for PNG.
            name: "Preview",
            dependencies: ["Core", "CFreeType", "CQREncode", "CDmtx", "CZlib"],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "RenderBenchmark", dependencies: ["Core"], swiftSettings: swiftSettings),
        .executableTarget(name: "PreviewBenchmark", dependencies: ["Core", "Preview"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "GatewayCLI",
            dependencies: [
                "Gateway", "Preview", "TransportSimulated", "TransportRaw9100", "TransportCUPS", "TransportUSB",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            // A simulated USB bus of Z230s (the seam for the USB device tests cannot have), for the tests only.
            name: "USBTestSupport",
            dependencies: ["Core", "TransportUSB", "TransportSimulated"],
            path: "Tests/USBTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GatewayTestSupport",
            dependencies: [
                "Core", "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .target(name: "ProcessSupport", path: "Tests/ProcessSupport", swiftSettings: swiftSettings),
        .target(
            // Core's store protocols in memory, with the PostgreSQL store's rules: the engine's rules tested fast.
            name: "CoreTestSupport",
            dependencies: ["Core"],
            path: "Tests/CoreTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CoreTests",
            dependencies: [
                "Core", "CoreTestSupport", "ProcessSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "Core", "CoreTestSupport", "TransportSimulated", "GatewayTestSupport", "ProcessSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PreviewTests", dependencies: ["Preview", "Core", "ProcessSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TransportSimulatedTests", dependencies: ["TransportSimulated", "Core"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TransportRaw9100Tests",
            dependencies: ["TransportRaw9100", "TransportSimulated", "Core"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransportCUPSTests",
            dependencies: [
                "TransportCUPS", "TransportSimulated", "Core", "ProcessSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransportUSBTests",
            dependencies: ["TransportUSB", "USBTestSupport", "TransportSimulated", "Core"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Core", "Store", "TransportSimulated", "TransportUSB", "TransportCUPS", "TransportRaw9100",
                "USBTestSupport", "CoreTestSupport",
                "GatewayTestSupport", "ProcessSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Core", "Store", "TransportSimulated", "GatewayTestSupport", "ProcessSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
