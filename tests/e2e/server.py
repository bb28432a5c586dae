"""A real Jalon server (gunicorn through `jalon serve`) on a fresh database, for the e2e tests,
with the background worker (`jalon db_worker`) beside it as in `make demo`, so that imports
run in the background and their pages show progress as in production.

The server always gets its own temporary SQLite file, whatever `DATABASE_URL` says:
- the server is a separate process, so it cannot see pytest-django's test database, whose
  data live in transactions the server never sees;
- CI runs the suite a second time with `DATABASE_URL` pointing to PostgreSQL: reusing that
  database would mix the demo data with the other tests' data and depend on their order;
- a file under pytest's temporary directory needs no privilege (no CREATE DATABASE) and no
  cleanup, and starts from zero on every run. PostgreSQL itself is covered by the rest of the
  suite, which runs on both databases.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
JALON = Path(sys.executable).with_name("jalon")
STATIC_MANIFEST = PROJECT_DIR / "var" / "static" / "staticfiles.json"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


class ServerError(RuntimeError):
    pass


def static_is_current() -> bool:
    """True when `collectstatic` would only redo what is there: the manifest of STATIC_ROOT
    (var/static, shared with `make demo`) is newer than every source static file. Compressing
    the ~7 000 files again costs about a minute of CPU, twice per CI run otherwise."""
    from django.contrib.staticfiles.finders import get_finders

    if not STATIC_MANIFEST.is_file():
        return False
    collected = STATIC_MANIFEST.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            if Path(storage.path(path)).stat().st_mtime > collected:
                return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JalonServer:
    """Prepare a fresh demo database, then run `jalon serve` on 127.0.0.1:<free port>."""

    def __init__(self, workdir: Path, log_path: Path):
        self.database = workdir / "e2e.sqlite3"
        self.media = workdir / "media"
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "JALON_ENV": "demo",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MEDIA_ROOT": str(self.media),
            "JALON_TASKS_BACKEND": "database",
            "DJANGO_SETTINGS_MODULE": "jalon.settings",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SESSION_COOKIE_SECURE": "0",
            "SECURE_SSL_REDIRECT": "0",
            "PYTHONUNBUFFERED": "1",
        }

    def run(self, *args: str) -> None:
        """Run one `jalon` command; on failure, raise with the end of its output."""
        started = time.monotonic()
        with self.log_path.open("a") as log:
            log.write(f"\n$ jalon {' '.join(args)}\n")
            log.flush()
            result = subprocess.run(
                [str(JALON), *args],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=300,
                check=False,
            )
            log.write(f"({time.monotonic() - started:.1f} s)\n")
        if result.returncode != 0:
            raise ServerError(
                f"`jalon {' '.join(args)}` a échoué (code {result.returncode}).\n{self.log_tail()}"
            )

    def prepare(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.write_text(f"Jalon e2e server, database {self.database}\n")
        self.run("migrate", "--noinput", "--verbosity", "0")
        if static_is_current():
            with self.log_path.open("a") as log:
                log.write(
                    f"\ncollectstatic sauté : {STATIC_MANIFEST} est plus récent que les sources\n"
                )
        else:
            self.run("collectstatic", "--noinput", "--verbosity", "0")
        self.run("setup-demo")

    def spawn(self, name: str, *args: str) -> None:
        with self.log_path.open("a") as log:
            log.write(f"\n$ jalon {' '.join(args)}\n")
            log.flush()
            self.processes[name] = subprocess.Popen(
                [str(JALON), *args],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stop() reaches children
            )

    def start(self) -> None:
        self.spawn("db_worker", "db_worker", "--no-reload", "--no-startup-delay")
        self.spawn(
            "serve", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "2"
        )
        self.wait_until_ready()

    def check_running(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise ServerError(
                    f"`jalon {name}` s'est arrêté (code {process.returncode}).\n" + self.log_tail()
                )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self.check_running()
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answers, even if with an error page: the journeys will say which
            except OSError:
                time.sleep(0.1)
        raise ServerError(
            f"`jalon serve` ne répond pas sur {self.url} après {START_TIMEOUT:.0f} s.\n"
            + self.log_tail()
        )

    def stop(self) -> None:
        processes, self.processes = self.processes, {}
        running = [p for p in processes.values() if p.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)  # graceful: gunicorn's workers, current task
        for process in running:
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return f"--- fin de {self.log_path} ---\n" + "\n".join(text[-lines:])
