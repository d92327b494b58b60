#!/usr/bin/env bash
# Fault tests of the pipeline (docs/pipeline.md, "Faults"), each in a throw-away copy of the repository:
#  1. SIGKILL at random moments of a smoke run, N times (default 50; CI uses 5), then a final run:
#     its metrics.json equals a clean run's and every run-cache object matches its hash;
#  2. a flipped byte in a cache object and in workspace outputs is detected and recomputed;
#  3. SIGINT and SIGTERM, to the process group or to the cake process alone, stop the stage
#     cleanly: runner gone, scratch removed, lock released, exit 130/143, the next run recovers;
#  4. two runs at once: the second stops naming the holder (or waits), Status says a run is in
#     progress, nothing is corrupt;
#  5. a full disk (data/ a small tmpfs: mid-stage, and so full the lock's holder file cannot be
#     written) and a read-only data/: a named error at once with its exit code, nothing partial
#     published, and the next run heals; `status` still answers on the read-only data/. Needs root
#     (mount), as CI has; without root they are skipped, saying so.
# Usage: tests/faults/run.sh [N]     (WS_KEEP=1 keeps the copies under /tmp for inspection;
#        WS_ONLY=disk runs only the reference run and 5)
source "$(dirname "$0")/lib.sh"
kills=${1:-50}
ws_build
work=$(mktemp -d /tmp/ws-faults-XXXXXX)
if [ "${WS_KEEP:-0}" = 1 ]; then trap 'ws_unmount_all' EXIT; else trap 'ws_unmount_all; rm -rf "$work"' EXIT; fi
summary=metrics.json
summary_path=reports/smoke/metrics.json

echo "== clean reference run"
ws_copy "$work/ref"
start=$(date +%s)
ws_run "$work/ref" >"$work/ref.log" 2>&1 || { cat "$work/ref.log"; fail "clean smoke run failed"; }
span=$(( $(date +%s) - start + 1 ))

healthy() { # healthy ROOT LABEL: metrics equal the reference, every cache object verified, no leftovers
  cmp -s "$work/ref/$summary_path" "$1/$summary_path" || fail "$2: $summary differs from the clean run's"
  local check; check=$(dotnet "$runner" cache-check --root="$1") || { echo "$check"; fail "$2: the run-cache holds a damaged object"; }
  ws_scratch_empty "$1" || fail "$2: scratch left behind: $(ls "$1/data/.tmp")"
  echo "$2: $summary equal to the clean run's; ${check##*$'\n'}"
}

# Every "No space left on device" in LOG... names the file or folder written, under the copy: a full
# disk that reads only "error: No space left on device" leaves the user guessing where.
ws_enospc_named() {
  local bare; bare=$(grep -h "No space left on device" "$@" | grep -v "$work/d/" || true)
  [ -z "$bare" ] || { echo "$bare"; fail "a 'No space left on device' names no path"; }
}

if [ "$(id -u)" != 0 ]; then
  echo "== SKIPPED: a full disk and a read-only data/ need root (mount); CI runs them"
  [ "${WS_ONLY:-}" = disk ] && fail "WS_ONLY=disk needs root"
else
echo "== a full disk and a read-only data/ (data/ a small tmpfs)"
ws_copy "$work/d"
ws_tmpfs_data "$work/d" 3m
# Mid-stage: the smoke run's data outgrows 3 MB while some stage writes its outputs into scratch.
status=0; ws_run "$work/d" --wait=600 >"$work/full.log" 2>&1 || status=$?
[ "$status" -eq 1 ] || { cat "$work/full.log"; fail "disk full mid-stage: exit $status, expected 1 (a stage failed)"; }
grep -q "^error: \[.*\] failed: .*$work/d/data/.*No space left on device" "$work/full.log" \
  || { cat "$work/full.log"; fail "disk full mid-stage: no one-line error naming the stage, the path and the OS's reason"; }
