"""A process started by scripts/bench.py or scripts/chaos.py (`gateway serve`, `gateway simulate`)."""

import shutil
import signal
import subprocess


class Child:
    """A process this run started; it dies with the script (pdeathsig) should the script itself be killed."""

    def __init__(self, name, args, env, log_path, cwd=None, stdout_path=None):
        self.name = name
        self.log_path = log_path
        self.stdout_path = stdout_path
        prefix = ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        err = open(log_path, "ab")
        try:
            self.process = subprocess.Popen(prefix + args, env=env, cwd=cwd, stdout=out, stderr=err,
                                            stdin=subprocess.DEVNULL)
        finally:
            if stdout_path:
                out.close()
            err.close()

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, grace=15):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
