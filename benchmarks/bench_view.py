"""The explorer at scale in headless Chromium: page size, first drawn, click answered.

For each size (synthetic articles' facts from ``bench_store.synthetic_facts``, loaded
into Oxigraph as ``kg build`` stores them): the page ``kg view`` writes, opened from
disk, and the explorer ``kg serve`` sends (a real ``kg serve`` process on a copy of the
store; the page is opened once the explorer's data answers).
``kg serve``'s start-up: seconds (wall, and the server process's CPU) from its launch to
``/explorer/data.json`` answered, at the first start on the store (the tables read from
the store and saved in it) and at a restart (the saved tables loaded); with ``--before
DIR``, also of the ``kg`` package in DIR (an earlier checkout) on the same store.
For each page, at 1400x900: bytes over the wire, seconds from navigation to the default
view drawn, from a click on a link of the countries view to its meetings listed with
their evidence (through the server: fetched), from navigation to that click answered,
and from a click on a filter (a status) to the view drawn again. Targets: the
10,000-article page under 5 MB and answered within 5 s; 100,000 through ``kg serve`` in
5 s.

    python benchmarks/bench_view.py [--sizes 1000 10000 100000] [--keep DIR]
        [--startup-only] [--before DIR]

``--keep DIR`` keeps the stores there and reuses them on the next run (never changed:
the servers run on copies); ``--startup-only`` leaves out the browser.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import machine, replace_load

from kg.graph import KnowledgeGraph
from kg.store import open_store

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
#: Listens for the next click on a link, and notes when its meetings are on the panel.
WATCH = """
const box = document.getElementById('kg-details');
window.__answered = null;
window.__clicked = null;
document.querySelector('#kg-view-countries canvas').addEventListener('mousedown',
  () => { window.__clicked = performance.now(); }, {capture: true, once: true});
new MutationObserver((changes, observer) => {
  if (box.querySelector('.kg-meeting blockquote, .kg-meeting .kg-note')) {
    window.__answered = performance.now(); observer.disconnect();
  }
}).observe(box, {childList: true, subtree: true});
"""
#: Milliseconds for a click on a filter (the "planned" status) to redraw the view.
FILTER_CLICK = """
const box = document.querySelector('#kg-statuses input[value=planned]');
const started = performance.now();
box.click();
return new Promise((done) => requestAnimationFrame(() => done(performance.now() - started)));
"""
#: The middle of the strongest link of the countries view, in page coordinates.
STRONGEST = """
const net = kgExplorer.network;
const edge = kgExplorer.edges.get().sort((a, b) => b.value - a.value)[0];
const pos = net.getPositions([edge.from, edge.to]);
const a = net.canvasToDOM(pos[edge.from]), b = net.canvasToDOM(pos[edge.to]);
const box = net.canvas.frame.canvas.getBoundingClientRect();
return [(a.x + b.x) / 2 - box.width / 2, (a.y + b.y) / 2 - box.height / 2];
"""


def store_of(size: int, keep: Path) -> Path:
    """The store of ``size`` synthetic articles, loaded (and compacted) unless kept."""
    path, done = keep / f"store-{size}", keep / f"store-{size}.done"
    if not done.exists():
        store = open_store(path)
        print(replace_load(store, size).line(f"  loading {size:,}"), flush=True)
        store.optimize()
        store.close()
        done.touch()
    return path


def browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        "--disable-background-networking",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def measure(driver: Any, url: str) -> dict[str, float]:
    """Seconds to the first drawn view, and from the click on a link to its meetings."""
    from selenium.webdriver.common.action_chains import ActionChains

    driver.get("about:blank")
    started = time.perf_counter()
    driver.get(url)
    while not driver.execute_script("return !!(window.kgExplorer && kgExplorer.ready)"):
        time.sleep(0.01)
    drawn = time.perf_counter() - started
    driver.execute_script(WATCH)
    canvas = driver.execute_script("return kgExplorer.network.canvas.frame.canvas")
    x, y = driver.execute_script(STRONGEST)
    ActionChains(driver).move_to_element_with_offset(canvas, round(x), round(y)).click().perform()
    while driver.execute_script("return window.__answered") is None:
        if time.perf_counter() - started > 120:
            raise RuntimeError(f"{url}: the click was not answered in 120 s")
        time.sleep(0.01)
    click = driver.execute_script("return (window.__answered - window.__clicked) / 1000")
    answered = time.perf_counter() - started
    filtered = driver.execute_script(FILTER_CLICK) / 1000
    return {"drawn": drawn, "click": click, "answered": answered, "filter": filtered}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, gzipped: bool = False) -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzipped else {})
    with urllib.request.urlopen(request, timeout=1200) as answer:
        return answer.read()


def resident_mib(pid: int) -> float:
    """The resident memory of a process, from the kernel's accounting."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far, from the kernel's accounting."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(store: Path, code: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """A ``kg serve`` process on ``store`` (of the ``kg`` package in ``code`` if given)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=store.parent,  # not a checkout's root, whose kg would come before PYTHONPATH's
    )
    return server, f"http://127.0.0.1:{port}"


