#!/usr/bin/env python3
"""The gateway's benchmark. Started by scripts/bench, which provides PostgreSQL (with pg_stat_statements), a
private cupsd and the environment (see there).

Every figure is measured against `gateway simulate` printers (separate processes on loopback that record each
printed label, `unixTime` = when it finished printing), the gateway and CUPS side by side in the same run:

1. submit -> first label printed, median over single-label jobs (gateway: POST /v1/jobs; CUPS: lp -o raw to a
   raw queue whose socket backend prints to a second simulator);
2. 500 labels to a printer that prints instantly (gateway: confirmed, the job `completed`; CUPS: delivered,
   one lp job holding every format, to the last label printed);
3. utilisation of one printer at 20 labels/s (and 5 and 50 in the full run), and the largest gap;
4. 40 in-process simulated printers (sim://) x 100 labels, 40 jobs submitted at once, to the last job's completed_at;
5. GET /v1/jobs/{id} with 16 connections (wrk), GET /health the same way;
6. GET /v1/jobs/{id} on one connection;
7. resident memory with 44 offline printers as labels queue up (a fresh gateway and database);
plus database statements per label (pg_stat_statements), CPU time per 1,000 labels and the idle time at a job
boundary (two jobs queued at once on one printer).

The run fails (exit status 1) only on errors: a job that does not complete, a label missing or printed twice, a
process that dies, a request refused. Never on a timing. Only the Python standard library is used.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from child import Child

PROFILES = {
    # CI (scripts/test): every row, fewer repetitions and labels; under about 2 minutes on 2 cores.
    "short": dict(
        first_jobs=5, burst_labels=100, rates=[(20, 100)], boundary_labels=50, fleet_printers=40, fleet_labels=25,
        wrk_seconds=3, single_seconds=2, memory_printers=44, memory_labels=5_000),
    # For people: the figures of the table.
    "full": dict(
        first_jobs=30, burst_labels=500, rates=[(5, 100), (20, 400), (50, 1000)], boundary_labels=50,
        fleet_printers=40, fleet_labels=100, wrk_seconds=10, single_seconds=5, memory_printers=44,
        memory_labels=100_000),
}

# A printer fast enough that its print time is negligible (0.2 ms a label) and one that prints "instantly" (1 us).
FAST = dict(speed_ips=1000.0, label_dots=60)
INSTANT = dict(speed_ips=100_000.0, label_dots=30)
DPI = 300
POLL_SECONDS = 0.005  # how often the benchmark asks for a job's status while it waits for `completed`
TERMINAL = {"completed", "failed", "cancelled"}
LABEL_TEXT = re.compile(r"\^FD(B[0-9A-Za-z_.-]+)\^FS")
# Variables of the benchmark's scripts, not settings of the gateway.
NOT_SETTINGS = {"GATEWAY_BIN", "GATEWAY_BUILD", "GATEWAY_DATA_DIR", "GATEWAY_TEST_TIMEOUT", "GATEWAY_JWT_SECRET",
                "GATEWAY_JWT_SECRET_PREVIOUS", "GATEWAY_HTTP_ADDRESS", "GATEWAY_TEMPLATES_DIR"}


class BenchError(Exception):
    """An error that fails the run: not a timing."""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def label_seconds(speed_ips, label_dots):
    return label_dots / DPI / speed_ips


def zpl(tag, count):
    """`count` formats whose field data names the label: B<tag>-1, B<tag>-2, ..."""
    return [f"^XA^FO30,30^A0N,30,30^FDB{tag}-{n}^FS^XZ" for n in range(1, count + 1)]


class Printer:
    """A `gateway simulate` process and its record file."""

    def __init__(self, bench, name, speed_ips, label_dots):
        self.name = name
        self.speed_ips = speed_ips
        self.label_dots = label_dots
        self.print_seconds = label_seconds(speed_ips, label_dots)
        self.record = os.path.join(bench.work, f"{name}.jsonl")
        stdout = os.path.join(bench.work, f"sim-{name}.out")
        args = [bench.bin, "simulate", "--port", "0", "--name", name, "--speed-ips", str(speed_ips),
                "--label-dots", str(label_dots), "--record", self.record]
        self.child = Child(f"sim-{name}", args, bench.env(), os.path.join(bench.work, f"sim-{name}.log"),
                           cwd=bench.work, stdout_path=stdout)
        deadline = time.time() + 30
        while time.time() < deadline and self.child.alive():
            with open(stdout, encoding="utf-8", errors="replace") as f:
                match = re.search(r"listening on [0-9.]+:(\d+)", f.read())
            if match:
                self.port = int(match.group(1))
                self.offset = 0
                return
            time.sleep(0.02)
        raise BenchError(f"simulated printer {name} did not start; see {self.child.log_path}")

    def new_records(self):
        """The labels recorded since the last call, as (unixTime, label text) pairs."""
        if not os.path.exists(self.record):
            return []
        with open(self.record, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        labels = []
        for line in data[:end].splitlines():
            entry = json.loads(line)
            match = LABEL_TEXT.search(entry["zpl"])
            labels.append((entry["unixTime"], match.group(1) if match else entry["zpl"]))
        return labels

    def wait_for(self, expected, timeout, what):
        """Waits until the labels named in `expected` have printed; returns {label: unixTime}. A label that
        prints twice, or a label of this run that is not expected, is an error."""
        expected = set(expected)
        seen = {}
        deadline = time.time() + timeout
        while True:
            for at, text in self.new_records():
                if text in seen:
                    raise BenchError(f"{what}: label {text} printed twice on {self.name}")
                if text not in expected:
                    raise BenchError(f"{what}: {self.name} printed {text}, which no job of this step holds")
                seen[text] = at
            if len(seen) == len(expected):
                return seen
            if not self.child.alive():
                raise BenchError(f"simulated printer {self.name} exited; see {self.child.log_path}")
            if time.time() > deadline:
                missing = sorted(expected - set(seen))
                raise BenchError(f"{what}: {len(missing)} of {len(expected)} labels never printed on {self.name} "
                                 f"(first missing: {missing[0]})")
            time.sleep(0.001)


class Client:
    """One keep-alive HTTP connection to the gateway."""

    def __init__(self, port, token):
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.connection = None

    def request(self, method, path, body=None, timeout=30):
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                self.connection.request(method, path, body=data, headers=self.headers)
                answer = self.connection.getresponse()
                text = answer.read()
                break
            except (http.client.HTTPException, OSError) as error:
                # An idle keep-alive connection the server closed; every request here may be repeated (jobs carry an
                # idempotency key).
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise BenchError(f"{method} {path}: {error}")
        try:
            value = json.loads(text) if text else None
        except ValueError:
            value = text.decode(errors="replace")
        return answer.status, value

    def expect(self, method, path, body=None, statuses=(200,)):
        status, value = self.request(method, path, body)
        if status not in statuses:
            raise BenchError(f"{method} {path}: {status} {value}")
        return value

    def close(self):
        if self.connection is not None:
            self.connection.close()


class Gateway:
    """A `gateway serve` process on its own database."""

    def __init__(self, bench, database):
        self.port = free_port()
        self.database = database
        env = bench.env(DATABASE_URL=f"{bench.database_base}/{database}", GATEWAY_HTTP_ADDRESS=f"127.0.0.1:{self.port}")
        self.log_path = os.path.join(bench.work, f"gateway-{database}.log")
        self.child = Child("gateway", [bench.bin, "serve"], env, self.log_path, cwd=bench.work)
        deadline = time.time() + 120
        while time.time() < deadline:
            if not self.child.alive():
                raise BenchError(f"the gateway exited at start; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                status, _ = Client(self.port, bench.token).request("GET", "/ready")
                if status == 200:
                    return
            except (OSError, BenchError):
                pass
            time.sleep(0.1)
        raise BenchError(f"the gateway was not ready after 120 s; see {self.log_path}")

    def check(self):
        if not self.child.alive():
            raise BenchError(f"the gateway exited with status {self.child.process.returncode}; see {self.log_path}")

    def cpu_seconds(self):
        with open(f"/proc/{self.child.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory_kib(self):
        values = {}
        with open(f"/proc/{self.child.pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values


class Bench:
    def __init__(self, options):
        self.options = options
        self.short = options.short
        self.profile = PROFILES["short" if options.short else "full"]
        self.bin = os.environ["GATEWAY_BIN"]
        self.root = os.environ["BENCH_ROOT"]
        self.work = os.environ["BENCH_WORK_DIR"]
        self.output = os.environ["BENCH_OUTPUT"]
        self.pg_port = os.environ["BENCH_PG_PORT"]
        self.database_base = f"postgres://gateway@127.0.0.1:{self.pg_port}"
        self.cups_socket = os.environ["BENCH_CUPS_SOCKET"]
        self.secret = f"bench-secret-{int(time.time())}-0123456789abcdef"
        self.token = None
        self.children = []
        self.results = {}
        self.run_id = format(int(time.time() * 1000) % 10**9, "x")
        self.polls = 0  # status polls made by the benchmark while it waits for a job

    # ---- set-up --------------------------------------------------------------------------------------------

    def settings(self):
        """The gateway's settings taken from the environment, as the benchmark passes them on."""
        return {k: v for k, v in sorted(os.environ.items())
                if (k.startswith("GATEWAY_") and k not in NOT_SETTINGS and not k.startswith("GATEWAY_SKIP_")
                    and not k.startswith("GATEWAY_VERIFY_")) or k == "LOG_LEVEL"}

    def env(self, **extra):
        env = dict(os.environ)
        env.update(GATEWAY_JWT_SECRET=self.secret, GATEWAY_TEMPLATES_DIR=os.path.join(self.root, "templates"))
        env.setdefault("LOG_LEVEL", "warning")
        env.setdefault("GATEWAY_DASHBOARD_ADDRESS", "")  # the dashboard is not what it measures
        # The benchmark measures what the gateway can do, not its rate limits (set them to measure with them on).
        for key in ("SUBJECT", "CLIENT"):
            env.setdefault(f"GATEWAY_RATE_{key}_PER_SECOND", "1000000")
            env.setdefault(f"GATEWAY_RATE_{key}_BURST", "1000000")
        env.update(extra)
        return env

    def psql(self, sql, database="postgres"):
        answer = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", self.pg_port, "-U", "postgres", "-d", database, "-qtAX", "-F", "\t",
             "-c", sql], capture_output=True, text=True, timeout=60)
        if answer.returncode != 0:
            raise BenchError(f"psql: {sql}: {answer.stderr.strip()}")
        return [line.split("\t") for line in answer.stdout.splitlines() if line]

    def create_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}" OWNER gateway')

    def start_printer(self, name, speed_ips, label_dots):
        printer = Printer(self, f"{name}-{self.run_id}", speed_ips, label_dots)
        self.children.append(printer.child)
        return printer

    def start_gateway(self, database):
        self.create_database(database)
        gateway = Gateway(self, database)
        self.children.append(gateway.child)
        return gateway

    def cups(self, tool, *arguments, tries=50):
        for _ in range(tries):
            answer = subprocess.run([tool, "-h", self.cups_socket, *arguments], capture_output=True, text=True,
                                    timeout=60)
            if answer.returncode == 0:
                return answer.stdout
            if "service-unavailable" not in answer.stderr and "Bad file descriptor" not in answer.stderr:
                break
            time.sleep(0.1)
        raise BenchError(f"{tool} {' '.join(arguments)}: {answer.stderr.strip()}")

    def cups_queue(self, printer):
        queue = printer.name.replace("-", "_")
        self.cups("lpadmin", "-p", queue, "-E", "-v", f"socket://127.0.0.1:{printer.port}", "-m", "raw")
        return queue

    def cups_idle(self, queue, timeout=60):
        deadline = time.time() + timeout
        while self.cups("lpstat", "-o", queue).strip():
            if time.time() > deadline:
                raise BenchError(f"CUPS queue {queue} still holds jobs after {timeout} s")
            time.sleep(0.01)

    def lp(self, queue, path):
        answer = subprocess.run(["lp", "-h", self.cups_socket, "-d", queue, "-o", "raw", path], capture_output=True,
                                text=True, timeout=60)
        if answer.returncode != 0:
            raise BenchError(f"lp -d {queue} -o raw {path}: {answer.stderr.strip()}")

    def add_printer(self, client, name, uri):
        client.expect("POST", "/v1/printers", {"name": name, "uri": uri}, statuses=(200, 201))

    def submit(self, client, printer, labels, key):
        body = {"printer": printer, "zpl": labels, "idempotency_key": f"bench-{self.run_id}-{key}"}
        return client.expect("POST", "/v1/jobs", body, statuses=(200, 202))["id"]

    def wait_completed(self, client, job, labels, timeout, poll=POLL_SECONDS):
        """Polls the job every `poll` seconds until it is `completed`; returns the time it was seen so."""
        deadline = time.time() + timeout
        while True:
            tick = time.time()
            answer = client.expect("GET", f"/v1/jobs/{job}")
            if answer["status"] in TERMINAL:
                if answer["status"] != "completed" or answer["printed_count"] != labels:
                    raise BenchError(f"job {job} ended {answer['status']} with {answer['printed_count']} of {labels} "
                                     f"labels printed: {answer.get('last_error')}")
                return time.time()
            if tick > deadline:
                raise BenchError(f"job {job} not completed after {timeout} s: {answer['status']}, "
                                 f"{answer['printed_count']} of {labels} printed, {answer.get('waiting_reason')}")
            self.gateway.check()
            time.sleep(max(0.0, tick + poll - time.time()))

    def job_timeout(self, labels, seconds_per_label=0.0):
        return 60 + labels * (0.2 + seconds_per_label)

    # ---- rows ----------------------------------------------------------------------------------------------

    def row_first_label(self, client):
        jobs = self.profile["first_jobs"]
        log(f"submit -> first label printed: {jobs} single-label jobs, gateway and CUPS")
        gateway_printer = self.start_printer("first-gw", **FAST)
        cups_printer = self.start_printer("first-cups", **FAST)
        self.add_printer(client, gateway_printer.name, f"raw9100://127.0.0.1:{gateway_printer.port}")
        queue = self.cups_queue(cups_printer)
        gateway_ms, cups_ms = [], []
        # One job on each side first, not counted: connections opened, caches warm.
        for n in range(jobs + 1):
            labels = zpl(f"{self.run_id}-first-{n}", 1)
            name = LABEL_TEXT.search(labels[0]).group(1)
            started = time.time()
            job = self.submit(client, gateway_printer.name, labels, f"first-{n}")
            printed = gateway_printer.wait_for([name], 60, "submit -> first label (gateway)")[name]
            self.wait_completed(client, job, 1, 60, poll=0.01)
            if n > 0:
                gateway_ms.append((printed - started) * 1000)

            path = os.path.join(self.work, f"first-{n}.zpl")
            with open(path, "w") as f:
                f.write(labels[0])
            started = time.time()
            self.lp(queue, path)
            printed = cups_printer.wait_for([name], 60, "submit -> first label (CUPS)")[name]
            self.cups_idle(queue)
            if n > 0:
                cups_ms.append((printed - started) * 1000)
        self.results["first_label"] = dict(
            jobs=jobs, print_ms=gateway_printer.print_seconds * 1000,
            gateway_ms=summary(gateway_ms), cups_ms=summary(cups_ms))

    def row_burst(self, client):
        labels = self.profile["burst_labels"]
        log(f"{labels} labels to a printer that prints instantly, gateway and CUPS")
        gateway_printer = self.start_printer("burst-gw", **INSTANT)
        cups_printer = self.start_printer("burst-cups", **INSTANT)
        self.add_printer(client, gateway_printer.name, f"raw9100://127.0.0.1:{gateway_printer.port}")
        queue = self.cups_queue(cups_printer)
        # A warm connection on both sides, as in the first row.
        warm = zpl(f"{self.run_id}-burst-warm", 1)
        warm_name = LABEL_TEXT.search(warm[0]).group(1)
        job = self.submit(client, gateway_printer.name, warm, "burst-warm")
        gateway_printer.wait_for([warm_name], 60, "warm-up")
        self.wait_completed(client, job, 1, 60)
        path = os.path.join(self.work, "burst-warm.zpl")
        with open(path, "w") as f:
            f.write(warm[0])
        self.lp(queue, path)
        cups_printer.wait_for([warm_name], 60, "warm-up (CUPS)")
        self.cups_idle(queue)

        formats = zpl(f"{self.run_id}-burst", labels)
        names = [LABEL_TEXT.search(f).group(1) for f in formats]
        self.reset_statements()
        cpu = self.gateway.cpu_seconds()
        polls_before = self.polls
        started = time.time()
        job = self.submit(client, gateway_printer.name, formats, "burst")
        confirmed = self.wait_completed(CountingClient(client, self), job, labels, self.job_timeout(labels))
        cpu = self.gateway.cpu_seconds() - cpu
        statements = self.statements()
        printed = gateway_printer.wait_for(names, 30, "burst (gateway)")
        self.burst_job = job

        path = os.path.join(self.work, "burst.zpl")
        with open(path, "w") as f:
            f.write("\n".join(formats) + "\n")
        cups_started = time.time()
        self.lp(queue, path)
        cups_printed = cups_printer.wait_for(names, self.job_timeout(labels), "burst (CUPS)")
        self.cups_idle(queue)
        self.results["burst"] = dict(
            labels=labels, print_ms=gateway_printer.print_seconds * 1000,
            gateway_confirmed_s=confirmed - started, gateway_labels_per_s=labels / (confirmed - started),
            gateway_last_printed_s=max(printed.values()) - started,
            cups_delivered_s=max(cups_printed.values()) - cups_started,
            cups_labels_per_s=labels / (max(cups_printed.values()) - cups_started),
            cpu_s=cpu, status_polls=self.polls - polls_before)
        self.results["statements"] = dict(statements, labels=labels, polls=self.polls - polls_before)

    def row_utilisation(self, client):
        rows = []
        for rate, labels in self.profile["rates"]:
            log(f"utilisation at {rate} labels/s: {labels} labels")
            printer = self.start_printer(f"rate{rate}", speed_ips=float(rate), label_dots=DPI)
            self.add_printer(client, printer.name, f"raw9100://127.0.0.1:{printer.port}")
            formats = zpl(f"{self.run_id}-rate{rate}", labels)
            job = self.submit(client, printer.name, formats, f"rate{rate}")
            self.wait_completed(client, job, labels, self.job_timeout(labels, printer.print_seconds), poll=0.05)
            printed = printer.wait_for([LABEL_TEXT.search(f).group(1) for f in formats], 30, f"{rate} labels/s")
            rows.append(dict(rate=rate, labels=labels, **utilisation(sorted(printed.values()), printer.print_seconds)))
        self.results["utilisation"] = rows

    def row_boundary(self, client):
        labels = self.profile["boundary_labels"]
        rate = 20
        log(f"job boundary: two {labels}-label jobs queued at once at {rate} labels/s")
        printer = self.start_printer("boundary", speed_ips=float(rate), label_dots=DPI)
        self.add_printer(client, printer.name, f"raw9100://127.0.0.1:{printer.port}")
        jobs = {}
        for part in ("a", "b"):
            formats = zpl(f"{self.run_id}-boundary{part}", labels)
            jobs[part] = (self.submit(client, printer.name, formats, f"boundary-{part}"), formats)
        for job, _ in jobs.values():
            self.wait_completed(client, job, labels, self.job_timeout(2 * labels, printer.print_seconds), poll=0.05)
        names = [LABEL_TEXT.search(f).group(1) for _, formats in jobs.values() for f in formats]
        printed = printer.wait_for(names, 30, "job boundary")
        ends = {part: sorted(t for name, t in printed.items() if f"-boundary{part}-" in name) for part in jobs}
        first, second = sorted(ends, key=lambda part: ends[part][0])
        if ends[first][-1] > ends[second][0]:
            raise BenchError("job boundary: the two jobs' labels printed interleaved")
        gap = ends[second][0] - printer.print_seconds - ends[first][-1]
        self.results["boundary"] = dict(labels=labels, rate=rate, gap_ms=gap * 1000,
                                        **utilisation(sorted(printed.values()), printer.print_seconds))

    def row_fleet(self, client):
        count, labels = self.profile["fleet_printers"], self.profile["fleet_labels"]
        log(f"{count} in-process simulated printers x {labels} labels")
        query = f"speed_ips={FAST['speed_ips']:g}&label_dots={FAST['label_dots']}"
        names = [f"bench{n}-{self.run_id}" for n in range(1, count + 1)]
        for name in names:
            self.add_printer(client, name, f"sim://{name}?{query}")
        time.sleep(1)  # the engine picks up new printers
        cpu = self.gateway.cpu_seconds()
        started = time.time()

        def submit(name):
            c = Client(self.gateway.port, self.token)
            try:
                return self.submit(c, name, zpl(f"{self.run_id}-{name}", labels), name)
            finally:
                c.close()

        with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
            jobs = list(pool.map(submit, names))
        submitted = time.time()
        # The jobs' own completed_at times tell when the last one ended, so the benchmark polls slowly and leaves
        # the cores to the gateway (a tight poll of 40 jobs is itself thousands of requests a second).
        pending, ended = set(jobs), []
        deadline = time.time() + self.job_timeout(labels * count)
        while pending:
            tick = time.time()
            for job in list(pending):
                answer = client.expect("GET", f"/v1/jobs/{job}")
                if answer["status"] in TERMINAL:
                    if answer["status"] != "completed" or answer["printed_count"] != labels:
                        raise BenchError(f"job {job} ended {answer['status']} with {answer['printed_count']} of "
                                         f"{labels}: {answer.get('last_error')}")
                    ended.append(unix_time(answer["completed_at"]))
                    pending.discard(job)
            if pending and tick > deadline:
                raise BenchError(f"{len(pending)} of {count} jobs on sim:// printers not completed")
            self.gateway.check()
            if pending:
                time.sleep(max(0.0, tick + 0.2 - time.time()))
        done = max(ended)
        cpu = self.gateway.cpu_seconds() - cpu
        self.results["fleet"] = dict(
            printers=count, labels=labels, print_ms=label_seconds(**FAST) * 1000, submit_s=submitted - started,
            total_s=done - started, labels_per_s=count * labels / (done - started), cpu_s=cpu)

    def row_http(self):
        seconds = self.profile["wrk_seconds"]
        job = self.burst_job
        log(f"GET /v1/jobs/{{id}} and GET /health: wrk -t2 -c16 -d{seconds}s; one connection")
        base = f"http://127.0.0.1:{self.gateway.port}"
        self.results["http"] = dict(
            job=self.wrk(f"{base}/v1/jobs/{job}", 2, 16, seconds),
            health=self.wrk(f"{base}/health", 2, 16, seconds))
        single = self.wrk(f"{base}/v1/jobs/{job}", 1, 1, self.profile["single_seconds"])
        single["ms_per_request"] = 1000 / single["requests_per_s"] if single["requests_per_s"] else None
        self.results["single"] = single

    def wrk(self, url, threads, connections, seconds):
        answer = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
             "-H", f"Authorization: Bearer {self.token}", url], capture_output=True, text=True, timeout=seconds + 60)
        if answer.returncode != 0:
            raise BenchError(f"wrk {url}: {answer.stderr.strip()}")
        out = answer.stdout
        self.gateway.check()
        figures = dict(threads=threads, connections=connections, seconds=seconds)
        figures["requests_per_s"] = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
        for percentile in ("50", "99"):
            match = re.search(rf"^\s+{percentile}%\s+([0-9.]+)(us|ms|s|m)\s*$", out, re.M)
            figures[f"p{percentile}_ms"] = duration_ms(*match.groups()) if match else None
        match = re.search(r"^\s+(\d+) requests in", out, re.M)
        figures["requests"] = int(match.group(1)) if match else None
        match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        if match:
            raise BenchError(f"wrk {url}: {match.group(1)} answers were not 2xx")
        match = re.search(r"Socket errors: (.*)", out)
        figures["socket_errors"] = match.group(1) if match else None
        return figures

    def row_memory(self):
        count, total = self.profile["memory_printers"], self.profile["memory_labels"]
        log(f"resident memory: {count} offline printers, {total} labels queued (a fresh gateway and database)")
        self.gateway.child.stop()
        self.gateway = self.start_gateway("gateway_bench_memory")
        client = Client(self.gateway.port, self.token)
        # Nothing listens on these ports: the printers are offline. One port each, as two printers may not name
        # one device.
        closed = set()
        while len(closed) < count:
            closed.add(free_port())
        names = [f"offline{n}" for n in range(1, count + 1)]
        for name, port in zip(names, sorted(closed)):
            self.add_printer(client, name, f"raw9100://127.0.0.1:{port}")
        time.sleep(2)
        per_job = 1000
        jobs, queued, samples = [], 0, []
        marks = [0, total // 4, total // 2, total]

        def sample():
            time.sleep(2)  # the engine has seen the new jobs
            self.gateway.check()
            samples.append(dict(labels_queued=queued, **{k.lower(): v for k, v in self.gateway.memory_kib().items()}))
            log(f"  {queued} labels queued: VmRSS {samples[-1]['vmrss'] / 1024:.1f} MiB")

        sample()
        for mark in marks[1:]:
            while queued < mark:
                n = min(per_job, mark - queued)
                name = names[len(jobs) % count]
                jobs.append((self.submit(client, name, zpl(f"{self.run_id}-mem{len(jobs)}", n), f"mem-{len(jobs)}"),
                             n))
                queued += n
            sample()
        for job, n in jobs:
            answer = client.expect("GET", f"/v1/jobs/{job}")
            if answer["status"] != "queued" or answer["printed_count"] != 0:
                raise BenchError(f"job {job} for an offline printer is {answer['status']} with "
                                 f"{answer['printed_count']} printed, not queued")
        client.close()
        self.results["memory"] = dict(printers=count, labels=total, jobs=len(jobs), samples=samples)

    # ---- the database's statements -------------------------------------------------------------------------

    # The statements of the benchmark's main database (the memory row has one of its own).
    BENCH_STATEMENTS = "dbid = (SELECT oid FROM pg_database WHERE datname = 'gateway_bench')"

    def reset_statements(self):
        self.psql("SELECT pg_stat_statements_reset()")

    def statements(self):
        where = self.BENCH_STATEMENTS
        total = int(self.psql(f"SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE {where}")[0][0])
        top = self.psql(f"SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements "
                        f"WHERE {where} ORDER BY calls DESC LIMIT 5")
        return dict(total=total, top=[dict(calls=int(calls), query=query) for calls, query in top])

    def statement_times(self):
        """The database's time over the statements since the last reset, in total and for the five that took most
        (execution time, lock waits included): where the database, not the gateway, spends a row's time."""
        where = self.BENCH_STATEMENTS
        total = float(self.psql(f"SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements WHERE {where}")[0][0])
        top = self.psql(f"SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) "
                        f"FROM pg_stat_statements WHERE {where} ORDER BY total_exec_time DESC LIMIT 5")
        return dict(total_ms=total, top=[dict(calls=int(calls), ms=float(ms), query=query) for calls, ms, query in top])

    def statements_per_get(self, client):
        """Statements one GET /v1/jobs/{id} makes, to tell the benchmark's own status polls from the engine's."""
        requests = 200
        self.reset_statements()
        for _ in range(requests):
            client.expect("GET", f"/v1/jobs/{self.burst_job}")
        return self.statements()["total"] / requests

    # ---- the run -------------------------------------------------------------------------------------------

    def run(self):
        started = time.time()
        self.results["settings"] = self.settings()
        self.token = subprocess.run([self.bin, "token", "--subject", "bench", "--scope", "admin"], env=self.env(), cwd=self.work,
                                    capture_output=True, text=True, check=True).stdout.strip()
        self.gateway = self.start_gateway("gateway_bench")
        self.first_gateway = self.gateway.child
        client = Client(self.gateway.port, self.token)
        with self.profiled("first-label"):
            self.row_first_label(client)
        with self.profiled("burst"):
            self.row_burst(client)
        per_get = self.statements_per_get(client)
        self.results["statements"]["per_get"] = per_get
        self.row_utilisation(client)
        self.row_boundary(client)
        self.reset_statements()
        with self.profiled("fleet"):
            self.row_fleet(client)
        self.results["fleet"]["database"] = self.statement_times()
        with self.profiled("http"):
            self.row_http()
        client.close()
        self.row_memory()
        for child in self.children:
            if not child.alive() and child is not self.first_gateway:
                raise BenchError(f"{child.name} exited with status {child.process.returncode}; see {child.log_path}")
        self.results["seconds"] = time.time() - started

    @contextlib.contextmanager
    def profiled(self, row):
        """With --perf: samples the gateway's CPU (perf record, software clock, call graphs) while the row runs, and
        writes the functions that use most of it, by their own time, next to the recording."""
        if not self.options.perf:
            yield
            return
        os.makedirs(self.options.perf, exist_ok=True)
        data = os.path.join(self.options.perf, f"{row}.data")
        recorder = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-F", "1999", "-g", "-o", data,
                                     "-p", str(self.gateway.child.pid)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # perf attaches
        try:
            yield
        finally:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(timeout=60)
            top = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--percent-limit", "0.5",
                                  "-g", "none", "--sort", "dso,symbol"], capture_output=True, text=True, timeout=300)
            path = os.path.join(self.options.perf, f"{row}.txt")
            with open(path, "w") as f:
                f.write(top.stdout)
            log(f"profile of row {row}: {path}")

    def stop(self):
        for child in reversed(self.children):
            child.stop()


