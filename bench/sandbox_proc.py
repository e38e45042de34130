"""Run the sandbox in its own process (so a benchmark measures the runner's memory and CPU
apart from the sandbox's, and a killed runner leaves the sandbox up).

``SandboxProcess(path, faults=None)`` is a context manager: it starts a Python child that serves
a :class:`~helpctl.sandbox.runner.SandboxServer` on a free loopback port and prints its base URL
and credentials as one JSON line; the child exits when its stdin closes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import TracebackType

CHILD = """
import json, sys
from helpctl.sandbox.runner import SandboxServer
path, faults = sys.argv[1], (sys.argv[2] or None)
with SandboxServer(path, faults=faults) as server:
    email, token = server.credentials()
    print(json.dumps({"base_url": server.base_url(), "email": email, "token": token}), flush=True)
    sys.stdin.read()
"""


def _proc_stat(pid: int) -> dict[str, float]:
    """Peak RSS (MB) and CPU seconds of a live process, from /proc."""
    out = {"peak_rss_mb": 0.0, "cpu_s": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                out["peak_rss_mb"] = int(line.split()[1]) / 1024
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        out["cpu_s"] = (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, in ticks
    except OSError:
        pass
    return out


class SandboxProcess:
    """A sandbox server in a child process (see the module docstring)."""

    def __init__(self, path: Path | str, faults: str | None = None) -> None:
        self.path = str(path)
        self.faults = faults or ""
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = self.email = self.token = ""

    def __enter__(self) -> SandboxProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, self.path, self.faults],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # killed clients make uvicorn log disconnects
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox process did not start")
        info = json.loads(line)
        self.base_url, self.email, self.token = info["base_url"], info["email"], info["token"]
        return self

    def stats(self) -> dict[str, float]:
        assert self.proc is not None
        return _proc_stat(self.proc.pid)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
