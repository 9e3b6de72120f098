# Shared shell functions of the gateway's scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=${GATEWAY_DATA_DIR:-$ROOT/.data}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root to run: $* (install sudo or run as root)"
    fi
}

# Installs the Debian packages the gateway and its tests use, when missing.
ensure_packages() {
    local missing=()
    pg_bin >/dev/null 2>&1 || missing+=(postgresql)
    command -v psql >/dev/null || missing+=(postgresql-client)
    command -v curl >/dev/null || missing+=(curl)
    command -v jq >/dev/null || missing+=(jq)
    command -v wrk >/dev/null || missing+=(wrk) # scripts/bench measures the HTTP API with it
    # CUPS (a private cupsd for the tests; the socket backend is in cups) and the C libraries of the CUPS and
    # USB transports.
    [ -x /usr/sbin/cupsd ] && [ -x /usr/lib/cups/backend/socket ] || missing+=(cups)
    command -v lpadmin >/dev/null || missing+=(cups-client)
    command -v ipptool >/dev/null || missing+=(cups-ipp-utils) # the CUPS regression test replays requests with it
    command -v cups-config >/dev/null || missing+=(libcups2-dev)
    command -v pkg-config >/dev/null || missing+=(pkg-config)
    command -v gdb >/dev/null || missing+=(gdb) # the test watchdog prints a hung test's threads with it
    pkg-config --exists libusb-1.0 2>/dev/null || missing+=(libusb-1.0-0-dev)
    [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
    # The preview renderer's C libraries: FreeType for font 0, libqrencode and libdmtx for QR and Data Matrix.
    pkg-config --exists freetype2 2>/dev/null || missing+=(libfreetype-dev)
    pkg-config --exists libqrencode 2>/dev/null || missing+=(libqrencode-dev)
    pkg-config --exists libdmtx 2>/dev/null || missing+=(libdmtx-dev)
    # promtool lints the live /metrics scrape and the alert rules; the alert test runs a real prometheus.
    command -v promtool >/dev/null && command -v prometheus >/dev/null || missing+=(prometheus)
    # scripts/fuzz-api installs schemathesis into a virtual environment.
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
    # The dashboard's browser tests drive headless Chromium through chromedriver.
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    command -v swift >/dev/null || die "Swift 6 is needed on PATH (swift build); see https://www.swift.org/install/linux/"
}

# The folder holding initdb, pg_ctl and postgres.
pg_bin() {
    local dir
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    return 1
}

# PostgreSQL refuses to run as root: run its server commands as the postgres user then.
pg_run() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# without_inherited_fds COMMAND...: runs COMMAND with no file descriptor above 2. A daemon it starts must not
# keep its caller's pipes open: a caller waiting for them to close (Foundation's Process learns that its child
# has ended that way) would wait as long as the daemon runs.
without_inherited_fds() {
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        "$@"
    )
}

# exec_with_default_signals COMMAND...: replaces the shell with COMMAND, with no signal blocked and SIGTERM, SIGINT
# and SIGHUP at their default. A process that the tests start inherits the signal mask of the thread that started
# it, and libdispatch's threads block every signal: a daemon started from there never sees SIGTERM. (perl-base is
# an essential Debian package, so perl is always there.)
exec_with_default_signals() {
    exec perl -e 'use POSIX; sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die "sigprocmask: $!";
        $SIG{$_} = "DEFAULT" for qw(TERM INT HUP); exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!"' "$@"
}

# start_postgres DIR PORT: a private cluster in DIR listening on 127.0.0.1:PORT (and a socket in DIR).
# Idempotent: an initialised cluster is reused, a running one left as it is. PG_FSYNC (on) sets fsync; PG_OPTIONS
# adds server options, e.g. "-c shared_preload_libraries=pg_stat_statements".
start_postgres() {
    local dir=$1 port=$2 bin
    bin=$(pg_bin) || die "PostgreSQL server binaries not found"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $dir"
        pg_run "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if pg_run "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        return 0
    fi
    say "starting PostgreSQL on 127.0.0.1:$port"
    without_inherited_fds pg_run "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=${PG_FSYNC:-on} ${PG_OPTIONS:-}" \
        start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_postgres() {
    local dir=$1 bin
    bin=$(pg_bin) || return 0
    [ -f "$dir/PG_VERSION" ] && pg_run "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
}

# ensure_database PORT NAME: creates role gateway and database NAME when missing.
ensure_database() {
    local port=$1 name=$2
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname = 'gateway'" | grep -q 1 ||
        psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE ROLE gateway LOGIN SUPERUSER" >/dev/null
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
        psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$name\" OWNER gateway" >/dev/null
}

# summarize_test_failures LOG: prints the failures recorded in a `swift test` log (swift-testing's ✘ and ↳
# lines, XCTest's errors, crashes), the last 150 at most, and the tests that started and never ended (a hang).
summarize_test_failures() {
    local log=$1
    printf '\n==== failures in %s\n' "$log" >&2
    grep -a -E '^(✘|↳)|recorded an issue|: error: |Fatal error|Segmentation fault|Exited with (unexpected )?signal|Program crashed|^Thread [0-9]+ .* crashed:' "$log" |
        grep -a -v -E '^✘ Test run with|^↳ (Testing Library Version|Target Platform)' | tail -n 150 >&2 || true
    python3 - "$log" >&2 <<'PY' || true
import sys
started, ended = [], set()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if line.startswith("◇ Test ") and line.endswith(" started.") and not line.startswith("◇ Test case passing"):
        started.append(line[len("◇ Test "):-len(" started.")])
    elif line[:1] in ("✔", "✘") and line[1:].startswith(" Test ") and " after " in line:
        ended.add(line[len("✔ Test "):].split(" passed after ")[0].split(" failed after ")[0].split(" with ")[0])
unfinished = [name for name in started if name != "run" and name not in ended and name.split(" with ")[0] not in ended]
for name in unfinished[-5:]:
    print(f"started and never ended: {name}")
PY
    printf '==== end of failures\n' >&2
}

# run_with_watchdog SECONDS COMMAND...: runs COMMAND; if it is still running after SECONDS, prints the stack of
# every thread of the test processes (with gdb, when installed) so the log shows where it hung, stops it and
# fails.
run_with_watchdog() {
    local limit=$1 pid waited=0 status=0 test_pid
    shift
    "$@" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge "$limit" ]; then
            say "still running after $limit s: $*"
            # What the test processes still hold in their output buffers shows the last test that started.
            if command -v gdb >/dev/null; then
                for test_pid in $(pgrep -f '\.xctest|swift-test' || true); do
                    timeout 30 gdb -p "$test_pid" -batch -ex 'call (int)fflush(0)' >/dev/null 2>&1 || true
                done
            fi
            for test_pid in $(pgrep -f '\.xctest|/gateway (serve|simulate)' || true); do
                printf '\n--- threads of %s\n' "$(tr '\0' ' ' <"/proc/$test_pid/cmdline" 2>/dev/null)" >&2
                if command -v gdb >/dev/null; then
                    timeout 120 gdb -p "$test_pid" -batch -ex 'thread apply all bt' 2>&1 | grep -E '^(Thread|#)' >&2 || true
                fi
            done
            pkill -TERM -P "$pid" 2>/dev/null || true
            kill -TERM "$pid" 2>/dev/null || true
            sleep 5
            pkill -KILL -f '\.xctest' 2>/dev/null || true
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            die "stopped after $limit s: $* (the threads above show where it waited)"
        fi
        sleep 2
        waited=$((waited + 2))
    done
    wait "$pid" || status=$?
    return "$status"
}
