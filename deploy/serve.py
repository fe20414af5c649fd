"""Serve the map from several Streamlit processes behind nginx on this machine (`make serve N=2`).

The same app, started N times on ports next to each other, with one shared cookie secret, and
nginx in front on the public port keeping each browser on one process (deploy/nginx.conf).
A process that ends (a crash, an out-of-memory kill, kill -9) is started again; meanwhile nginx
passes its viewers to the others. Ctrl-C (or SIGTERM) stops nginx first, then the app processes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = Path(__file__).with_name("nginx.conf")
SITE_TEMPLATE = Path(__file__).with_name("nginx-site.conf")
HOST = "127.0.0.1"
START_TIMEOUT = 60.0  # seconds for a replica or nginx to answer its health check
MAX_REPLICAS = 16  # two cores run two well; more is a typo, not a plan


def nginx_binary() -> str | None:
    """Debian's nginx (on the PATH, or where the package puts it), or None when not installed."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def nginx_config(listen_port: int, replica_ports: list[int], runtime: Path, replica_salt: str) -> str:
    """deploy/nginx.conf (make serve's own nginx) with the site and this deployment's runtime
    folder filled in."""
    return (
        NGINX_TEMPLATE.read_text(encoding="utf-8")
        .replace("@RUNTIME@", str(runtime))
        .replace("@SITE@", site_config(f"{HOST}:{listen_port}", replica_ports, replica_salt))
    )


def site_config(listen: str, replica_ports: list[int], replica_salt: str) -> str:
    """deploy/nginx-site.conf filled in: nginx listening on `listen` in front of the replicas."""
    if not re.fullmatch(r"[0-9a-f]{16,64}", replica_salt):
        raise ValueError("the replica salt is 16 to 64 hexadecimal digits")
    servers = "\n".join(f"    server {HOST}:{port} max_fails=1 fail_timeout=5s;" for port in replica_ports)
    names = "\n".join(
        f'    "~{re.escape(HOST)}:{port}$" "{replica_name(index)}";' for index, port in enumerate(replica_ports)
    )
    return (
        SITE_TEMPLATE.read_text(encoding="utf-8")
        .replace("@SERVERS@", servers)
        .replace("@REPLICA_NAMES@", names)
        .replace("@LISTEN@", listen)
        .replace("@REPLICA_SALT@", replica_salt)
    )