class CountingClient:
    """A client that counts the requests made through it (the benchmark's status polls)."""

    def __init__(self, client, bench):
        self.client = client
        self.bench = bench

    def expect(self, *arguments, **keywords):
        self.bench.polls += 1
        return self.client.expect(*arguments, **keywords)


def unix_time(stamp):
    """A timestamp of the API (RFC 3339, UTC) as seconds since 1970."""
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def duration_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def summary(values):
    ordered = sorted(values)
    return dict(median=statistics.median(ordered), min=ordered[0], max=ordered[-1],
                p90=ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], values=ordered)


def utilisation(ends, print_seconds):
    """Print time over first label start to last label end, and the largest idle time between labels."""
    span = ends[-1] - (ends[0] - print_seconds)
    gaps = [later - print_seconds - earlier for earlier, later in zip(ends, ends[1:])]
    return dict(utilisation=len(ends) * print_seconds / span if span > 0 else None,
                largest_gap_ms=max(gaps) * 1000 if gaps else 0.0, span_s=span)


# ---- the report ------------------------------------------------------------------------------------------------


def report(results, meta):
    r = results
    lines = []
    settings = " ".join(f"{k}={v}" for k, v in r["settings"].items()) or "none (the gateway's defaults)"
    lines.append(f"build: {meta['build']}, {'short' if meta['short'] else 'full'} run, {meta['cores']} cores, "
                 f"load {meta['load']}, PostgreSQL fsync={meta['fsync']}, {meta['cups']}")
    lines.append(f"gateway settings from the environment: {settings}")
    rows = []
    f = r["first_label"]
    rows.append(("submit → first label printed, median",
                 f"{f['gateway_ms']['median']:.1f} ms", f"{f['cups_ms']['median']:.1f} ms",
                 "≤ 15 ms, and below CUPS in the same run"))
    b = r["burst"]
    rows.append((f"{b['labels']} labels to a printer that prints instantly",
                 f"{b['gateway_labels_per_s']:,.0f} labels/s confirmed ({b['gateway_confirmed_s']:.2f} s)",
                 f"{b['cups_labels_per_s']:,.0f} labels/s delivered ({b['cups_delivered_s']:.2f} s)",
                 "≥ 500 labels/s confirmed"))
    for u in r["utilisation"]:
        rows.append((f"utilisation of a printer at {u['rate']} labels/s, first to last label",
                     f"{u['utilisation'] * 100:.1f} % (gaps up to {u['largest_gap_ms']:.0f} ms)", "—",
                     "≥ 99.5 % at any speed up to 50 labels/s"))
    fl = r["fleet"]
    rows.append((f"{fl['printers']} in-process simulated printers × {fl['labels']} labels",
                 f"{fl['labels_per_s']:,.0f} labels/s", "—", "≥ 3,000 labels/s on 2 cores"))
    h = r["http"]
    rows.append((f"`GET /v1/jobs/{{id}}`, 16 connections (wrk)",
                 f"{h['job']['requests_per_s']:,.0f} req/s, p99 {fmt_ms(h['job']['p99_ms'])}",
                 f"`GET /health` {h['health']['requests_per_s']:,.0f} req/s, p99 {fmt_ms(h['health']['p99_ms'])}",
                 "≥ 5,000 req/s, p99 < 10 ms"))
    s = r["single"]
    rows.append(("one connection, `GET /v1/jobs/{id}`", f"{s['ms_per_request']:.2f} ms per request", "—",
                 "< 0.5 ms"))
    m = r["memory"]
    rss = [sample["vmrss"] / 1024 for sample in m["samples"]]
    rows.append((f"resident memory, {m['printers']} printers, {m['labels'] // 1000} k labels queued",
                 f"{rss[-1]:.0f} MiB (" + " → ".join(f"{v:.0f}" for v in rss) + " MiB at 0/25/50/100 %)", "—",
                 "< 64 MiB, and flat as the queue grows"))
    widths = [max(len(row[i]) for row in rows + [HEADER]) for i in range(4)]
    lines.append("")
    lines.append("| " + " | ".join(HEADER[i].ljust(widths[i]) for i in range(4)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        lines.append("| " + " | ".join(row[i].ljust(widths[i]) for i in range(4)) + " |")
    for name, figures in (("GET /v1/jobs/{id}", h["job"]), ("GET /health", h["health"]), ("one connection", s)):
        if figures.get("socket_errors"):
            lines.append(f"wrk {name}: socket errors {figures['socket_errors']}")
    lines.append("")
    st = r["statements"]
    engine = st["total"] - st["polls"] * st["per_get"]
    lines.append(f"database statements per label printed ({b['labels']}-label job): "
                 f"{st['total'] / st['labels']:.2f} ({st['total']} statements; "
                 f"without the benchmark's {st['polls']} status polls at {st['per_get']:.1f} each: "
                 f"{engine / st['labels']:.2f}). Most called:")
    for entry in st["top"]:
        lines.append(f"  {entry['calls']:>7}  {entry['query']}")
    database = fl.get("database")
    if database:
        lines.append(f"database time during the {fl['printers']}-printer row: {database['total_ms'] / 1000:.2f} s over "
                     f"all statements (execution, lock waits included; the row took {fl['total_s']:.2f} s). Most:")
        for entry in database["top"]:
            lines.append(f"  {entry['ms']:>9.1f} ms  {entry['calls']:>6} calls  {entry['query']}")
    cpu_labels = b["labels"] + fl["printers"] * fl["labels"]
    cpu = b["cpu_s"] + fl["cpu_s"]
    lines.append(f"gateway CPU time per 1,000 labels: {cpu / cpu_labels * 1000:.2f} s "
                 f"({b['labels']}-label job: {b['cpu_s'] / b['labels'] * 1000:.2f} s, with {b['status_polls']} "
                 f"status polls; {fl['printers']} printers: {fl['cpu_s'] / (cpu_labels - b['labels']) * 1000:.2f} s)")
    bd = r["boundary"]
    lines.append(f"job boundary (two {bd['labels']}-label jobs queued at once, {bd['rate']} labels/s): "
                 f"{bd['gap_ms']:.1f} ms from the last label of one to the first of the next; utilisation over both "
                 f"{bd['utilisation'] * 100:.1f} % (goal: no idle time)")
    lines.append(f"simulated printers: {f['print_ms']:.2f} ms a label (rows 1 and 4), {b['print_ms'] * 1000:.0f} µs "
                 f"(row 2), 1/rate (utilisation); submit → first label: min {f['gateway_ms']['min']:.1f}, "
                 f"max {f['gateway_ms']['max']:.1f} ms (CUPS {f['cups_ms']['min']:.1f}, {f['cups_ms']['max']:.1f}) "
                 f"over {f['jobs']} jobs")
    samples = ", ".join(f"{sample['labels_queued']} labels {sample['vmrss'] / 1024:.1f} MiB" for sample in m["samples"])
    lines.append(f"memory: {samples}; peak (VmHWM) {m['samples'][-1]['vmhwm'] / 1024:.1f} MiB")
    return "\n".join(lines)


HEADER = ("what", "gateway", "CUPS 2.4 `lp -o raw` or other reference", "goal")


def headline(r):
    """The run's main figures as (name, value, unit, better) with better "high" or "low", for --compare."""
    st, b, fl = r["statements"], r["burst"], r["fleet"]
    figures = [
        ("submit → first label, median, gateway", r["first_label"]["gateway_ms"]["median"], "ms", "low"),
        ("submit → first label, median, CUPS", r["first_label"]["cups_ms"]["median"], "ms", "low"),
        (f"{b['labels']} labels instantly, gateway confirmed", b["gateway_labels_per_s"], "labels/s", "high"),
        (f"{b['labels']} labels instantly, CUPS delivered", b["cups_labels_per_s"], "labels/s", "high"),
    ]
    for u in r["utilisation"]:
        figures.append((f"utilisation at {u['rate']} labels/s", u["utilisation"] * 100, "%", "high"))
        figures.append((f"largest gap at {u['rate']} labels/s", u["largest_gap_ms"], "ms", "low"))
    figures += [
        (f"{fl['printers']} sim printers × {fl['labels']} labels", fl["labels_per_s"], "labels/s", "high"),
        ("GET /v1/jobs/{id}, 16 connections", r["http"]["job"]["requests_per_s"], "req/s", "high"),
        ("GET /v1/jobs/{id}, 16 connections, p99", r["http"]["job"]["p99_ms"], "ms", "low"),
        ("GET /health, 16 connections", r["http"]["health"]["requests_per_s"], "req/s", "high"),
        ("GET /v1/jobs/{id}, one connection", r["single"]["ms_per_request"], "ms", "low"),
        ("resident memory, empty queue", r["memory"]["samples"][0]["vmrss"] / 1024, "MiB", "low"),
        ("resident memory, full queue", r["memory"]["samples"][-1]["vmrss"] / 1024, "MiB", "low"),
        ("database statements per label", st["total"] / st["labels"], "", "low"),
        ("database statements per label, without status polls",
         (st["total"] - st["polls"] * st["per_get"]) / st["labels"], "", "low"),
        ("CPU time per 1,000 labels", (b["cpu_s"] + fl["cpu_s"]) / (b["labels"] + fl["printers"] * fl["labels"]) * 1000,
         "s", "low"),
        ("idle time at a job boundary", r["boundary"]["gap_ms"], "ms", "low"),
        (f"database time during the {fl['printers']}-printer row",
         fl["database"]["total_ms"] / 1000 if "database" in fl else None, "s", "low"),
    ]
    return figures


def compare(old_path, new_path):
    """Prints two runs' main figures side by side."""
    runs = []
    for path in (old_path, new_path):
        with open(path) as f:
            runs.append(json.load(f))
    old, new = ({name: (value, unit, better) for name, value, unit, better in headline(run)} for run in runs)
    for path, run in zip((old_path, new_path), runs):
        print(f"{path}: {run.get('started', '?')}, build {run.get('build', '?')}, "
              f"{'short' if run.get('short') else 'full'} run, load {run.get('load', '?')}")
    width = max(len(name) for name in list(old) + list(new))
    print(f"{'':{width}}  {'before':>16}  {'after':>16}  change")
    for name in list(old) + [n for n in new if n not in old]:
        a, b = old.get(name), new.get(name)
        unit = (a or b)[1]
        print(f"{name:{width}}  {shown(a, unit):>16}  {shown(b, unit):>16}  {change_shown(a, b)}")


def change_shown(a, b):
    """How the second figure compares with the first: a ratio when both are shown apart, "same" when not."""
    if not a or not b or a[0] is None or b[0] is None:
        return ""
    if round(a[0], 2) == round(b[0], 2):
        return "same"
    better = (b[0] > a[0]) == (a[2] == "high")
    verdict = " better" if better else " worse"
    return (f"{b[0] / a[0]:.2f}×" if a[0] else "from 0") + verdict


def shown(figure, unit):
    # Adding 0.0 turns a rounded -0.0 into 0.0.
    return "—" if figure is None or figure[0] is None else f"{round(figure[0], 2) + 0.0:,.2f} {unit}".strip()


def fmt_ms(value):
    return "?" if value is None else f"{value:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="the CI form: fewer repetitions and labels")
    parser.add_argument("--perf", metavar="DIR",
                        help="record a CPU profile of the gateway (perf record) during each row into DIR, with the "
                             "top entries of each as DIR/ROW.txt")
    parser.add_argument("--compare", nargs="+", metavar="JSON",
                        help="print two runs' figures side by side (OLD [NEW]; NEW defaults to the last run)")
    options = parser.parse_args()
    if options.compare:
        if len(options.compare) > 2:
            parser.error("--compare takes one or two files")
        compare(options.compare[0], options.compare[1] if len(options.compare) == 2 else os.environ["BENCH_OUTPUT"])
        return 0
    bench = Bench(options)
    os.makedirs(bench.work, exist_ok=True)
    meta = dict(build=os.environ.get("BENCH_BUILD", "?"), short=options.short, cores=os.cpu_count(),
                load=" ".join(f"{v:.2f}" for v in os.getloadavg()), fsync=os.environ.get("PG_FSYNC", "on"),
                cups=os.environ.get("BENCH_CUPS_VERSION", "CUPS"), started=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    status = 0
    try:
        bench.run()
    except BenchError as error:
        log(f"ERROR: {error}")
        status = 1
    except KeyboardInterrupt:
        status = 130
    finally:
        bench.stop()
    if status == 0:
        text = report(bench.results, meta)
        print(text, flush=True)
        os.makedirs(os.path.dirname(bench.output), exist_ok=True)
        previous = bench.output.replace(".json", ".previous.json")
        if os.path.exists(bench.output):
            os.replace(bench.output, previous)
        with open(bench.output, "w") as f:
            json.dump(dict(meta, **bench.results), f, indent=2)
        log(f"figures written to {bench.output} (the run before: {previous})")
    return status


if __name__ == "__main__":
    sys.exit(main())
