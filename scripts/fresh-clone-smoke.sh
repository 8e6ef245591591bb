#!/usr/bin/env bash
# A user's first minutes: clones the repository into a temporary folder with no ../shared beside it, runs the
# README's `npm install && npm start`, and checks /healthz, the home page and a demo dataset page.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK=$(mktemp -d /tmp/infradatos-clone.XXXXXX)
PORT=$((40000 + RANDOM % 20000))
SERVER_PID=
cleanup() {
  # npm start runs the server as its child: the whole process group is stopped.
  if [ -n "$SERVER_PID" ]; then kill -TERM -- "-$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
git clone --quiet "$ROOT" "$WORK/infradatos"
cd "$WORK/infradatos"
[ ! -e ../shared ] || { echo "fresh clone: ../shared must not exist beside the clone" >&2; exit 1; }
npm install --no-audit --no-fund 2>&1 | tee "$WORK/npm-install.log" | tail -n 3
if grep -q EBADENGINE "$WORK/npm-install.log"; then echo "fresh clone: npm install printed EBADENGINE warnings" >&2; exit 1; fi
PORT=$PORT LOG_LEVEL=warn setsid npm start >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null | grep -q '"ok"'; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "fresh clone: npm start stopped" >&2; tail -n 40 "$WORK/server.log" >&2; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" | grep -q '"ok"' || { echo "fresh clone: /healthz did not answer ok" >&2; tail -n 40 "$WORK/server.log" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$PORT/" | grep -q 'infradatos' || { echo "fresh clone: the home page did not answer" >&2; exit 1; }
ID=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/datasets" | node -e 'let s="";process.stdin.on("data",(c)=>s+=c).on("end",()=>{console.log(JSON.parse(s).results.find((d)=>/dengue/i.test(d.title))?.id??"")})')
[ -n "$ID" ] || { echo "fresh clone: no demo dataset found" >&2; exit 1; }
PAGE=$(curl -fsS "http://127.0.0.1:$PORT/datasets/$ID")
echo "$PAGE" | grep -q 'dengue' || { echo "fresh clone: the demo dataset page /datasets/$ID did not show its data" >&2; exit 1; }
echo "$PAGE" | grep -q 'Sin sello (hoy: sin validar)' && { echo "fresh clone: the dataset's seal is not validated" >&2; exit 1; }
echo "fresh clone without ../shared: npm install && npm start answered /healthz, / and /datasets/$ID"
