#!/usr/bin/env bash
# A private, unprivileged cupsd for tests: its own ServerRoot, spool and logs in DIR, a Unix socket DIR/cups.sock
# and a loopback port. It never touches the system's CUPS (no /etc/cups, no /run/cups, no printcap).
#
#   scripts/cups-test-server.sh start DIR PORT    starts it (idempotent) and waits until it answers
#   scripts/cups-test-server.sh stop DIR          stops it (its jobs stay in DIR/spool for the next start)
#   scripts/cups-test-server.sh kill DIR          kills it at once (SIGKILL), as a crash would
#
# Run as root, cupsd runs its backends as lp (it refuses to run them as root) and root may administer it
# (SystemGroup root). Every operation is open to local clients without authentication: it is a test server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { die "usage: $0 start DIR PORT | stop DIR | kill DIR"; }

cupsd_bin() {
    command -v cupsd 2>/dev/null || { [ -x /usr/sbin/cupsd ] && echo /usr/sbin/cupsd; } ||
        die "cupsd not found: install the Debian packages cups and cups-client"
}

write_configuration() {
    local dir=$1 port=$2 user group system_group
    if [ "$(id -u)" -eq 0 ]; then
        user=lp group=lp system_group=root
    else
        user=$(id -un) group=$(id -gn) system_group=$(id -gn)
    fi
    mkdir -p "$dir/etc/ppd" "$dir/etc/ssl" "$dir/spool/tmp" "$dir/cache" "$dir/run" "$dir/log"
    # Raw queues: octet-stream passes to the backend as vnd.cups-raw, without filters.
    for file in raw.types raw.convs; do
        [ -f "/etc/cups/$file" ] && cp "/etc/cups/$file" "$dir/etc/$file"
    done
    if [ ! -f "$dir/etc/raw.types" ]; then echo "application/octet-stream" >"$dir/etc/raw.types"; fi
    if [ ! -f "$dir/etc/raw.convs" ]; then
        printf 'application/octet-stream\tapplication/vnd.cups-raw\t0\t-\n' >"$dir/etc/raw.convs"
    fi
    cat >"$dir/cupsd.conf" <<EOF
LogLevel ${CUPS_TEST_LOG_LEVEL:-warn}
MaxLogSize 0
Listen 127.0.0.1:$port
Listen $dir/cups.sock
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultShared No
PreserveJobHistory Yes
MaxJobs 0
JobRetryInterval 5
DirtyCleanInterval 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
    cat >"$dir/cups-files.conf" <<EOF
User $user
Group $group
SystemGroup $system_group
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/run
ServerBin /usr/lib/cups
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
ErrorLog $dir/log/error_log
AccessLog $dir/log/access_log
PageLog $dir/log/page_log
Printcap $dir/run/printcap
FileDevice No
EOF
    if [ "$(id -u)" -eq 0 ]; then
        chown -R root:lp "$dir/etc" "$dir/spool" "$dir/cache" "$dir/run"
        chmod 755 "$dir" "$dir/etc"
        chmod 710 "$dir/spool"
        chmod 1770 "$dir/spool/tmp"
        chmod 775 "$dir/cache" "$dir/run"
    fi
}

# True while PID runs (an exited cupsd nobody reaped yet counts as stopped).
running() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

answers() { lpstat -h "$1/cups.sock" -r >/dev/null 2>&1; }

start() {
    local dir=$1 port=$2 pid
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/cupsd.pid" ] && running "$(cat "$dir/cupsd.pid")" && answers "$dir"; then
        return 0
    fi
    # cupsd carries on without a port it cannot bind: refuse a port another program holds.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "127.0.0.1:$port is in use by another program: choose another port (TEST_CUPS_PORT)"
    fi
    write_configuration "$dir" "$port"
    rm -f "$dir/cups.sock"
    local bin
    bin=$(cupsd_bin)
    # cupsd must not keep the caller's pipes open (see without_inherited_fds in lib.sh); exec keeps $! its pid.
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec "$bin" -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" </dev/null >>"$dir/log/cupsd.out" 2>&1
    ) &
    pid=$!
    echo "$pid" >"$dir/cupsd.pid"
    for _ in $(seq 1 100); do
        if answers "$dir"; then return 0; fi
        if ! running "$pid"; then break; fi
        sleep 0.1
    done
    tail -n 20 "$dir/log/cupsd.out" "$dir/log/error_log" 2>/dev/null >&2 || true
    die "cupsd did not start in $dir (port $port)"
}

# stop_with DIR SIGNAL: sends SIGNAL to cupsd, waits up to 10 s for it to end, then kills it.
# cupsd finishes what its backends are sending before it obeys SIGTERM (seen: over 10 s with jobs active), so a
# test of a server that goes away mid-job uses KILL.
stop_with() {
    local dir=$1 signal=$2 pid
    [ -f "$dir/cupsd.pid" ] || return 0
    pid=$(cat "$dir/cupsd.pid")
    if running "$pid"; then
        kill "-$signal" "$pid"
        for _ in $(seq 1 100); do
            running "$pid" || break
            sleep 0.1
        done
        if running "$pid"; then kill -KILL "$pid"; fi
    fi
    rm -f "$dir/cupsd.pid"
}

case "${1:-}" in
start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
stop) [ $# -eq 2 ] || usage; stop_with "$2" TERM ;;
kill) [ $# -eq 2 ] || usage; stop_with "$2" KILL ;;
*) usage ;;
esac