def started(server: subprocess.Popen[bytes], base: str, launched: float) -> dict[str, Any]:
    """Wait for the explorer's data: seconds from ``launched``, CPU, the data, memory."""
    while True:
        try:
            fetch(f"{base}/healthz")
            break
        except OSError:
            time.sleep(0.05)
    data = fetch(f"{base}/explorer/data.json", gzipped=True)
    return {
        "prepared": time.perf_counter() - launched,
        "cpu": cpu_seconds(server.pid),
        "gzipped": data,
        "rss": resident_mib(server.pid),
    }


def startup(store: Path, code: Path | None = None) -> dict[str, Any]:
    """Start ``kg serve`` on ``store``, wait for the explorer's data, stop it."""
    launched = time.perf_counter()
    server, base = launch(store, code)
    try:
        return started(server, base, launched)
    finally:
        server.terminate()
        server.wait(30)


def served(store: Path, driver: Any) -> dict[str, float]:
    """Start ``kg serve`` on the store, let it prepare the views, then open the page."""
    launched = time.perf_counter()
    server, base = launch(store)
    try:
        ready = started(server, base, launched)
        page = fetch(f"{base}/")
        figures = measure(driver, f"{base}/")
        return {
            **figures,
            "prepared": ready["prepared"],
            "bytes": len(page) + len(ready["gzipped"]),
            "data": len(gzip.decompress(ready["gzipped"])),
            "rss": ready["rss"],
        }
    finally:
        server.terminate()
        server.wait(30)


def startups(store: Path, before: Path | None) -> list[str]:
    """``kg serve``'s start-up on ``store``: by the code in ``before`` (if given), then by
    this code at its first start and at a restart."""
    runs = [("before (" + str(before) + ")", before)] if before else []
    runs += [("first start, tables saved", None), ("restart, saved tables loaded", None)]
    lines, answers = [], set()
    for label, code in runs:
        load = os.getloadavg()[0]
        f = startup(store, code)
        answers.add(gzip.decompress(f["gzipped"]))
        lines.append(
            f"  kg serve start-up, {label:<34} {f['prepared']:6.1f} s wall, {f['cpu']:6.1f} s CPU"
            f" to the explorer's data; server {f['rss']:.0f} MiB; load average {load:.1f}"
        )
    lines.append(f"  the same data at every start: {len(answers) == 1}")
    return lines


def written(store: Path, work: Path, driver: Any) -> dict[str, float]:
    """Write the page as ``kg view`` does, then open it from disk."""
    started = time.perf_counter()
    graph = KnowledgeGraph(open_store(store))
    page = graph.to_html(work / f"{store.name}.html")
    graph.close()
    seconds = time.perf_counter() - started
    return {**measure(driver, page.as_uri()), "bytes": page.stat().st_size, "write": seconds}


def line(label: str, f: dict[str, float]) -> str:
    extra = (
        f"  (page written in {f['write']:.1f} s)"
        if "write" in f
        else (
            f"  (views ready {f['prepared']:.1f} s after the start; "
            f"data {f['data'] / 1e6:.1f} MB unzipped; server {f['rss']:.0f} MiB)"
        )
    )
    return (
        f"  {label:<24} {f['bytes'] / 1e6:6.2f} MB   first drawn {f['drawn']:5.2f} s   "
        f"click answered in {f['click'] * 1000:4.0f} ms ({f['answered']:5.2f} s after "
        f"navigation)   a filter click {f['filter'] * 1000:4.0f} ms{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="keep the stores here and reuse them")
    parser.add_argument(
        "--startup-only", action="store_true", help="only kg serve's start-up, no browser"
    )
    parser.add_argument(
        "--before", type=Path, help="a directory holding an earlier kg package to compare"
    )
    parser.add_argument(
        "--largest-written",
        type=int,
        default=10_000,
        help="the largest store also written as a page (kg view)",
    )
    args = parser.parse_args()
    print(machine())
    if not args.startup_only:
        print("headless Chromium 1400x900; a click on the strongest link of the countries view")
    print()
    with tempfile.TemporaryDirectory() as tmp:
        keep = args.keep or Path(tmp)
        keep.mkdir(parents=True, exist_ok=True)
        driver = None if args.startup_only else browser()
        try:
            for size in args.sizes:
                print(f"== {size:,} articles", flush=True)
                store = Path(tmp) / f"served-{size}"
                shutil.copytree(store_of(size, keep), store)  # the servers write in it
                for row in startups(store, args.before):
                    print(row, flush=True)
                if driver is not None:
                    if size <= args.largest_written:
                        view = written(store, Path(tmp), driver)
                        print(line("kg view (from disk)", view), flush=True)
                    print(line("kg serve", served(store, driver)), flush=True)
                shutil.rmtree(store)
        finally:
            if driver is not None:
                driver.quit()


if __name__ == "__main__":
    main()