failed=$(sed -n "s/^error: \[\([^]]*\)\] failed: .*No space left on device.*/\1/p" "$work/full.log")
ws_scratch_empty "$work/d" || fail "disk full mid-stage: scratch left behind: $(ls -A "$work/d/data/.tmp")"
python3 - "$work/d" "$failed" <<'PY' || fail "disk full mid-stage: something partial was published"
import json, os, sys
root, failed = sys.argv[1], sys.argv[2]
lock = json.load(open(os.path.join(root, "data/pipeline.lock.json")))["stages"] if os.path.exists(os.path.join(root, "data/pipeline.lock.json")) else {}
assert failed not in lock, f"{failed} failed, yet it is in the lock file"
for name, entry in lock.items():           # every published stage: all its recorded outputs present, whole
    for out in entry["outs"]:
        path = os.path.join(root, out["path"])
        assert os.path.getsize(path) == out["size"], f"{out['path']} of {name} is not whole"
PY
ws_enospc_named "$work/full.log"
echo "disk full mid-stage: exit 1 naming [$failed] and the path, scratch removed, every published output whole"

# So full that not even the lock's holder file can be written: reported at once, not after --wait.
# The last run's holder file goes first: rewriting it would reuse its own page of the full tmpfs.
rm -f "$work/d/data/.pipeline.pid.holder"
dd if=/dev/zero of="$work/d/data/filler" bs=64k 2>/dev/null || true
before=$(ws_checksums "$work/d")
start=$(date +%s); status=0
ws_run "$work/d" --wait=600 >"$work/full2.log" 2>&1 || status=$?
took=$(( $(date +%s) - start ))
[ "$status" -eq 2 ] || { cat "$work/full2.log"; fail "full disk: exit $status, expected 2"; }
grep -q "^error: cannot take the data-folder lock $work/d/data/.pipeline.pid: No space left on device" "$work/full2.log" \
  || { cat "$work/full2.log"; fail "full disk: the error does not name the lock file and the OS's reason"; }
grep -q "another WeightSpace run" "$work/full2.log" && fail "full disk reported as a held lock"
[ "$took" -lt 60 ] || fail "full disk reported after $took s (--wait=600): it waited for a lock nobody holds"
[ "$before" = "$(ws_checksums "$work/d")" ] || fail "full disk: data/ or reports/ changed"
ws_enospc_named "$work/full2.log"
echo "disk so full the lock cannot be taken: exit 2 after $took s naming the lock file and 'No space left on device'; nothing changed"

# Heal: room again (the same tmpfs, larger); the next run finishes and matches the clean run. data/ is
# now another file system than reports/: the report's outputs cannot be renamed from scratch into
# place, so they are copied beside their target first, then renamed (and nothing is left there).
rm -f "$work/d/data/filler"
mount -o remount,size=2g "$work/d/data"  # the smoke run with both image sets and their cache copies needs about 600 MB
ws_run "$work/d" >"$work/heal.log" 2>&1 || { cat "$work/heal.log"; fail "the run after the disk was freed failed"; }
cmp -s "$work/ref/$summary_path" "$work/d/$summary_path" || fail "after the full disk: $summary differs from the clean run's"
diff -r "$work/ref/reports/smoke/tables" "$work/d/reports/smoke/tables" >/dev/null || fail "after the full disk: the report's tables differ from the clean run's"
diff <(cd "$work/ref/reports/smoke" && find . | sort) <(cd "$work/d/reports/smoke" && find . | sort) \
  || fail "after the full disk: reports/smoke holds other files than the clean run's (a publishing copy left behind?)"
echo "after the disk was freed: the next run heals ($summary and the report's tables equal to the clean run's, no other files: published across file systems)"

