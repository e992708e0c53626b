#!/usr/bin/env bash
# Load test: `careerguide serve` answering 1,000 concurrent connections while it rebuilds.
#
#   bench/load.sh [SECONDS]        (default 20)
#
# Copies the bundled guide to a temporary folder, starts `careerguide serve` on a free port,
# and while `wrk` holds 1,000 open connections asking for a role page, the home page and the
# search index, rewrites one role's Markdown every 200 ms so that the server rebuilds the
# whole time. Prints wrk's figures (requests, latency, socket errors, non-2xx answers), how
# many rebuilds happened, and whether every answer to a page was a whole page (a Lua check
# counts bodies that do not end with `</html>`). Needs wrk (Debian: apt-get install wrk).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_RUN="${1:-20}"
command -v wrk >/dev/null || { echo "bench/load.sh: wrk is needed (apt-get install wrk)" >&2; exit 1; }
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN="$TARGET/release/careerguide"

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cp -r "$ROOT/site.yaml" "$ROOT/content" "$WORK/"
[ -d "$ROOT/data" ] && cp -r "$ROOT/data" "$WORK/"
ulimit -n 65536 2>/dev/null || ulimit -n 4096

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$BIN" serve --root "$WORK" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
  sleep 0.1
done

ROLE="content/roles/medical-coder.md"
[ -f "$WORK/$ROLE" ] || ROLE="content/roles/$(ls "$WORK/content/roles" | grep -v _index | head -1)"
ROLE_PATH="/roles/$(basename "$ROLE" .md)/"

cat >"$WORK/check.lua" <<'LUA'
-- Three addresses in turn; counts page answers that are not whole pages. Each wrk thread has
-- its own Lua state: `pages` and `torn` are globals there, summed in done().
local paths = { os.getenv("ROLE_PATH"), "/", "/search-index/meta.js" }
local n = 0
pages = 0
torn = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
response = function(status, headers, body)
  local ct = headers["Content-Type"] or headers["content-type"] or ""
  if status == 200 and ct:find("text/html", 1, true) then
    pages = pages + 1
    if not body:find("</html>%s*$") then torn = torn + 1 end
  end
end
threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local t_pages, t_torn = 0, 0
  for _, thread in ipairs(threads) do
    t_pages = t_pages + (thread:get("pages") or 0)
    t_torn = t_torn + (thread:get("torn") or 0)
  end
  io.write(string.format("pages checked: %d, torn pages: %d\n", t_pages, t_torn))
end
LUA

# Rewrite the role page's body every 200 ms for the whole run.
(
  end=$((SECONDS + SECONDS_RUN))
  k=0
  while [ $SECONDS -lt $end ]; do
    k=$((k + 1))
    printf '\nEdited during the load test, pass %d.\n' "$k" >>"$WORK/$ROLE"
    sleep 0.2
  done
) &
EDITOR_PID=$!

echo "== wrk: 1,000 connections, 2 threads, ${SECONDS_RUN} s, against 127.0.0.1:$PORT (pages: $ROLE_PATH, /, search index) while $ROLE is rewritten every 200 ms"
ROLE_PATH="$ROLE_PATH" wrk -t2 -c1000 -d"${SECONDS_RUN}s" --latency -s "$WORK/check.lua" "http://127.0.0.1:$PORT"
wait "$EDITOR_PID" || true
echo "== rebuilds logged by serve: $(grep -ciE 'rebuilt|updated|built' "$WORK/serve.log" || true)"
echo "== serve errors logged: $(grep -ciE 'error|panic' "$WORK/serve.log" || true)"
echo "== last lines of the serve log:"; tail -n 3 "$WORK/serve.log"