def replica_name(index: int) -> str:
    """What the X-Finmap-Replica header calls the replica at `index` (from 0): its number."""
    return str(index + 1)


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_healthy(base_url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(base_url):
        if process.poll() is not None:
            raise RuntimeError(f"{base_url} exited with code {process.returncode} before it answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base_url} did not answer its health check within {timeout:.0f} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it does not end in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Deployment:
    """N app processes and nginx in front of them; a context manager that starts and stops all."""

    replicas: int = 2
    port: int = 8501  # nginx, the address viewers open
    first_replica_port: int = 8601
    env: dict[str, str] = field(default_factory=dict)  # extra settings for the app processes
    script: str = "server.py"  # what each process runs (the benchmark also serves its floor page)
    quiet: bool = True  # the app processes' own output is not shown
    ports: list[int] = field(default_factory=list)  # the replicas' ports; default: from first_replica_port on
    processes: dict[int, subprocess.Popen] = field(default_factory=dict)  # replica port -> process
    nginx: subprocess.Popen | None = None
    runtime: Path | None = None
    app_env: dict[str, str] = field(default_factory=dict)  # what the app processes were started with
    # Mixed into the replica cookie's hash, so a browser cannot pick a replica by the value it
    # sends; one per deployment, kept when nginx is started again (its viewers stay put).
    replica_salt: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def replica_ports(self) -> list[int]:
        return self.ports or [self.first_replica_port + index for index in range(self.replicas)]

    def start(self) -> Deployment:
        if not 1 <= self.replicas <= MAX_REPLICAS:
            raise ValueError(f"replicas must be 1 to {MAX_REPLICAS}, not {self.replicas}")
        nginx = nginx_binary()
        if nginx is None:
            raise RuntimeError("nginx is not installed (Debian: apt-get install nginx-light)")
        self.app_env = os.environ | self.env
        # One secret for all: a cookie signed by one replica is valid on the next.
        self.app_env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        try:
            for port in self.replica_ports:
                self.processes[port] = self._start_replica(port)
            for port, process in self.processes.items():
                wait_healthy(f"http://{HOST}:{port}", process)
            self.runtime = Path(tempfile.mkdtemp(prefix="finmap-nginx-"))
            # nginx started as root runs its workers as another user (nobody): they must reach
            # their temp folders in here (an upload's body over 8 KB is written there first).
            self.runtime.chmod(0o711)
            config = self.runtime / "nginx.conf"
            config.write_text(
                nginx_config(self.port, self.replica_ports, self.runtime, self.replica_salt), encoding="utf-8"
            )
            self.nginx = self._start_nginx()
            wait_healthy(self.url, self.nginx)
        except BaseException:
            self.stop()
            raise
        return self

    @property
    def _output(self) -> int | None:
        return subprocess.DEVNULL if self.quiet else None

    def _start_replica(self, port: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "streamlit", "run", self.script, "--server.address", HOST]
        return subprocess.Popen(
            [*command, "--server.port", str(port)],
            cwd=ROOT,
            env=self.app_env,
            stdout=self._output,
            stderr=self._output,
        )

    def _start_nginx(self) -> subprocess.Popen:
        assert self.runtime is not None
        config = self.runtime / "nginx.conf"
        # A session of its own: if the master is killed, its workers (which hold the port) can be
        # ended together with it before a new master starts.
        return subprocess.Popen(
            [nginx_binary(), "-p", str(self.runtime), "-c", str(config), "-e", str(self.runtime / "error.log")]
            + ["-g", "daemon off;"],
            stdout=self._output,
            stderr=self._output,
            start_new_session=True,
        )

    def supervise(self) -> list[str]:
        """Start again every process that ended; returns what was restarted, in words. nginx
        skips a replica that refuses connections, so its viewers are served by the others until
        it is back; a new nginx master first ends the old one's workers, which hold the port."""
        restarted = []
        for port, process in list(self.processes.items()):
            if process.poll() is not None:
                self.processes[port] = self._start_replica(port)
                restarted.append(f"app process on port {port} (ended with {process.returncode})")
        if self.nginx is not None and self.nginx.poll() is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.nginx.pid, signal.SIGKILL)
            self.nginx = self._start_nginx()
            restarted.append("nginx")
        return restarted

    def replica_names(self) -> dict[int, str]:
        """Port -> the name the X-Finmap-Replica header gives that replica."""
        return {port: replica_name(index) for index, port in enumerate(self.replica_ports)}

    def kill_replica(self, port: int) -> None:
        """Stop one app process at once, as a crash would (for the failover test)."""
        process = self.processes[port]
        process.kill()
        process.wait()

    def stop(self) -> None:
        if self.nginx is not None:
            stop(self.nginx)
            with contextlib.suppress(ProcessLookupError):  # workers of a master that was killed
                os.killpg(self.nginx.pid, signal.SIGKILL)
            self.nginx = None
        for process in self.processes.values():
            stop(process)
        self.processes.clear()
        if self.runtime is not None:
            shutil.rmtree(self.runtime, ignore_errors=True)
            self.runtime = None

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="nginx's port on 127.0.0.1 (default 8501)")
    parser.add_argument("--first-replica-port", type=int, default=8601, help="the first app process's port")
    parser.add_argument(
        "--site-file",
        metavar="LISTEN",
        help="print the nginx site for a server's own nginx, listening on LISTEN (e.g. 80), in front of "
        "the app processes the systemd units start (deploy/systemd/), and exit",
    )
    args = parser.parse_args(argv)
    if args.site_file:
        ports = [args.first_replica_port + index for index in range(args.replicas)]
        print(site_config(args.site_file, ports, secrets.token_hex(16)), end="")
        return 0
    stopping = False

    def stop_on_signal(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    deployment = Deployment(args.replicas, args.port, args.first_replica_port, quiet=False)
    deployment.start()
    processes = ", ".join(f"{port} (pid {process.pid})" for port, process in deployment.processes.items())
    print(
        f"Serving {deployment.url} from {args.replicas} app processes on ports {processes}, "
        f"nginx pid {deployment.nginx.pid}. Ctrl-C stops.",
        flush=True,
    )
    try:
        while not stopping:
            for what in deployment.supervise():
                print(f"Restarted {what}.", file=sys.stderr, flush=True)
            time.sleep(0.5)
    finally:
        deployment.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
