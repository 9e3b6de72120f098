#!/usr/bin/env bash
# A private cupsd for tests: its own ServerRoot, spool and logs in DIR, a Unix socket DIR/cups.sock and a loopback
# port. It never touches the system's CUPS (no /etc/cups, no /run/cups, no printcap).
#
#   scripts/cups-test-server.sh start DIR PORT [stock|tuned]   starts it (idempotent) and waits until it answers
#   scripts/cups-test-server.sh stop DIR                       stops it (its jobs stay in DIR/spool for the next start)
#   scripts/cups-test-server.sh kill DIR                       kills it at once (SIGKILL), as a crash would
#
# Two configurations; the first start in DIR chooses, later starts keep it:
#   stock  (the default) configured as a site has it: Debian's own cupsd.conf and cups-files.conf, copied from the
#          package's /usr/share/cups/*.conf.default, with only the listen addresses, the paths and (when not run as
#          root) the user and system group changed. Its policies are the stock ones: Send-Document and Cancel-Job
#          for the job's owner, administration for the system group (PeerCred over the Unix socket), retry-job on
#          backend errors, job state written lazily.
#   tuned  every operation open to local clients, a 5 s job retry, state written at once: quicker to drive, and
#          blind to what the stock policies and defaults do.
#
# Run as root, cupsd runs its backends as lp (it refuses to run them as root) and root may administer it (root is
# in its SystemGroup).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { die "usage: $0 start DIR PORT [stock|tuned] | stop DIR | kill DIR"; }

cupsd_bin() {
    command -v cupsd 2>/dev/null || { [ -x /usr/sbin/cupsd ] && echo /usr/sbin/cupsd; } ||
        die "cupsd not found: install the Debian packages cups and cups-client"
}

# A configuration file as Debian's cups-daemon ships it (/etc/cups/ may have been edited by the machine's admin).
stock_file() {
    local name=$1
    if [ -f "/usr/share/cups/$name.default" ]; then
        echo "/usr/share/cups/$name.default"
    elif [ -f "/etc/cups/$name" ]; then
        echo "/etc/cups/$name"
    else
        die "neither /usr/share/cups/$name.default nor /etc/cups/$name: install the Debian package cups-daemon"
    fi
}

write_configuration() {
    local dir=$1 port=$2 profile=$3 user group system_group
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
    case "$profile" in
    stock) write_stock_configuration "$dir" "$port" "$user" "$group" "$system_group" ;;
    tuned) write_tuned_configuration "$dir" "$port" "$user" "$group" "$system_group" ;;
    *) die "unknown cupsd configuration '$profile' (stock or tuned)" ;;
    esac
    echo "$profile" >"$dir/profile"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R root:lp "$dir/etc" "$dir/spool" "$dir/cache" "$dir/run"
        chmod 755 "$dir" "$dir/etc"
        chmod 710 "$dir/spool"
        chmod 1770 "$dir/spool/tmp"
        chmod 775 "$dir/cache" "$dir/run"
    fi
}

# The paths both configurations move into DIR (cups-files.conf).
write_paths() {
    local dir=$1
    cat <<EOF
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
EOF
}

# Debian's two files with only the listen addresses, the paths and the user changed. CUPS_TEST_LOG_LEVEL, when
# set, replaces the stock LogLevel (warn) to debug a test.
write_stock_configuration() {
    local dir=$1 port=$2 user=$3 group=$4 system_group=$5 conf files
    conf=$(stock_file cupsd.conf)
    files=$(stock_file cups-files.conf)
    grep -q '^Listen localhost:631$' "$conf" && grep -q '^Listen /run/cups/cups.sock$' "$conf" ||
        die "$conf does not listen on localhost:631 and /run/cups/cups.sock as Debian's does: update $0"
    sed -e "s|^Listen localhost:631\$|Listen 127.0.0.1:$port|" \
        -e "s|^Listen /run/cups/cups.sock\$|Listen $dir/cups.sock|" \
        ${CUPS_TEST_LOG_LEVEL:+-e "s|^LogLevel .*|LogLevel $CUPS_TEST_LOG_LEVEL|"} \
        "$conf" >"$dir/cupsd.conf"
    {
        # The stock log paths and LogFileGroup are the system's /var/log/cups; ours are in DIR.
        if [ "$(id -u)" -eq 0 ]; then
            grep -v -E '^(AccessLog|ErrorLog|PageLog|LogFileGroup)[[:space:]]' "$files"
        else
            grep -v -E '^(AccessLog|ErrorLog|PageLog|LogFileGroup|SystemGroup)[[:space:]]' "$files"
            echo "SystemGroup $system_group"
        fi
        echo "User $user"
        echo "Group $group"
        write_paths "$dir"
    } >"$dir/cups-files.conf"
}

write_tuned_configuration() {
    local dir=$1 port=$2 user=$3 group=$4 system_group=$5
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
    {
        echo "User $user"
        echo "Group $group"
        echo "SystemGroup $system_group"
        write_paths "$dir"
        echo "FileDevice No"
    } >"$dir/cups-files.conf"
}

# True while PID runs (an exited cupsd nobody reaped yet counts as stopped).
running() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# lpstat -r exits 0 either way: read what it says.
answers() { [ "$(lpstat -h "$1/cups.sock" -r 2>/dev/null)" = "scheduler is running" ]; }

start() {
    local dir=$1 port=$2 profile=${3:-} pid
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/cupsd.pid" ] && running "$(cat "$dir/cupsd.pid")" && answers "$dir"; then
        return 0
    fi
    # cupsd carries on without a port it cannot bind: refuse a port another program holds.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "127.0.0.1:$port is in use by another program: choose another port (TEST_CUPS_PORT)"
    fi
    [ -n "$profile" ] || profile=$(cat "$dir/profile" 2>/dev/null || echo stock)
    write_configuration "$dir" "$port" "$profile"
    rm -f "$dir/cups.sock"
    local bin
    bin=$(cupsd_bin)
    # cupsd must not keep the caller's pipes open (see without_inherited_fds in lib.sh); exec keeps $! its pid. It
    # starts with no signal blocked (see with_default_signals in lib.sh), or it would never see a stop's SIGTERM.
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec_with_default_signals "$bin" -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" </dev/null \
            >>"$dir/log/cupsd.out" 2>&1
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

# stop_with DIR SIGNAL: sends SIGNAL to cupsd, waits up to 10 s for it to end, then kills it. On SIGTERM cupsd
# writes the state it keeps in memory (queues, jobs: the stock configuration writes them lazily, every 30 s) and
# exits; SIGKILL loses what it had not written, as a crash does.
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
        if running "$pid"; then
            printf 'cupsd in %s did not end within 10 s of SIG%s: killed\n' "$dir" "$signal" >&2
            kill -KILL "$pid"
        fi
    fi
    rm -f "$dir/cupsd.pid"
}

case "${1:-}" in
start) [ $# -eq 3 ] || [ $# -eq 4 ] || usage; start "$2" "$3" "${4:-}" ;;
stop) [ $# -eq 2 ] || usage; stop_with "$2" TERM ;;
kill) [ $# -eq 2 ] || usage; stop_with "$2" KILL ;;
*) usage ;;
esac
