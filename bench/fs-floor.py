#!/usr/bin/env python3
"""What the file system alone costs a build: the floor under any static site generator.

    python3 bench/fs-floor.py [DIR] [--pages N] [--bytes B] [--threads T]

Creates N folders under DIR (default: a temporary folder in the current directory, so on the
same disk as a build's output) each holding one `index.html` of B bytes, as a site with
one folder per page does, from T threads at once (default 2, the cores of the benchmark
machine); then deletes them, or with `--trash T` moves them into the folder T instead (see
below). Prints the time per page for making the folder and for creating
and writing the file, and the wall time of the whole run, which is what writing N pages costs
before any page is rendered. No generator can write the same pages to this disk faster.

On ext4 without a journal (this benchmark machine's disk), creating a file or folder skips every
inode freed in the last minute (five when its inode table is not yet written back) and looks
each one up on the way (`recently_deleted` in the kernel's fs/ext4/ialloc.c), so deleting
thousands of files makes the next minutes' creations much slower. bench/run.sh therefore moves
old folders into a trash folder during a run and deletes them only at its end.
"""

import argparse
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default=".", help="where to make the test folder")
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--bytes", type=int, default=24_000, help="bytes per page (default 24,000)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--trash", help="move the test folder into this folder instead of deleting it")
    args = ap.parse_args()
    if args.pages < 1 or args.threads < 1 or args.bytes < 0:
        ap.error("--pages and --threads must be at least 1, --bytes at least 0")

    root = tempfile.mkdtemp(prefix=".fs-floor-", dir=args.dir)
    body = b"x" * args.bytes
    os.mkdir(os.path.join(root, "roles"))
    chunks = [range(k, args.pages, args.threads) for k in range(args.threads)]

    def make_dirs(pages: range) -> None:
        for n in pages:
            os.mkdir(os.path.join(root, "roles", f"role-{n}"))

    def write_files(pages: range) -> None:
        for n in pages:
            with open(os.path.join(root, "roles", f"role-{n}", "index.html"), "wb") as f:
                f.write(body)

    try:
        with ThreadPoolExecutor(args.threads) as pool:
            t0 = time.perf_counter()
            list(pool.map(make_dirs, chunks))
            t1 = time.perf_counter()
            list(pool.map(write_files, chunks))
            t2 = time.perf_counter()
    finally:
        if args.trash:
            os.makedirs(args.trash, exist_ok=True)
            os.rename(root, tempfile.mkdtemp(prefix="fs-floor-", dir=args.trash))
        else:
            shutil.rmtree(root, ignore_errors=True)

    per = lambda s: s / args.pages * 1e6  # noqa: E731
    print(f"disk of {os.path.abspath(args.dir)}: {args.pages} pages of {args.bytes} bytes, "
          f"{args.threads} threads")
    print(f"  make folders      {t1 - t0:6.2f} s  ({per(t1 - t0):5.0f} µs a page, wall)")
    print(f"  create and write  {t2 - t1:6.2f} s  ({per(t2 - t1):5.0f} µs a page, wall)")
    print(f"  together          {t2 - t0:6.2f} s  (the least any build of these pages can take here)")


if __name__ == "__main__":
    main()
