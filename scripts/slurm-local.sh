#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for testing `invlogic slurm` (CI) and trying it out:
#
#   bash scripts/slurm-local.sh install   # apt-get install slurm-wlm munge (root; skipped when present)
#   bash scripts/slurm-local.sh start     # munge key, /etc/slurm/slurm.conf, munged, slurmctld, slurmd
#   bash scripts/slurm-local.sh status    # sinfo
#   bash scripts/slurm-local.sh stop      # stops the daemons this script started (by their PID files)
#
# Needs root. Cgroup-free (proctrack/linuxproc, task/none) so it also works in containers. The node is this
# host (`hostname -s`) with `slurmd -C`'s CPUs and RealMemory, in one partition `invlogic` (the default).
# /etc/slurm/slurm.conf is written only when absent or written by this script (first line marks it);
# daemons' PID files and logs live in $SLURM_LOCAL_DIR (default /run/invlogic-slurm).
set -euo pipefail

STATE=${SLURM_LOCAL_DIR:-/run/invlogic-slurm}
CONF=/etc/slurm/slurm.conf
MARK='# written by invlogic scripts/slurm-local.sh'

need_root() {
  [[ $(id -u) -eq 0 ]] || {
    echo "slurm-local: needs root (apt, /etc/slurm, daemons)" >&2
    exit 2
  }
}

installed() { command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; }

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

cmd_install() {
  need_root
  if installed; then
    echo "slurm-local: slurm-wlm and munge present"
    return
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends slurm-wlm munge
}

write_conf() {
  local host cpus mem
  host=$(hostname -s)
  # slurmd -C reports this node's hardware as slurm sees it; RealMemory must not exceed it.
  cpus=$(slurmd -C | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' | head -1)
  mem=$(slurmd -C | sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' | head -1)
  cpus=${cpus:-$(nproc)}
  mem=${mem:-1000}
  if [[ -f $CONF ]] && ! head -1 "$CONF" | grep -qF "$MARK"; then
    echo "slurm-local: $CONF exists and was not written by this script; leaving it (remove it to let us write one)" >&2
    exit 2
  fi
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd
  cat >"$CONF" <<EOF
$MARK
ClusterName=invlogic-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=3600
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=invlogic Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

cmd_start() {
  need_root
  installed || {
    echo "slurm-local: slurm-wlm/munge not installed; run: bash scripts/slurm-local.sh install" >&2
    exit 2
  }
  mkdir -p "$STATE"
  # munge: a key (Debian's package usually creates one), then munged as user munge.
  [[ -s /etc/munge/munge.key ]] || mungekey -c
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  if [[ -S /run/munge/munge.socket.2 ]] && munge -n >/dev/null 2>&1; then
    echo "slurm-local: munged already running"
  else
    runuser -u munge -- /usr/sbin/munged
    # munged writes its own PID file.
    cp /run/munge/munged.pid "$STATE/munged.pid" 2>/dev/null || pgrep -u munge -x munged | head -1 >"$STATE/munged.pid"
    echo "slurm-local: started munged (pid $(cat "$STATE/munged.pid"))"
  fi
  write_conf
  if pid_alive "$STATE/slurmctld.pid"; then
    echo "slurm-local: slurmctld already running"
  else
    slurmctld -i
    echo "slurm-local: started slurmctld"
  fi
  if pid_alive "$STATE/slurmd.pid"; then
    echo "slurm-local: slurmd already running"
  else
    slurmd
    echo "slurm-local: started slurmd"
  fi
  # Wait until the node takes jobs.
  for _ in $(seq 1 60); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      sinfo
      return
    fi
    sleep 1
  done
  echo "slurm-local: the node did not become idle within 60 s; logs in $STATE" >&2
  sinfo >&2 || true
  exit 1
}

stop_pid() {
  local name=$1 file=$2
  if pid_alive "$file"; then
    local pid
    pid=$(cat "$file")
    kill "$pid"
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    echo "slurm-local: stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

cmd_stop() {
  need_root
  stop_pid slurmd "$STATE/slurmd.pid"
  stop_pid slurmctld "$STATE/slurmctld.pid"
  stop_pid munged "$STATE/munged.pid"
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) sinfo ;;
  *)
    echo "usage: bash scripts/slurm-local.sh install|start|status|stop" >&2
    exit 2
    ;;
esac
