#!/usr/bin/env bash
# A real single-node Slurm on this machine, for the Slurm executor's tests (docs/cluster.md): installs
# Debian's slurm-wlm and munge when missing, writes a slurm.conf for this node (its real CPUs and
# memory) into a folder of its own, and starts munged, slurmctld and slurmd as root. Idempotent: when
# the cluster already answers it says so and changes nothing. build/stop-slurm.sh stops what this
# started, by the process ids in that folder. Clients find the cluster with the line printed last:
#   export SLURM_CONF=<folder>/slurm.conf
# The folder: $WS_SLURM_DIR, default /tmp/weightspace-slurm. The daemons (and so the jobs) run with
# the niceness this script runs with: `nice -n 19 build/start-slurm.sh` keeps a busy machine usable.
set -euo pipefail
dir=${WS_SLURM_DIR:-/tmp/weightspace-slurm}
conf=$dir/slurm.conf
fail() { echo "error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "a single-node Slurm runs its daemons as root; run as root (as CI does), or point SLURM_CONF at a real cluster"
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [ -f "$conf" ] && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" && SLURM_CONF=$conf timeout 10 sinfo -h >/dev/null 2>&1; then
  echo "Slurm is already running (slurmctld pid $(cat "$dir/slurmctld.pid"), slurmd pid $(cat "$dir/slurmd.pid"))"
  echo "export SLURM_CONF=$conf"
  exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || fail "slurm-wlm and munge are missing and there is no apt-get to install them"
  echo "Installing Debian's slurm-wlm and munge ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq slurm-wlm munge >/dev/null || fail "apt-get install slurm-wlm munge failed"
fi

# A cluster of this script's left half-started (a daemon died): stop what is left, then start afresh.
[ -d "$dir" ] && "$(dirname "$0")/stop-slurm.sh" >/dev/null 2>&1 || true
mkdir -p "$dir/state" "$dir/spool"

# munge: the key the package made, or one made now; a munged already answering is left alone.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; }
  chown -R munge:munge /etc/munge 2>/dev/null || true
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  munged --force --pid-file="$dir/munged.pid" || fail "munged did not start (see /var/log/munge/munged.log)"
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || fail "munged started but does not answer (see /var/log/munge/munged.log)"
fi

cpus=$(nproc --all)
memory=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 * 9 / 10 )) # MiB, a tenth kept for the OS
cat >"$conf" <<EOF
# Written by build/start-slurm.sh: one node, root daemons, for the WeightSpace Slurm tests.
ClusterName=weightspace
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
# Finished jobs stay visible to scontrol for an hour (no accounting database here for sacct).
MinJobAge=3600
NodeName=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF=$conf
# A fresh start forgets the jobs of an earlier one (-c): their processes died with that cluster.
slurmctld -c || fail "slurmctld did not start (see $dir/slurmctld.log)"
slurmd || fail "slurmd did not start (see $dir/slurmd.log)"
for _ in $(seq 100); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || fail "the node is '${state:-not answering}', not idle, after 20 s (see $dir/slurmctld.log and $dir/slurmd.log)"
echo "Slurm is running: node localhost, $cpus CPUs, $memory MiB, partition debug (folder $dir)"
echo "export SLURM_CONF=$conf"
