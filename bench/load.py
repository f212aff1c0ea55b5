"""The first morning of a window: N students log in, open the pinyin page and file, while the colleges' handlers
open their college lists, all against `biye serve` on a database this script prepares.

    .venv/bin/python bench/load.py [--students 1000] [--clients 60] [--servers 1] [--time-limit 900]

SQLite by default (a fresh file); PostgreSQL when DATABASE_URL names a PostgreSQL server (a fresh database is
created beside the one named, and dropped afterwards). `--servers 2` starts two servers on that one PostgreSQL
database and gives each half of the clients. The university is the demo's (biye.demo.university, with its synthetic
roster) at N students; preparing it is not timed.

Clients are threads with urllib and their own cookies, talking to 127.0.0.1 only. The run is bounded: N student
visits plus two visits per handler, each request with a 60 s timeout, the whole run with --time-limit.

Printed: requests/s; p50/p95/p99/max per step; errors (any unexpected status, timeout or refused connection);
lost writes (a filing answered "saved" whose spelling is not in the database when re-read afterwards); each
server's peak memory: the sum of its processes' RSS (which counts pages shared by the workers once per process)
and of their PSS (shared pages divided among them). Goals for 1,000 students at 60 clients on a 2-core machine:
0 errors, 0 lost, filing p95 under 1 s, each server under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import Browser, base_env, biye, field as form_field, fresh_database  # noqa: E402

STEPS = ("log in", "pinyin page", "file", "college list")
PREPARE = """
import json
from biye.demo import university as demo
from biye.core.models import College, Role
from biye.core.codes import CertificateType
# Only 双证 graduates file a pinyin spelling; the synthetic roster makes about a fifth of them 单证.
demo.STUDENTS = {students} * 3 // 2 + 20
demo.load()
# 留学生 file their passport name, which the page does not propose, so the sample leaves them out.
students = list(demo.Student.objects.filter(person__isnull=False, certificate_type=CertificateType.DUAL,
                                            is_international=False)
                .order_by("?").values_list("person__username", flat=True)[:{students}])