# Read-only data/: reported at once naming the lock file and the OS's reason; nothing changes.
mount -o remount,ro "$work/d/data"
before=$(ws_checksums "$work/d")
start=$(date +%s); status=0
dotnet "$runner" run report --profile=smoke --root="$work/d" --force=report --wait=600 >"$work/ro.log" 2>&1 || status=$?
took=$(( $(date +%s) - start ))
[ "$status" -eq 2 ] || { cat "$work/ro.log"; fail "read-only data/: exit $status, expected 2"; }
grep -q "^error: cannot take the data-folder lock $work/d/data/.pipeline.pid: Read-only file system" "$work/ro.log" \
  || { cat "$work/ro.log"; fail "read-only data/: the error does not name the lock file and the OS's reason"; }
[ "$took" -lt 60 ] || fail "read-only data/ reported after $took s (--wait=600)"
[ "$before" = "$(ws_checksums "$work/d")" ] || fail "read-only data/: data/ or reports/ changed"
# Status only reads: on a read-only data/ it still answers (the stat cache is not saved: one note).
touch -d '2001-01-01' "$work/d/$summary_path"  # same content, new mtime: the stat cache has an entry to save
status=0; dotnet "$runner" status --profile=smoke --root="$work/d" >"$work/ro-status.log" 2>"$work/ro-status.err" || status=$?
[ "$status" -eq 0 ] || { cat "$work/ro-status.log" "$work/ro-status.err"; fail "status on a read-only data/: exit $status, expected 0"; }
grep -q "^  report  *up to date" "$work/ro-status.log" || { cat "$work/ro-status.log"; fail "status on a read-only data/: no state for the report"; }
[ "$(wc -l <"$work/ro-status.err")" -le 1 ] && { [ ! -s "$work/ro-status.err" ] || grep -q "^note: .*Read-only file system" "$work/ro-status.err"; } \
  || { cat "$work/ro-status.err"; fail "status on a read-only data/: more than a one-line note on stderr"; }
status=0; (cd "$repo" && dotnet cake --target=Status --profile=smoke --root="$work/d") >"$work/ro-cake.log" 2>&1 || status=$?
[ "$status" -eq 0 ] && grep -q "everything is up to date" "$work/ro-cake.log" \
  || { cat "$work/ro-cake.log"; fail "dotnet cake --target=Status on a read-only data/: exit $status, expected 0 and the states"; }
[ "$before" = "$(ws_checksums "$work/d")" ] || fail "status on a read-only data/: data/ or reports/ changed"
echo "read-only data/: status (runner and Cake) answers, exit 0$([ -s "$work/ro-status.err" ] && echo ", with one note: the stat cache not saved")"
mount -o remount,rw "$work/d/data"
ws_run "$work/d" >"$work/rw.log" 2>&1 || { cat "$work/rw.log"; fail "the run after data/ became writable again failed"; }
grep -q "^\[report\] up to date" "$work/rw.log" || { cat "$work/rw.log"; fail "after the read-only data/: the report is not up to date"; }
echo "read-only data/: exit 2 after $took s naming the lock file and 'Read-only file system'; nothing changed; writable again, all up to date"
ws_unmount_all
[ "${WS_ONLY:-}" = disk ] && { echo "faults passed (disk cases only)"; exit 0; }
fi

echo "== $kills SIGKILLs at random moments (a full run takes about ${span} s)"
ws_copy "$work/k"
finished=0
stages=$(ws_stages "$work/k")
for i in $(seq 1 "$kills"); do
  # Every run recomputes everything (--force), so each kill lands in real work: training, hashing,
  # storing objects, publishing or writing the lock, wherever the random moment falls.
  dotnet "$runner" run $stages --profile=smoke --root="$work/k" --force >"$work/kill.log" 2>&1 &
  pid=$!
  sleep "$(awk -v s="$RANDOM" -v span="$span" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * span * 0.4 }')"
  kill -9 "$pid" 2>/dev/null || finished=$((finished + 1))
  wait "$pid" 2>/dev/null || true
