# Shared by the pipeline-level scripts in tests/faults/ (sourced, not run). They drive the stage
# runner in throw-away copies of the repository, so the user's own data/ and reports/ are untouched.
set -euo pipefail
trap 'echo "FAIL: ${BASH_SOURCE[0]##*/} line $LINENO: $BASH_COMMAND exited $?" >&2' ERR
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runner="$repo/stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Builds the stage runner unless it is there (CI builds it just before).
ws_build() {
  [ -f "$runner" ] || dotnet build "$repo/stages/WeightSpace.Stages.csproj" -c Release --nologo -v q >/dev/null
}

# ws_copy DIR: the repository's tracked files (as in the working tree) into DIR, with no data.
ws_copy() {
  mkdir -p "$1"
  (cd "$repo" && git ls-files -z -co --exclude-standard -- . ':!:data/.cache' \
     | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done \
     | xargs -0 cp --parents -t "$1")
}

# ws_stages ROOT: what `run` is given for the whole pipeline: the report (the runner brings its upstream up to date).
ws_stages() { echo report; }

# ws_run ROOT [runner options...]: the whole smoke pipeline in ROOT.
ws_run() { local root=$1; shift; dotnet "$runner" run report --profile=smoke --root="$root" "$@"; }

# ws_flip FILE: flips one byte in the middle of FILE (mtime changes, as with any real edit).
ws_flip() {
  python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0xFF
open(p, 'wb').write(bytes(b))
PY
}

# ws_lock_free ROOT: true when no process holds ROOT's data-folder lock.
ws_lock_free() { [ ! -e "$1/data/.pipeline.pid" ] || flock -n "$1/data/.pipeline.pid" true; }

# ws_scratch_empty ROOT: true when no stage scratch is left.
ws_scratch_empty() { [ -z "$(ls -A "$1/data/.tmp" 2>/dev/null)" ]; }

fail() { echo "FAIL: $*" >&2; exit 1; }

# ws_tmpfs_data ROOT SIZE: ROOT's data/ becomes a tmpfs of SIZE (e.g. 8m) holding what data/ held
# (needs root, as in CI). ws_unmount_all undoes every such mount; the scripts call it on exit.
ws_mounts=()
ws_tmpfs_data() {
  local root=$1 size=$2
  mv "$root/data" "$root/data.orig"
  mkdir "$root/data"
  mount -t tmpfs -o "size=$size" ws-faults "$root/data"
  ws_mounts+=("$root/data")
  cp -a "$root/data.orig/." "$root/data/"
  rm -rf "$root/data.orig"
}
ws_unmount_all() {
  local m
  for m in ${ws_mounts[@]+"${ws_mounts[@]}"}; do
    mountpoint -q "$m" && { umount "$m" 2>/dev/null || umount -l "$m"; }
  done
  return 0
}

# ws_checksums ROOT: every file under data/ and reports/ with its checksum (the run lock's holder
# file, the stat cache and scratch left out: bookkeeping every invocation may touch).
ws_checksums() {
  (cd "$1" && find data reports -type f ! -path 'data/.pipeline.pid*' ! -path 'data/.cache/stat-cache.json' ! -path 'data/.tmp/*' -print0 \
     | sort -z | xargs -0 -r sha256sum)
}