print(json.dumps({{
    "students": students, "student_password": demo.PASSWORDS[Role.STUDENT],
    "handlers": [[demo.handler_username(c), c] for c in College.objects.values_list("code", flat=True)],
    "handler_password": demo.PASSWORDS[Role.HANDLER],
}}))
"""
REREAD = """
import json
from biye.names.models import NameRecord
print(json.dumps(dict(NameRecord.objects.values_list("student__person__username", "spelling"))))
"""
ARGON2 = """
from django.conf import settings
print(settings.BIYE_ARGON2_MEMORY_KIB, settings.BIYE_ARGON2_TIME_COST, settings.BIYE_HASH_CONCURRENCY)
"""


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    filed: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, step: str, call):
        started = time.perf_counter()
        try:
            answer = call()
        except Exception as error:  # noqa: BLE001  (a timeout or a refused connection is an error of the run)
            with self.lock:
                self.errors[f"{step}: {error.__class__.__name__}"] += 1
            return None
        with self.lock:
            self.times[step].append(time.perf_counter() - started)
        return answer

    def error(self, step: str, what: str) -> None:
        with self.lock:
            self.errors[f"{step}: {what}"] += 1


def _log_in(browser: Browser, results: Results, username: str, password: str) -> bool:
    def go():
        page = browser.get("/login/")
        if page.status != 200:
            return page
        return browser.post("/login/", {"username": username, "password": password})

    answer = results.timed("log in", go)
    if answer is None:
        return False
    if answer.status != 302:
        results.error("log in", f"status {answer.status}")
        return False
    return True


def student_visit(base: str, results: Results, username: str, password: str) -> None:
    browser = Browser(base)
    if not _log_in(browser, results, username, password):
        return
    page = results.timed("pinyin page", lambda: browser.get("/names/me/"))
    if page is None:
        return
    if page.status != 200:
        results.error("pinyin page", f"status {page.status}")
        return
    spelling, version = form_field(page.text, "spelling"), form_field(page.text, "version")
    if not spelling:
        results.error("pinyin page", "no filing form")
        return
    answer = results.timed("file", lambda: browser.post("/names/me/", {"spelling": spelling, "version": version,
                                                                      "reason": ""}))
    if answer is None:
        return
    if answer.status != 302:
        refused = re.search(r'class="errorlist[^"]*"><li>([^<]*)', answer.text)
        results.error("file", f"status {answer.status}" + (f" {refused.group(1)}" if refused else ""))
        return
    with results.lock:
        results.filed[username] = spelling


def handler_visit(base: str, results: Results, username: str, password: str, college: str) -> None:
    browser = Browser(base)
    if not _log_in(browser, results, username, password):
        return
    for _ in range(2):
        answer = results.timed("college list", lambda: browser.get(f"/college/{college}/"))
        if answer is not None and answer.status != 200:
            results.error("college list", f"status {answer.status}")


def _tree(pid: int) -> list[int]:
    pids, children = [pid], []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                children += [int(c) for c in f.read().split()]
    except OSError:
        return pids
    for child in children:
        pids += _tree(child)
    return pids


def _cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        except (OSError, IndexError, ValueError):
            pass
    return total


def _memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


class MemoryWatch(threading.Thread):
    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak = pids, {pid: (0, 0) for pid in pids}
        self.cpu_start = {pid: _cpu_seconds(pid) for pid in pids}
        self.cpu = dict(self.cpu_start)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for pid in self.pids:
                rss, pss = _memory_kb(pid)
                old = self.peak[pid]
                self.peak[pid] = (max(old[0], rss), max(old[1], pss))
                self.cpu[pid] = max(self.cpu[pid], _cpu_seconds(pid))
            self.stopped.wait(0.2)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def run(students: int, clients: int, servers: int, time_limit: float) -> int:
    database = os.environ.get("DATABASE_URL", "")
    if servers > 1 and not database.startswith("postgres"):
        sys.exit("--servers 2 needs PostgreSQL: set DATABASE_URL=postgres://...")
    tmp = Path(tempfile.mkdtemp(prefix="biye-bench-load-"))
    with fresh_database(tmp) as url:
        env = base_env(tmp / "var", url)
        env.pop("BIYE_PLAIN_STATIC")
        if servers > 1 and "BIYE_THREADS" not in env:
            # The same number of request threads in all, split between the servers: what docs/deploy.md advises
            # to stay within PostgreSQL's connection limit.
            env["BIYE_THREADS"] = str(32 // servers)
        started = time.monotonic()
        for args in (("migrate", "--verbosity", "0"), ("collectstatic", "--noinput", "--verbosity", "0")):
            done = biye(env, *args)
            assert done.returncode == 0, done.stderr
        done = biye(env, "shell", "-c", PREPARE.format(students=students), timeout=1800)
        assert done.returncode == 0, done.stderr
        people = json.loads(done.stdout.strip().splitlines()[-1])
        argon2 = biye(env, "shell", "-c", ARGON2).stdout.strip().splitlines()[-1].split()
        print(f"prepared {len(people['students'])} students, {len(people['handlers'])} handlers on "
              f"{'PostgreSQL' if url.startswith('postgres') else 'SQLite'} in {time.monotonic() - started:.0f} s; "
              f"Argon2id memory {argon2[0]} KiB, {argon2[1]} passes, 1 lane, {argon2[2]} hashes at once per process")

        with _servers(env, tmp, servers) as lives:
            print(f"{servers} server(s), each {env.get('BIYE_WORKERS', os.cpu_count())} workers x "
                  f"{env.get('BIYE_THREADS', 32)} threads; {clients} clients")
            work: queue.Queue = queue.Queue()
            password, hpassword = people["student_password"], people["handler_password"]
            handlers = people["handlers"]
            # Handlers' visits spread through the students' (one every so many students).
            every = max(1, len(people["students"]) // max(1, len(handlers)))
            h = 0
            for i, username in enumerate(people["students"]):
                work.put(("student", username, password, None))
                if i % every == every - 1 and h < len(handlers):
                    work.put(("handler", handlers[h][0], hpassword, handlers[h][1]))
                    h += 1
            for name, code in handlers[h:]:
                work.put(("handler", name, hpassword, code))
            results = Results()
            watch = MemoryWatch([live.process.pid for live in lives])
            watch.start()
            deadline = time.monotonic() + time_limit

            def client(n: int) -> None:
                base = lives[n % len(lives)].url
                while time.monotonic() < deadline:
                    try:
                        kind, username, pw, code = work.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        if kind == "student":
                            student_visit(base, results, username, pw)
                        else:
                            handler_visit(base, results, username, pw, code)
                    except Exception as error:  # noqa: BLE001  (a fault of this script is counted, not hidden)
                        results.error("bench", repr(error))

            began, load_before = time.monotonic(), os.getloadavg()[0]
            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed, load_after = time.monotonic() - began, os.getloadavg()[0]
            watch.stopped.set()
            watch.join()
            left = work.qsize()

        reread = json.loads(biye(env, "shell", "-c", REREAD).stdout.strip().splitlines()[-1])
        lost = [u for u, spelling in results.filed.items() if reread.get(u) != spelling]

    requests = sum(len(v) for v in results.times.values()) + len(results.times.get("log in", []))
    print(f"{requests} requests in {elapsed:.1f} s: {requests / elapsed:.0f} requests/s "
          f"(a log in is two requests: the form, then the post)")
    cpu = sum(watch.cpu[p] - watch.cpu_start[p] for p in watch.pids)
    print(f"servers' CPU: {cpu:.0f} s in all, {cpu / max(1, len(results.filed)) * 1000:.0f} ms per student who filed; "
          f"machine load average {load_before:.1f} at the start, {load_after:.1f} at the end "
          f"({os.cpu_count()} cores, shared with whatever else runs)")
    print(f"{'step':<14}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for step in STEPS:
        values = results.times.get(step, [])
        if values:
            print(f"{step:<14}{len(values):>7}{_pct(values, .5):>9.0f}{_pct(values, .95):>9.0f}"
                  f"{_pct(values, .99):>9.0f}{max(values) * 1000:>9.0f}")
    errors = sum(results.errors.values())
    print(f"errors: {errors}" + (f"  {dict(results.errors)}" if errors else ""))
    print(f"filings saved: {len(results.filed)} of {len(people['students'])}; lost writes: {len(lost)}"
          + (f"; not started (time limit): {left}" if left else ""))
    for n, (pid, (rss, pss)) in enumerate(watch.peak.items(), 1):
        print(f"server {n}: peak memory {rss / 1024:.0f} MB RSS summed over its processes, {pss / 1024:.0f} MB PSS")
    filing_p95 = _pct(results.times["file"], .95) if results.times.get("file") else float("inf")
    ok = not errors and not lost and not left and filing_p95 < 1000 and all(
        pss / 1024 < 400 for rss, pss in watch.peak.values())
    print("goals met" if ok else "goals NOT met")
    return 0 if ok else 1


class _servers:
    """Start `count` servers on one database and stop them afterwards."""

    def __init__(self, env: dict, tmp: Path, count: int) -> None:
        self.env, self.tmp, self.count, self.stack = env, tmp, count, None

    def __enter__(self):
        from contextlib import ExitStack

        from tests.live import serving

        self.stack = ExitStack()
        return [self.stack.enter_context(serving(self.env, self.tmp / f"server{n + 1}.log")) for n in range(self.count)]

    def __exit__(self, *exc) -> None:
        self.stack.close()


def main() -> None:
    # Stopped from outside: leave through the context managers, which stop the servers and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--servers", type=int, default=1, choices=(1, 2))
    parser.add_argument("--time-limit", type=float, default=900, help="seconds the clients may run")
    args = parser.parse_args()
    sys.exit(run(args.students, args.clients, args.servers, args.time_limit))


if __name__ == "__main__":
    main()