done
dotnet "$runner" cache-check --root="$work/k" >"$work/check.log" || { cat "$work/check.log"; fail "after the kills the run-cache holds a damaged object"; }
echo "after $kills kills ($finished finished before their kill): $(tail -n 1 "$work/check.log")"
ws_run "$work/k" >"$work/final.log" 2>&1 || { cat "$work/final.log"; fail "the run after the kills failed"; }
healthy "$work/k" "final run after $kills kills"

echo "== flipped bytes"
lockfile="$work/k/data/pipeline.lock.json"
object_of() { python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print(next(o["hash"] for s in l["stages"].values() for o in s["outs"] if o["path"]==sys.argv[2]))' "$lockfile" "$1"; }
weights=data/zoos/tetris-seed/weights.npy
ingested=data/ingest/tetris-seed.parquet
hash=$(object_of "$weights")
ws_flip "$work/k/data/.cache/objects/${hash:0:2}/$hash"
dotnet "$runner" cache-check --root="$work/k" >/dev/null && fail "cache-check missed a flipped byte in a cache object"
ws_flip "$work/k/$weights"
ws_flip "$work/k/$ingested"
ws_run "$work/k" >"$work/flip.log" 2>&1 || { cat "$work/flip.log"; fail "the run after flipped bytes failed"; }
grep -q "output $weights was modified" "$work/flip.log" || fail "a flipped byte in $weights went unnoticed"
grep -q "^\[ingest-tetris-seed\] restored" "$work/flip.log" || fail "a flipped byte in $ingested went unnoticed (not restored)"
grep -q "zoo-tetris-seed\] run-cache entry .* is damaged" "$work/flip.log" || fail "the flipped cache object was not detected"
grep -q "^\[zoo-tetris-seed\] running" "$work/flip.log" || fail "zoo-tetris-seed was not recomputed after its cache object was damaged"
cmp -s "$work/ref/$weights" "$work/k/$weights" || fail "recomputed $weights differs from the clean run's"
cmp -s "$work/ref/$ingested" "$work/k/$ingested" || fail "restored $ingested differs from the clean run's"
healthy "$work/k" "flipped cache object and workspace outputs: detected, recomputed"

echo "== SIGINT and SIGTERM"
# `dotnet cake` launched in its own process group: a launcher process running Cake as its child,
# which runs the stage runner. The signal goes to the group (Ctrl+C in a terminal), to the Cake
# process alone, or to the launcher alone (a supervisor's kill). Waits until a stage computes.
signal_stages=zoo-cnn-mnist,zoo-cnn-fashion,table8-cnn-mnist,attention-cnn-mnist,table8-cnn-fashion,attention-cnn-fashion
signal_case() { # signal_case SIG group|cake|launcher
  local sig=$1 target=$2 code; code=$([ "$sig" = INT ] && echo 130 || echo 143)
  # env --default-signal=INT: a shell without job control starts background jobs with SIGINT
  # ignored, and an ignored signal stays ignored across exec (under `nohup bash .ci/run &` no
  # SIGINT case could pass); Ctrl+C in a terminal reaches a process whose SIGINT is at its default.
  (cd "$repo" && exec env --default-signal=INT setsid dotnet cake --target=Report --profile=smoke --root="$work/k" --force="$signal_stages") >"$work/sig.log" 2>&1 &
  local cake=$! n=0
  # Signal once the stage runner runs and the first forced stage has started (its log line, relayed
  # by Cake): six forced CNN stages follow, about 20 s of work even on a quiet machine. (Once, in
  # CI, a signal sent a second after the runner appeared found the whole run finished.)
  local stage_runner="" tries=0
  until { [ -n "$stage_runner" ] && grep -qs "running: forced" "$work/sig.log"; } || [ $tries -ge 600 ]; do
    stage_runner=$(pgrep -f -- "WeightSpace.Stages.dll run .*--root=$work/k( |$)" | head -n 1 || true)
    sleep 0.2; tries=$((tries + 1))
  done
  [ -n "$stage_runner" ] || { cat "$work/sig.log"; fail "SIG$sig/$target: no stage runner found"; }
  grep -qs "running: forced" "$work/sig.log" || { cat "$work/sig.log"; fail "SIG$sig/$target: no forced stage started within 120 s"; }
  case $target in
    group) kill -s "$sig" -- "-$cake" ;;
    launcher) kill -s "$sig" "$cake" ;;
    cake) kill -s "$sig" "$(pgrep -P "$cake" -f Cake.dll)" ;;
  esac || fail "SIG$sig/$target: could not send the signal"
  local status=0; wait "$cake" || status=$?
  n=0; while kill -0 "$stage_runner" 2>/dev/null; do sleep 0.2; n=$((n + 1)); [ $n -lt 100 ] || fail "SIG$sig/$target: the stage runner still runs 20 s after cake ended"; done
  [ "$status" -eq "$code" ] || { cat "$work/sig.log"; fail "SIG$sig/$target: cake exited $status, expected $code"; }
  grep -q "\[attention-cnn-fashion\] done in" "$work/sig.log" && fail "SIG$sig/$target: the run finished before the signal; nothing was tested"
  grep -q "stopped" "$work/sig.log" || { cat "$work/sig.log"; fail "SIG$sig/$target: the runner did not report a clean stop"; }
  ws_scratch_empty "$work/k" || fail "SIG$sig/$target: scratch left behind: $(ls -A "$work/k/data/.tmp")"
  ws_lock_free "$work/k" || fail "SIG$sig/$target: the data-folder lock is still held"
  echo "SIG$sig to the $target: cake exit $status, runner stopped within $((n * 200)) ms of cake, scratch removed, lock released"
}
# Once beforehand, so Cake has compiled its script and built the runner before the timed cases.
(cd "$repo" && dotnet cake --target=Status --profile=smoke --root="$work/k") >"$work/cake-warm.log" 2>&1 || { cat "$work/cake-warm.log"; fail "dotnet cake --target=Status failed"; }
signal_case INT group
signal_case TERM group
signal_case INT cake
signal_case TERM cake
signal_case TERM launcher
ws_run "$work/k" >"$work/after-signals.log" 2>&1 || { cat "$work/after-signals.log"; fail "the run after the signals failed"; }
healthy "$work/k" "next run after the signals"

