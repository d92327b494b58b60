#!/usr/bin/env bash
# Stops the single-node Slurm build/start-slurm.sh started: slurmd, slurmctld and the munged it
# started (a munged that was already running is left alone), by the process ids in its folder
# ($WS_SLURM_DIR, default /tmp/weightspace-slurm), never by name. Idempotent: nothing running is fine.
set -euo pipefail
dir=${WS_SLURM_DIR:-/tmp/weightspace-slurm}
stopped=()
for daemon in slurmd slurmctld munged; do
  pidfile=$dir/$daemon.pid
  [ -s "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    stopped+=("$daemon (pid $pid)")
  fi
  rm -f "$pidfile"
done
if [ ${#stopped[@]} -eq 0 ]; then echo "no Slurm daemon of $dir was running"; else echo "stopped ${stopped[*]}"; fi
