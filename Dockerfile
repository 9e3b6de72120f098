# The gateway's image: a build stage with the Swift toolchain, a slim Debian 12 runtime with only what the binary
# links. The base images are arguments, so a site (or a machine without a registry) can swap them:
#   docker build --build-arg SWIFT_IMAGE=swift:6.3-bookworm --build-arg RUNTIME_IMAGE=debian:bookworm-slim .
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcups2-dev libusb-1.0-0-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The dependencies first: this layer is rebuilt only when Package.swift changes.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
COPY Tests Tests
# The Swift standard library and Foundation are linked in; libcups, libusb and glibc stay shared (ldd lists them).
RUN swift build -c release --product gateway --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && mkdir -p /out/bin \
    && cp "$bin/gateway" /out/bin/ \
    && cp -R "$bin"/*.resources /out/bin/ \
    && strip /out/bin/gateway

FROM ${RUNTIME_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcups2 libusb-1.0-0 zlib1g ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
# A user of its own, in plugdev for a Zebra on the USB bus (Debian's udev rules give plugdev the printer).
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --groups plugdev --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin gateway
# The binary and its resource bundles (migrations, the OpenAPI document) side by side, as SwiftPM finds them.
COPY --from=build /out/bin/ /usr/lib/print-gateway/
RUN ln -s /usr/lib/print-gateway/gateway /usr/local/bin/gateway
# The shipped templates; compose mounts a site's folder over GATEWAY_TEMPLATES_DIR instead.
COPY templates /usr/share/print-gateway/templates
COPY printers.example.env /usr/share/print-gateway/printers.example.env
# Nothing is written inside the image: the database holds the state, certificates and templates are mounted
# read-only, so the container runs with a read-only root file system.
ENV GATEWAY_HTTP_ADDRESS=0.0.0.0:8080 \
    GATEWAY_TEMPLATES_DIR=/usr/share/print-gateway/templates
USER gateway
# 8080: the API (HTTPS when GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE are set); 8081: the dashboard.
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=8s --start-period=30s --retries=3 CMD ["gateway", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["gateway"]
CMD ["serve"]
