#!/usr/bin/env bash
# The Slurm executor against a real Slurm (docs/cluster.md): a single-node cluster started by
# build/start-slurm.sh (and stopped again if this script started it), the repository copied twice.
#  1. `dotnet cake --target=Report --profile=smoke --executor=slurm` writes a metrics.json
#     byte-identical to a local smoke run's; run again, it submits nothing.
#  2. A fresh copy, submitted with --detach: one array task of the MNIST zoo's shards is cancelled
#     with scancel while it runs; the merge and what depends on it are cancelled by Slurm, the rest
#     finishes. The next run resubmits only that shard, the zoo and its dependants, and ends with
#     the same metrics.json.
# Needs root (the daemons run as root) and apt-get or Slurm installed; else it says why and skips.
# Jobs take one core each here (--sbatch-args=--cpus-per-task=1), so two run at once on two cores.
# Usage: tests/faults/slurm.sh   (WS_KEEP=1 keeps the copies under /tmp)
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ]; then echo "== SKIPPED: the Slurm tests start slurmctld and slurmd as root; CI runs them"; exit 0; fi
if ! command -v slurmctld >/dev/null && ! command -v apt-get >/dev/null; then
  echo "== SKIPPED: Slurm is not installed and there is no apt-get to install it"; exit 0
fi
ws_build
export WS_SLURM_DIR=${WS_SLURM_DIR:-/tmp/weightspace-slurm}
started=0
# (Captured, then printed: `tee /dev/stderr` would reopen a log file that stderr points to, truncating it.)
slurm_start=$("$repo/build/start-slurm.sh")
echo "$slurm_start"
grep -q "already running" <<<"$slurm_start" || started=1
export SLURM_CONF=$WS_SLURM_DIR/slurm.conf
work=$(mktemp -d /tmp/ws-slurm-XXXXXX)
cleanup() {
  [ "$started" = 1 ] && "$repo/build/stop-slurm.sh"
  [ "${WS_KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
[ -z "$(squeue --me --noheader)" ] || fail "jobs are already queued on this cluster (squeue --me); this test needs it to itself"
summary=reports/smoke/metrics.json
slurm_report() { # slurm_report ROOT [options]: the smoke Report through the Slurm executor, in ROOT
  local root=$1; shift
  (cd "$repo" && dotnet cake --target=Report --profile=smoke --executor=slurm --root="$root" --sbatch-args=--cpus-per-task=1 "$@")
}

echo "== the local smoke run (the reference)"
reference=$repo/$summary
if [ ! -s "$reference" ]; then
  ws_copy "$work/local"
  start=$(date +%s)
  ws_run "$work/local" >"$work/local.log" 2>&1 || { cat "$work/local.log"; fail "the local smoke run failed"; }
  echo "local smoke run: $(( $(date +%s) - start )) s"
  reference=$work/local/$summary
fi

echo "== 1. the smoke Report through Slurm equals the local run's"
ws_copy "$work/a"
start=$(date +%s)
slurm_report "$work/a" 2>&1 | tee "$work/a.log" || fail "the Slurm smoke run failed"
echo "Slurm smoke run: $(( $(date +%s) - start )) s"
grep -q "as array job" "$work/a.log" || fail "the CNN zoos were not submitted as job arrays"
cmp "$reference" "$work/a/$summary" || fail "metrics.json of the Slurm run differs from the local run's"
slurm_report "$work/a" >"$work/a2.log" 2>&1 || { cat "$work/a2.log"; fail "the second Slurm run failed"; }
grep -q "nothing to submit" "$work/a2.log" || { cat "$work/a2.log"; fail "a run after a finished one submitted jobs"; }
! grep -q "submitted" "$work/a2.log" || { cat "$work/a2.log"; fail "a run after a finished one submitted jobs"; }
echo "ok: byte-identical metrics.json; the second run submitted nothing"

echo "== 2. one array task cancelled while it runs: only it and its dependants are resubmitted"
ws_copy "$work/b"
slurm_report "$work/b" --detach 2>&1 | tee "$work/b.log" || fail "the detached submission failed"
array=$(sed -n 's/.*\[zoo-cnn-mnist\] submitted shard(s) 0, 1 of 2 as array job \([0-9]*\).*/\1/p' "$work/b.log")
[ -n "$array" ] || fail "no two-shard array job for zoo-cnn-mnist in the submission"
task_state() { squeue --noheader --states=all --array --format='%i %T' --jobs="$array" | awk -v t="${array}_1" '$1 == t { print $2 }'; }
deadline=$(( $(date +%s) + 1800 ))
until [ "$(task_state)" = RUNNING ]; do
  case "$(task_state)" in PENDING|"") ;; *) fail "array task ${array}_1 ended $(task_state) before it could be cancelled while running";; esac
  [ "$(date +%s)" -lt "$deadline" ] || fail "array task ${array}_1 did not start within 30 minutes"
  sleep 0.1
done
scancel "${array}_1"
echo "cancelled array task ${array}_1 while it ran"
for _ in $(seq 3600); do [ -z "$(squeue --me --noheader)" ] && break; sleep 1; done
[ -z "$(squeue --me --noheader)" ] || fail "jobs still queued an hour after the cancel"
task=$(task_state)
[ "$task" = CANCELLED ] || fail "array task ${array}_1 ended $task: it finished before it could be cancelled"
(cd "$repo" && dotnet cake --target=Status --profile=smoke --root="$work/b") >"$work/b-status.log"
grep -q "cancelled" "$work/b-status.log" || { cat "$work/b-status.log"; fail "Status does not show the cancelled jobs"; }
slurm_report "$work/b" 2>&1 | tee "$work/b2.log" || fail "the resubmission failed"
grep -q "\[zoo-cnn-mnist\] submitted shard(s) 1 of 2 as array job" "$work/b2.log" || fail "shard 1 alone was not resubmitted"
submitted=$(sed -n 's/^\[\([a-z0-9-]*\)\] submitted as job.*/\1/p' "$work/b2.log" | sort | tr '\n' ' ')
expected=$(printf '%s\n' zoo-cnn-mnist ingest-cnn-mnist statistics-cnn-mnist baselines-cnn-mnist embed-cnn-mnist table8-cnn-mnist attention-cnn-mnist recipe-cnn-mnist zoo-size-cnn-mnist report | sort | tr '\n' ' ')
[ "$submitted" = "$expected" ] || fail "resubmitted: $submitted; expected only the zoo and its dependants: $expected"
cmp "$reference" "$work/b/$summary" || fail "metrics.json after the resubmission differs from the local run's"
[ -z "$(ls -A "$work/b/data/.cache/shards" 2>/dev/null)" ] || fail "shard folders left after the zoos were merged: $(ls "$work/b/data/.cache/shards")"
echo "ok: only shard 1, zoo-cnn-mnist and its 9 dependants were resubmitted; metrics.json byte-identical"
echo "Slurm tests passed"