echo "== two runs at once"
rm -rf "$work/k/data/zoos" "$work/k/data/ingest" "$work/k/data/.cache"
dotnet "$runner" run $(ws_stages "$work/k") --profile=smoke --root="$work/k" >"$work/first.log" 2>&1 &
first=$!
n=0; until grep -qs "running" "$work/first.log"; do sleep 0.2; n=$((n + 1)); [ $n -lt 300 ] || fail "the first run never started"; done
status=$(dotnet "$runner" status --profile=smoke --root="$work/k")
grep -q "a run is in progress" <<<"$status" || { echo "$status"; fail "Status during a run does not say a run is in progress"; }
second=0; dotnet "$runner" run report --profile=smoke --root="$work/k" --wait=1 >"$work/second.log" 2>&1 || second=$?
[ "$second" -eq 3 ] || { cat "$work/second.log"; fail "a second run exited $second, expected 3 (busy)"; }
grep -q "pid $first" "$work/second.log" || { cat "$work/second.log"; fail "the busy message does not name the holder (pid $first)"; }
ws_run "$work/k" >"$work/waiting.log" 2>&1 || { cat "$work/waiting.log"; fail "a waiting run failed"; }
grep -q "waiting for another WeightSpace run" "$work/waiting.log" || echo "(the first run ended before the waiting one started)"
wait "$first" || fail "the first run failed while another waited"
healthy "$work/k" "two runs at once (second: exit 3 naming pid $first; third: waited, then ran)"
echo "faults passed"
