#!/usr/bin/env python3
"""Save-to-reload latency of `careerguide serve` on a synthetic guide.

    bench/serve_latency.py SITE_DIR [--binary target/release/careerguide] [--edits 20]

Starts `careerguide serve --port 0` on SITE_DIR (made with bench/gen.py), listens to its
Server-Sent Events, then repeatedly appends a sentence to one role page and measures the time
from the file write to the `reload` event naming that page: what an editor waits for after
saving. Prints the median and the slowest, and the server's own rebuild lines.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site")
    ap.add_argument("--binary", default="target/release/careerguide")
    ap.add_argument("--edits", type=int, default=20)
    args = ap.parse_args()

    proc = subprocess.Popen([args.binary, "serve", "--port", "0", "--root", args.site],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = None
    rebuilds = []
    for line in proc.stdout:
        m = re.search(r" at (http://\S+)", line)
        if m:
            url = m.group(1)
            break
    if not url:
        sys.exit("serve did not start")

    def drain():
        for line in proc.stdout:
            rebuilds.append(line.strip())
    threading.Thread(target=drain, daemon=True).start()

    host = url.split("/")[2]
    conn = http.client.HTTPConnection(host)
    conn.request("GET", "/__careerguide/events", headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    events = []
    cond = threading.Condition()

    def listen():
        name = None
        for raw in resp:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                with cond:
                    events.append((time.perf_counter(), name, line[6:]))
                    cond.notify_all()
    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)

    roles = sorted(f for f in os.listdir(os.path.join(args.site, "content/roles")) if f.startswith("role-"))
    target = os.path.join(args.site, "content/roles", roles[len(roles) // 2])
    slug = os.path.basename(target)[:-3]
    latencies = []
    for i in range(args.edits):
        with cond:
            seen = len(events)
        with open(target, "a", encoding="utf-8") as f:
            f.write(f"\nEdit number {i} for the latency benchmark.\n")
        start = time.perf_counter()
        deadline = start + 10
        got = None
        with cond:
            while got is None and time.perf_counter() < deadline:
                for t, name, data in events[seen:]:
                    if name == "reload" and f"/roles/{slug}/" in data:
                        got = t
                        break
                if got is None:
                    cond.wait(0.5)
        if got is None:
            print(f"edit {i}: no reload event within 10 s")
        else:
            latencies.append((got - start) * 1000)
        time.sleep(0.3)
    proc.terminate()
    proc.wait()
    pages = sum(len(files) for _, _, files in os.walk(os.path.join(args.site, "content")))
    if latencies:
        print(f"{pages} content files: save-to-reload median {statistics.median(latencies):.0f} ms, "
              f"slowest {max(latencies):.0f} ms over {len(latencies)} edits")
    for line in rebuilds[-3:]:
        print("  server:", line)


if __name__ == "__main__":
    main()
