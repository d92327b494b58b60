#!/usr/bin/env bash
# A real S3 API for the tests (tests/faults/remote.sh): npm's s3rver 3.7.1, installed with npm into
# build/.s3rver/ (once; not committed) and started on 127.0.0.1 with one bucket. Node and npm come
# from Debian (installed here when missing; needs root, as in CI).
# Usage: build/start-s3rver.sh DIR PORT BUCKET   prints the server's pid once it answers; stop it with kill PID.
set -euo pipefail
dir=$1 port=$2 bucket=$3
prefix="$(cd "$(dirname "$0")" && pwd)/.s3rver"
if ! command -v npm >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "error: npm is missing and installing it needs root: sudo apt-get install -y nodejs npm" >&2; exit 1; }
  echo "Installing Debian's nodejs and npm for s3rver ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -x "$prefix/node_modules/.bin/s3rver" ]; then
  echo "Installing s3rver@3.7.1 into $prefix ..." >&2
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error s3rver@3.7.1 >&2
fi
mkdir -p "$dir"
"$prefix/node_modules/.bin/s3rver" -d "$dir" -p "$port" -a 127.0.0.1 --configure-bucket "$bucket" --silent >"$dir.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$pid"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill "$pid" 2>/dev/null || true
echo "error: s3rver did not start on 127.0.0.1:$port ($(tail -n 3 "$dir.log" 2>/dev/null | tr '\n' ' '))" >&2
exit 1
