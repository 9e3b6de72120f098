#!/bin/sh
# Starts cupsd in the foreground after making sure of two things:
#  - an administrator for the web interface (CUPS_ADMIN_USER, default admin) when CUPS_ADMIN_PASSWORD is set;
#  - the raw queue CUPS_QUEUE (default zebra_z230) on CUPS_DEVICE_URI, when that is set: a usb://Zebra… URI
#    (`lpinfo -v` in the container lists the printers it sees) or socket://HOST:9100. A queue made by hand in the
#    web interface stays as it is (the configuration is in the /etc/cups volume).
set -eu
if [ -n "${CUPS_ADMIN_PASSWORD:-}" ]; then
    admin=${CUPS_ADMIN_USER:-admin}
    id "$admin" >/dev/null 2>&1 || useradd --no-create-home --shell /usr/sbin/nologin --groups lpadmin "$admin"
    echo "$admin:$CUPS_ADMIN_PASSWORD" | chpasswd
fi
mkdir -p /run/cups
if [ -n "${CUPS_DEVICE_URI:-}" ]; then
    queue=${CUPS_QUEUE:-zebra_z230}
    /usr/sbin/cupsd
    for _ in $(seq 1 50); do lpstat -r >/dev/null 2>&1 && break; sleep 0.2; done
    # Raw: the gateway sends finished ZPL, which must reach the printer byte for byte.
    lpadmin -p "$queue" -E -v "$CUPS_DEVICE_URI" -m raw -D "Zebra Z230 (raw ZPL)" 2>&1 | grep -v -i deprecated || true
    cupsenable "$queue"
    cupsaccept "$queue"
    kill $(pidof cupsd)
    while pidof cupsd >/dev/null; do sleep 0.1; done
fi
exec /usr/sbin/cupsd -f
