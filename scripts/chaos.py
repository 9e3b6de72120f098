#!/usr/bin/env python3
"""Chaos run of the print gateway. Started by scripts/chaos, which provides PostgreSQL and the environment.

Several `gateway serve` processes share one database and drive printers served by `gateway simulate` (raw TCP
9100 on loopback) while a stream of jobs arrives over HTTP. Meanwhile, at planned moments:

- kill: SIGKILL a gateway that drives a printer; a new process (new owner name) starts a few seconds later;
- PostgreSQL restart: pg_ctl stop -m fast, a few seconds down, start again;
- power cycle: SIGKILL a simulated printer and start it again on the same port (its buffer is lost);
- scripted printer faults: connection resets (reset@K), refused connections (refuse@N=S) and pauses (pause@N),
  which this script ends by sending ~PS to the printer, as an operator presses the pause key.

Then it waits (bounded) for every job to end, reads the printers' own records (one JSON line per printed label,
one file per printer per power-on) and prints the figures. Exit status 1 when a label was lost, two processes sent
to one printer at once, a job did not end, one takeover printed more labels twice than the window, or a takeover
after a kill took longer than lease + claim poll + tolerance. Exit status 2 when the run itself broke.

Only the Python standard library is used.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime

from child import Child

PROFILES = {
    # CI: about 3 minutes on 2 cores.
    "short": dict(
        gateways=3, printers=4, jobs=40, labels=(20, 80), kills=3, pg_restarts=1, power_cycles=1,
        resets=1, refusals=1, pauses=1, duration=75, drain=120, speed_ips=6.0, label_dots=150),
    # For people: 15-20 minutes.
    "long": dict(
        gateways=4, printers=8, jobs=320, labels=(20, 200), kills=24, pg_restarts=2, power_cycles=4,
        resets=4, refusals=3, pauses=3, duration=780, drain=420, speed_ips=4.0, label_dots=200),
}

WINDOW = 8
LEASE_SECONDS = 3.0
POLL_MS = 100
CLAIM_SECONDS = 0.5
WAIT_SECONDS = 0.5
# Added to lease + claim poll for the resume limit: the claim query and the event insert on a loaded debug build.
# No process start-up is involved: another live gateway takes over, the killed one is restarted later.
RESUME_TOLERANCE = 0.5
TERMINAL = {"completed", "failed", "cancelled"}
LABEL_TEXT = re.compile(r"\^FDJ(\d+)-L(\d+)\^FS")


class HarnessError(Exception):
    """The run itself broke (not a finding about the gateway)."""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Chaos:
    def __init__(self, options):
        self.options = options
        self.profile = PROFILES["short" if options.short else "long"]
        self.random = random.Random(options.seed)
        self.spread = random.Random()
        self.bin = os.environ["GATEWAY_BIN"]
        self.root = os.environ["CHAOS_ROOT"]
        self.work = os.environ["CHAOS_WORK_DIR"]
        self.database_url = os.environ["DATABASE_URL"]
        self.secret = f"chaos-secret-{options.seed}-0123456789abcdef"
        self.lock = threading.Lock()
        self.gateways = {}  # owner -> {"child", "api"}
        self.next_gateway = 1
        self.printers = {}  # name -> {"port", "child", "power_on", "faults"}
        self.jobs = {}  # index -> {"id", "printer", "labels"}
        self.submit_failures = 0
        self.kills = []  # {"owner", "at", "printers", "jobs"}
        self.pending_restarts = []  # times
        self.pg_restarts = []
        self.power_cycles = []
        self.unpauses = []
        self.unexpected_exits = []
        self.skipped_kills = 0
        self.stop_submitting = threading.Event()
        self.submitter_error = None
        self.token = None

    # ---- processes -------------------------------------------------------------------------------------------

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_") or k == "GATEWAY_BIN"}
        env.update(
            DATABASE_URL=self.database_url, GATEWAY_JWT_SECRET=self.secret, LOG_LEVEL="info",
            GATEWAY_TEMPLATES_DIR=os.path.join(self.root, "templates"),
            # Several gateways run side by side: none opens the dashboard's port.
            GATEWAY_DASHBOARD_ADDRESS="",
            # Its clients poll as fast as they can; the rate limits are not what it tests.
            GATEWAY_RATE_SUBJECT_PER_SECOND="1000000", GATEWAY_RATE_SUBJECT_BURST="1000000",
            GATEWAY_RATE_CLIENT_PER_SECOND="1000000", GATEWAY_RATE_CLIENT_BURST="1000000")
        env.update(extra)
        return env

    def start_gateway(self):
        owner = f"gw-{self.next_gateway}"
        self.next_gateway += 1
        port = free_port()
        env = self.env(
            GATEWAY_OWNER=owner, GATEWAY_HTTP_ADDRESS=f"127.0.0.1:{port}", GATEWAY_WINDOW=str(WINDOW),
            GATEWAY_LEASE_SECONDS=str(LEASE_SECONDS), GATEWAY_POLL_MS=str(POLL_MS),
            GATEWAY_CLAIM_SECONDS=str(CLAIM_SECONDS), GATEWAY_WAIT_SECONDS=str(WAIT_SECONDS))
        child = Child(owner, [self.bin, "serve"], env, os.path.join(self.work, f"{owner}.log"))
        with self.lock:
            self.gateways[owner] = {"child": child, "api": f"http://127.0.0.1:{port}", "ready": False}
        return owner

    def wait_ready(self, owner, timeout=60):
        gateway = self.gateways[owner]
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not gateway["child"].alive():
                raise HarnessError(f"{owner} exited at start; see {gateway['child'].log_path}")
            try:
                with urllib.request.urlopen(gateway["api"] + "/ready", timeout=2) as answer:
                    if answer.status == 200:
                        with self.lock:
                            gateway["ready"] = True
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise HarnessError(f"{owner} not ready after {timeout} s; see {gateway['child'].log_path}")

    def start_printer(self, name, port, faults):
        power_on = self.printers[name]["power_on"] + 1 if name in self.printers else 0
        record = os.path.join(self.work, "records", f"{name}.{power_on}.jsonl")
        stdout = os.path.join(self.work, f"sim-{name}.{power_on}.out")
        args = [self.bin, "simulate", "--port", str(port), "--name", name,
                "--speed-ips", str(self.profile["speed_ips"]), "--label-dots", str(self.profile["label_dots"]),
                "--record", record]
        for fault in faults:
            args += ["--fault", fault]
        for attempt in range(20):
            child = Child(f"sim-{name}", args, self.env(), os.path.join(self.work, f"sim-{name}.log"), stdout_path=stdout)
            deadline = time.time() + 20
            while time.time() < deadline and child.alive():
                with open(stdout, encoding="utf-8", errors="replace") as f:
                    match = re.search(r"listening on [0-9.]+:(\d+)", f.read())
                if match:
                    self.printers[name] = {"port": int(match.group(1)), "child": child, "power_on": power_on,
                                           "faults": faults}
                    return
                time.sleep(0.05)
            child.kill()
            time.sleep(0.5)  # the port may still be held for a moment after a power cycle
        raise HarnessError(f"simulated printer {name} did not start; see {self.work}/sim-{name}.log")

    def check_processes(self):
        """Notes gateways that died without being killed, and starts a new process in their place."""
        with self.lock:
            dead = [(owner, g) for owner, g in self.gateways.items() if not g["child"].alive()]
            for owner, _ in dead:
                del self.gateways[owner]
        for owner, gateway in dead:
            code = gateway["child"].process.returncode
            log(f"UNEXPECTED: {owner} exited with status {code}; see {gateway['child'].log_path}")
            self.unexpected_exits.append((owner, code, time.time()))
            self.pending_restarts.append(time.time() + 1)
        for name, printer in self.printers.items():
            if not printer["child"].alive():
                raise HarnessError(f"simulated printer {name} exited; see {self.work}/sim-{name}.log")

    # ---- HTTP ------------------------------------------------------------------------------------------------

    def live_apis(self):
        with self.lock:
            return [g["api"] for g in self.gateways.values() if g["ready"] and g["child"].alive()]

    def request(self, method, path, body=None, api=None, timeout=10):
        """One request to one gateway (a live one when not given). Returns (status, json)."""
        apis = [api] if api else self.live_apis()
        if not apis:
            raise urllib.error.URLError("no live gateway")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.random_choice(apis) + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                text = answer.read()
                return answer.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text.decode(errors="replace")

    def random_choice(self, items):
        # Not the seeded generator: which gateway answers depends on timing, and --seed replays the plan only.
        return self.spread.choice(items)

    def api(self, method, path, body=None, tries=60):
        """A request retried (bounded) across live gateways while the database or a gateway is down."""
        last = None
        for _ in range(tries):
            try:
                status, answer = self.request(method, path, body)
                if status < 500:
                    return status, answer
                last = f"{status} {answer}"
            except (urllib.error.URLError, OSError, ValueError) as error:
                last = str(error)
            time.sleep(0.5)
        raise HarnessError(f"{method} {path} kept failing: {last}")

    def list_jobs(self, status):
        items, cursor = [], None
        for _ in range(100):
            query = f"/v1/jobs?limit=500&status={status}" + (f"&cursor={cursor}" if cursor else "")
            code, page = self.api("GET", query)
            if code != 200:
                raise HarnessError(f"GET {query}: {code} {page}")
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return items

    # ---- the job stream --------------------------------------------------------------------------------------

    def plan_jobs(self):
        low, high = self.profile["labels"]
        names = sorted(self.printers)
        spread = self.profile["duration"] * 0.85
        plan = []
        for index in range(1, self.profile["jobs"] + 1):
            at = spread * (index - 1) / self.profile["jobs"] + self.random.uniform(0, spread / self.profile["jobs"])
            plan.append((at, index, self.random.choice(names), self.random.randint(low, high)))
        return plan

    def submit_all(self, plan, started):
        try:
            for at, index, printer, count in plan:
                while time.time() < started + at:
                    if self.stop_submitting.wait(0.05):
                        return
                body = {"printer": printer, "idempotency_key": f"chaos-{self.options.seed}-{index}",
                        "zpl": [f"^XA^FO50,50^A0N,30,30^FDJ{index}-L{n}^FS^XZ" for n in range(1, count + 1)]}
                deadline = time.time() + 120
                attempt = 0
                while True:
                    attempt += 1
                    try:
                        status, answer = self.request("POST", "/v1/jobs", body, timeout=10)
                    except (urllib.error.URLError, OSError, ValueError) as error:
                        status, answer = None, str(error)
                    if status in (200, 202):
                        with self.lock:
                            self.jobs[index] = {"id": answer["id"], "printer": printer, "labels": count,
                                                "attempts": attempt}
                        break
                    if status is not None and status < 500:
                        raise HarnessError(f"job {index} refused: {status} {answer}")
                    if time.time() > deadline or self.stop_submitting.is_set():
                        self.submit_failures += 1
                        log(f"job {index} not submitted after {attempt} tries: {status} {answer}")
                        break
                    time.sleep(0.5)
        except Exception as error:  # reported by the main thread
            self.submitter_error = error

    # ---- chaos events ----------------------------------------------------------------------------------------

    def plan_events(self):
        kinds = (["kill"] * self.profile["kills"] + ["pg_restart"] * self.profile["pg_restarts"]
                 + ["power_cycle"] * self.profile["power_cycles"])
        self.random.shuffle(kinds)
        # Evenly spaced with jitter, after a first stretch of quiet printing; at least lease + 2 s apart so that
        # one event's takeover is over before the next begins.
        start, end = 8.0, self.profile["duration"]
        step = (end - start) / len(kinds)
        return [(start + i * step + self.random.uniform(0, step * 0.4), kind) for i, kind in enumerate(kinds)]

    def kill_one(self):
        """SIGKILLs a gateway that drives a printer while at least one other stays up; False when none fits."""
        with self.lock:
            ready = {o: g for o, g in self.gateways.items() if g["ready"] and g["child"].alive()}
        if len(ready) < 2:
            return False
        try:
            status, printers = self.request("GET", "/v1/printers?limit=500", timeout=5)
        except (urllib.error.URLError, OSError, ValueError):
            return False
        if status != 200:
            return False
        driving = {}
        for printer in printers["items"]:
            if printer.get("driven_by") in ready:
                driving.setdefault(printer["driven_by"], []).append(printer["name"])
        if not driving:
            return False
        owner = self.random.choice(sorted(driving))
        with self.lock:
            gateway = self.gateways.pop(owner)
        killed_at = time.time()
        gateway["child"].kill()
        kill = {"owner": owner, "at": killed_at, "jobs": {}}  # printer -> jobs that were to resume
        for name in driving[owner]:
            kill["jobs"][name] = []
            for state in ("printing", "queued"):
                try:
                    code, page = self.api("GET", f"/v1/jobs?printer={name}&status={state}&limit=500")
                    kill["jobs"][name] += [job["id"] for job in page["items"]] if code == 200 else []
                except HarnessError:
                    pass
        self.kills.append(kill)
        self.pending_restarts.append(time.time() + self.random.uniform(2, 6))
        log(f"kill {len(self.kills)}: SIGKILL {owner} (drove {', '.join(driving[owner])})")
        return True

    def restart_postgres(self):
        down = self.random.uniform(2, 5)
        log(f"PostgreSQL restart ({down:.1f} s down)")
        lib = os.path.join(self.root, "scripts", "lib.sh")
        pg = (os.environ["CHAOS_PG_DIR"], os.environ["CHAOS_PG_PORT"])
        began = time.time()
        subprocess.run(["bash", "-c", f'source "{lib}"; stop_postgres "$1"', "stop", pg[0]], check=True, timeout=60)
        time.sleep(down)
        subprocess.run(["bash", "-c", f'source "{lib}"; PG_FSYNC=off start_postgres "$1" "$2"', "start", *pg],
                       check=True, timeout=90, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pg_restarts.append((began, time.time()))

    def power_cycle(self):
        name = self.random.choice(sorted(self.printers))
        printer = self.printers[name]
        off = self.random.uniform(1, 3)
        log(f"power cycle of printer {name} ({off:.1f} s off)")
        printer["child"].kill()
        time.sleep(off)
        self.start_printer(name, printer["port"], printer["faults"])
        self.power_cycles.append((name, time.time()))

    def operate(self, paused_since):
        """Ends pauses: ~PS to a printer that has shown `paused` for 2 s, as an operator would."""
        try:
            status, printers = self.request("GET", "/v1/printers?limit=500", timeout=5)
        except (urllib.error.URLError, OSError, ValueError):
            return
        if status != 200:
            return
        now = time.time()
        for printer in printers["items"]:
            name = printer["name"]
            if "paused" not in (printer.get("status") or {}).get("reasons", []):
                paused_since.pop(name, None)
                continue
            since = paused_since.setdefault(name, now)
            if now - since >= 2 and name in self.printers:
                try:
                    # ~HS after ~PS, and its answer read: the printer has acted on ~PS before the connection
                    # closes (the simulator drops bytes of a connection closed at once after sending).
                    with socket.create_connection(("127.0.0.1", self.printers[name]["port"]), timeout=2) as s:
                        s.sendall(b"~PS~HS")
                        s.recv(4096)
                    self.unpauses.append((name, now))
                    log(f"operator: printer {name} unpaused")
                except OSError:
                    pass
                paused_since[name] = now + 3  # give the gateway time to see it

    def tick(self, paused_since):
        self.check_processes()
        now = time.time()
        due = [t for t in self.pending_restarts if t <= now]
        for t in due:
            self.pending_restarts.remove(t)
            owner = self.start_gateway()
            self.wait_ready(owner)
            log(f"started {owner}")
        self.operate(paused_since)
        if self.submitter_error:
            raise HarnessError(f"job submitter: {self.submitter_error!r}")

    # ---- the run ---------------------------------------------------------------------------------------------

    def printer_faults(self):
        """Scripted faults per printer, spread over the printers; label numbers count a power-on's labels."""
        names = sorted(self.printers_planned)
        faults = {name: [] for name in names}
        per_printer = self.profile["jobs"] * sum(self.profile["labels"]) / 2 / len(names)
        for _ in range(self.profile["resets"]):
            faults[self.random.choice(names)].append(f"reset@{self.random.randint(3000, int(per_printer * 30))}")
        for _ in range(self.profile["refusals"]):
            n = self.random.randint(10, int(per_printer * 0.7))
            faults[self.random.choice(names)].append(f"refuse@{n}={self.random.randint(2, 6)}")
        for _ in range(self.profile["pauses"]):
            faults[self.random.choice(names)].append(f"pause@{self.random.randint(10, int(per_printer * 0.7))}")
        return faults

    def run(self):
        os.makedirs(os.path.join(self.work, "records"), exist_ok=True)
        started_run = time.time()
        p = self.profile
        log(f"chaos {'short' if self.options.short else 'long'} form, seed {self.options.seed}; "
            f"logs and records in {self.work}")
        self.token = subprocess.run([self.bin, "token", "--subject", "chaos", "--scope", "admin", "--ttl", "0"], env=self.env(),
                                    check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run([self.bin, "migrate"], env=self.env(), check=True, capture_output=True, timeout=120)

        self.printers_planned = [f"p{i}" for i in range(1, p["printers"] + 1)]
        faults = self.printer_faults()
        for name in self.printers_planned:
            self.start_printer(name, 0, faults[name])
        for _ in range(p["gateways"]):
            self.start_gateway()
        for owner in list(self.gateways):
            self.wait_ready(owner)
        for name in self.printers_planned:
            status, answer = self.api("POST", "/v1/printers", {
                "name": name, "uri": f"raw9100://127.0.0.1:{self.printers[name]['port']}"})
            if status != 201:
                raise HarnessError(f"printer {name} not added: {status} {answer}")
        log(f"{p['gateways']} gateways, {p['printers']} printers ({faults}); {p['jobs']} jobs over "
            f"{p['duration']} s")

        events = self.plan_events()
        started = time.time()
        submitter = threading.Thread(target=self.submit_all, args=(self.plan_jobs(), started), daemon=True)
        submitter.start()
        paused_since = {}
        for at, kind in events:
            while time.time() < started + at:
                self.tick(paused_since)
                time.sleep(0.5)
            if kind == "kill":
                for _ in range(20):  # a gateway that drives a printer, within 10 s
                    if self.kill_one():
                        break
                    self.tick(paused_since)
                    time.sleep(0.5)
                else:
                    self.skipped_kills += 1
                    log("no gateway drives a printer: kill skipped")
            elif kind == "pg_restart":
                self.restart_postgres()
            else:
                self.power_cycle()
        deadline = time.time() + p["duration"]
        while submitter.is_alive() and time.time() < deadline:
            self.tick(paused_since)
            submitter.join(0.5)
        self.stop_submitting.set()
        submitter.join(30)

        # Every killed gateway back, then every job to its end (bounded).
        for _ in range(60):
            if not self.pending_restarts:
                break
            self.tick(paused_since)
            time.sleep(0.5)
        log(f"all jobs submitted ({len(self.jobs)}); waiting for them to end (at most {p['drain']} s)")
        deadline = time.time() + p["drain"]
        open_jobs = None
        while time.time() < deadline:
            self.tick(paused_since)
            open_jobs = self.list_jobs("queued") + self.list_jobs("printing")
            if not open_jobs:
                break
            time.sleep(2)
        if open_jobs:
            log(f"{len(open_jobs)} jobs did not end within {p['drain']} s")
        time.sleep(1.5)  # labels confirmed are printed; let anything still buffered come out
        return self.report(started_run)

    # ---- figures ---------------------------------------------------------------------------------------------

    def read_records(self):
        """(printer, power_on) -> list of (time, connection, job, label) in print order."""
        records = {}
        directory = os.path.join(self.work, "records")
        for file in sorted(os.listdir(directory)):
            printer, power_on, _ = file.split(".")
            rows = records.setdefault((printer, int(power_on)), [])
            with open(os.path.join(directory, file), encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    entry = json.loads(line)
                    match = LABEL_TEXT.search(entry["zpl"])
                    if not match:
                        raise HarnessError(f"unexpected label in {file}: {entry['zpl']!r}")
                    rows.append((entry["unixTime"], entry["connection"], int(match.group(1)), int(match.group(2))))
        return records

    def report(self, started_run):
        records = self.read_records()
        submitted = {(index, n) for index, job in self.jobs.items() for n in range(1, job["labels"] + 1)}
        printed_count = {}
        duplicates_by_takeover = {}
        overlaps = []
        for (printer, power_on), rows in sorted(records.items()):
            intervals = {}
            for at, connection, job, label in rows:
                key = (job, label)
                printed_count[key] = printed_count.get(key, 0) + 1
                if printed_count[key] > 1:
                    # Printed again: by the connection that resent it after a takeover or a reconnection.
                    cause = (printer, power_on, connection)
                    duplicates_by_takeover[cause] = duplicates_by_takeover.get(cause, 0) + 1
                first, last = intervals.get(connection, (at, at))
                intervals[connection] = (min(first, at), max(last, at))
            # Two connections whose printed labels interleave: the printer prints its buffer in order of arrival,
            # so a label of one printed between two labels of the other means both were sending.
            spans = sorted(intervals.items(), key=lambda item: item[1])
            for i, (a, (a_first, a_last)) in enumerate(spans):
                for b, (b_first, b_last) in spans[i + 1:]:
                    if b_first < a_last and a_first < b_last:
                        overlaps.append((printer, power_on, a, b, b_first))
        lost = submitted - set(printed_count)
        foreign = set(printed_count) - submitted
        duplicated = sum(c - 1 for c in printed_count.values())
        most_duplicated = max(duplicates_by_takeover.values(), default=0)

        statuses = {}
        for index, job in sorted(self.jobs.items()):
            status, answer = self.api("GET", f"/v1/jobs/{job['id']}")
            statuses[index] = answer
        not_terminal = [i for i, j in statuses.items() if j["status"] not in TERMINAL]
        not_complete = [i for i, j in statuses.items() if j["status"] != "completed" or j["failed_count"]]
        in_database = len(self.list_jobs("completed")) + len(self.list_jobs("failed")) + len(
            self.list_jobs("cancelled")) + len(self.list_jobs("queued")) + len(self.list_jobs("printing"))

        # Per printer the killed process drove: from the kill to the first claim by another process of a job
        # that was printing or queued there.
        resumes = []
        unresumed = 0
        slow = []
        limit = LEASE_SECONDS + CLAIM_SECONDS + RESUME_TOLERANCE
        for kill in self.kills:
            for printer, jobs in kill["jobs"].items():
                claims = []
                for job_id in jobs:
                    _, events = self.api("GET", f"/v1/jobs/{job_id}/events")
                    for event in events["items"]:
                        at = parse_time(event["created_at"])
                        if (event["kind"] == "claimed" and at > kill["at"]
                                and event["data"].get("owner") != kill["owner"]):
                            claims.append(at)
                if claims:
                    resume = min(claims) - kill["at"]
                    resumes.append(resume)
                    if resume > limit:
                        slow.append((kill["owner"], printer, round(resume, 2)))
                else:
                    unresumed += 1
        worst = max(resumes, default=0.0)

        log_texts = {}
        for name in self.printers:
            with open(os.path.join(self.work, f"sim-{name}.log"), encoding="utf-8", errors="replace") as f:
                log_texts[name] = f.read()
        resets = sum(t.count("simulated printer resets the connection") for t in log_texts.values())
        # Refusals and pauses strike once a power-on of the printer has printed their label number.
        refusals = 0
        for (printer, power_on), rows in records.items():
            for fault in self.printers[printer]["faults"]:
                match = re.fullmatch(r"refuse@(\d+)=.*", fault)
                refusals += 1 if match and len(rows) >= int(match.group(1)) else 0

        print()
        print(f"chaos {'short' if self.options.short else 'long'} form, seed {self.options.seed}: "
              f"{self.profile['gateways']} gateways, {self.profile['printers']} printers, window {WINDOW}, "
              f"lease {LEASE_SECONDS:g} s, claim poll {CLAIM_SECONDS:g} s, status poll {POLL_MS} ms")
        print(f"jobs submitted: {len(self.jobs)} (in the database: {in_database}, not submitted: "
              f"{self.submit_failures})")
        print(f"labels submitted: {len(submitted)}")
        print(f"labels printed (distinct): {len(set(printed_count) & submitted)}")
        print(f"labels lost: {len(lost)}")
        print(f"labels duplicated: {duplicated}")
        print(f"most duplicated per takeover: {most_duplicated} (window {WINDOW}; takeovers that reprinted: "
              f"{len(duplicates_by_takeover)})")
        print(f"two senders at once: {len(overlaps)}")
        print(f"jobs not terminal: {len(not_terminal)}")
        print(f"jobs failed or partly printed: {len(not_complete)}")
        if resumes:
            print(f"resume after kill: median {statistics.median(resumes):.2f} s, worst {worst:.2f} s "
                  f"(limit {limit:g} s = lease + claim poll + {RESUME_TOLERANCE:g} s; {len(resumes)} printers taken over, "
                  f"{unresumed} left with nothing to resume)")
        else:
            print(f"resume after kill: none measured ({unresumed} printers left with nothing to resume)")
        print(f"kills: {len(self.kills)} (skipped: {self.skipped_kills}), gateway restarts: "
              f"{self.next_gateway - 1 - self.profile['gateways']}, unexpected gateway exits: "
              f"{len(self.unexpected_exits)}")
        print(f"PostgreSQL restarts: {len(self.pg_restarts)}")
        print(f"printer faults: {resets} connection resets, {refusals} refusals, {len(self.unpauses)} pauses ended, "
              f"{len(self.power_cycles)} power cycles")
        print(f"wall time: {time.time() - started_run:.0f} s")

        failures = []
        if lost:
            failures.append(f"lost labels, e.g. {sorted(lost)[:10]} (job, label)")
        if foreign:
            failures.append(f"printed labels no job asked for: {sorted(foreign)[:10]}")
        if overlaps:
            failures.append(f"two senders at once: {overlaps[:5]} (printer, power-on, connection, connection, at)")
        if not_terminal:
            failures.append(f"jobs not terminal: {[(i, self.jobs[i]['id']) for i in not_terminal[:10]]}")
        if not_complete:
            failures.append(f"jobs failed or partly printed: {[(i, self.jobs[i]['id']) for i in not_complete[:10]]}")
        if most_duplicated > WINDOW:
            worst_takeovers = sorted(duplicates_by_takeover.items(), key=lambda item: -item[1])[:5]
            failures.append(f"more duplicates than the window in one takeover: {worst_takeovers} "
                            f"((printer, power-on, connection), labels)")
        if worst > limit:
            failures.append(f"resume after kill over {limit:g} s: {slow} (killed owner, printer, seconds)")
        if in_database != len(self.jobs):
            failures.append(f"{in_database} jobs in the database for {len(self.jobs)} submitted")
        if self.submit_failures:
            failures.append(f"{self.submit_failures} jobs could not be submitted")
        if self.unexpected_exits:
            failures.append(f"gateways exited on their own: {self.unexpected_exits}")
        for failure in failures:
            print(f"FAIL: {failure}")
        print("result: " + ("FAIL" if failures else "PASS"))
        return 1 if failures else 0

    def stop_all(self):
        self.stop_submitting.set()
        with self.lock:
            gateways = list(self.gateways.values())
            self.gateways.clear()
        for gateway in gateways:
            if gateway["child"].alive():
                gateway["child"].process.send_signal(signal.SIGTERM)
        for gateway in gateways:
            gateway["child"].stop()
        for printer in self.printers.values():
            printer["child"].stop(grace=5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="the short form run by scripts/test (about 3 minutes)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the random choices (default: random)")
    options = parser.parse_args()
    if options.seed is None:
        options.seed = random.SystemRandom().randint(1, 999_999)
    for key in ("GATEWAY_BIN", "CHAOS_ROOT", "CHAOS_WORK_DIR", "CHAOS_PG_DIR", "CHAOS_PG_PORT", "DATABASE_URL"):
        if key not in os.environ:
            sys.exit(f"{key} is not set: run scripts/chaos, not this file")
    work = os.environ["CHAOS_WORK_DIR"]
    if os.path.isdir(work):
        subprocess.run(["rm", "-rf", work], check=True)

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    chaos = Chaos(options)
    try:
        code = chaos.run()
    except HarnessError as error:
        print(f"chaos run broke: {error} (seed {options.seed}; logs in {work})", file=sys.stderr)
        code = 2
    finally:
        chaos.stop_all()
    if code:
        print(f"replay with: scripts/chaos {'--short ' if options.short else ''}--seed {options.seed}; "
              f"logs and printer records in {work}", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
