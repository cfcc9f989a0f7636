#!/usr/bin/env bash
# Makes a Docker engine answer on the default socket, installing and starting it when needed.
# Idempotent: when `docker info` already answers it does nothing. Needs root.
#
# What works in this sandbox (a Firecracker VM: Debian bookworm, kernel 6.x with overlay and
# nf_tables built in, a cgroup v1 hierarchy, no systemd as PID 1), found by trying:
# - Debian's `docker.io` (dockerd 20.10, its own managed containerd) starts with no flags at all:
#   storage driver overlay2 on the ext4 root, iptables through iptables-nft, bridge docker0.
#   Neither --iptables=false (it would break published ports and container NAT) nor
#   --storage-driver=vfs (slow, huge) is needed.
# - Containers reach Debian's package mirror over http through docker0 + NAT, and ports published
#   on 127.0.0.1 answer (docker-proxy), although the uplink MTU is 1400 and docker0's is 1500:
#   path MTU discovery copes, so no --mtu is set.
# - There is no systemd: `service`/`systemctl` cannot start it, so dockerd runs detached (setsid)
#   with its log in $DOCKERD_LOG. It outlives the caller on purpose: later steps and tests reuse it.
# - The docker CLI may be newer than the daemon (the machine ships a 28.x client): it negotiates
#   the API down to 1.41. It has no buildx plugin, so `docker build` uses the legacy builder and
#   prints a deprecation notice; DOCKER_BUILDKIT=1 would fail ("buildx component is missing").
#
# Env: DOCKERD_LOG (default /var/log/dockerd.log), DOCKER_UP_TIMEOUT seconds (default 60),
#      DOCKERD_PIDFILE (default /var/run/docker.pid), DOCKERD_EXTRA_ARGS (extra flags, word-split;
#      with DOCKER_HOST they let a second daemon be started for testing this script; never give
#      such a daemon --bridge=none: dockerd then deletes the host's docker0, and the main daemon's
#      containers can no longer start until docker0 is recreated or that daemon restarted).
set -euo pipefail

LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
TIMEOUT="${DOCKER_UP_TIMEOUT:-60}"

say() { echo "-----> docker: $*"; }
fail() { echo " !     docker: $*" >&2; exit 1; }

answers() { timeout 10 docker info >/dev/null 2>&1; }

if command -v docker >/dev/null && answers; then
  say "daemon already answering"
  exit 0
fi

[[ $(id -u) == 0 ]] || fail "not root: cannot install or start dockerd"

if ! command -v dockerd >/dev/null; then
  say "installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  # Other setup steps may run apt at the same time: wait for the dpkg lock instead of failing.
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 docker.io >/dev/null
  command -v dockerd >/dev/null || fail "docker.io installed but dockerd not found"
fi

# A dockerd that is still starting (pidfile with a live process) is waited for, not doubled.
PIDFILE="${DOCKERD_PIDFILE:-/var/run/docker.pid}"
pid=""
if [[ -s "$PIDFILE" ]]; then
  pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null || pid=""
fi

if [[ -z "$pid" ]]; then
  # shellcheck disable=SC2206 # word splitting of extra flags is intended
  args=(--pidfile "$PIDFILE" ${DOCKERD_EXTRA_ARGS:-})
  mkdir -p "$(dirname "$LOG")"
  say "starting dockerd ${args[*]:-} (log: $LOG)"
  echo "=== $(date -u +%FT%TZ) docker-up.sh: dockerd ${args[*]:-}" >>"$LOG"
  setsid dockerd "${args[@]}" >>"$LOG" 2>&1 </dev/null &
  pid=$!
else
  say "dockerd (pid $pid) is starting; waiting for it"
fi

# Had setsid forked (caller with job control), $pid would be gone at once: trust the pidfile then.
alive() {
  kill -0 "$pid" 2>/dev/null && return 0
  [[ -s "$PIDFILE" ]] && pid="$(cat "$PIDFILE")" && kill -0 "$pid" 2>/dev/null
}

deadline=$((SECONDS + TIMEOUT))
until answers; do
  if ! alive; then
    tail -n 30 "$LOG" >&2 || true
    fail "dockerd (pid $pid) exited before answering; log tail above ($LOG)"
  fi
  if ((SECONDS >= deadline)); then
    tail -n 30 "$LOG" >&2 || true
    fail "dockerd (pid $pid) did not answer within ${TIMEOUT}s; log tail above ($LOG)"
  fi
  sleep 0.5
done
say "daemon answering (dockerd pid $pid, $(docker version --format '{{.Server.Version}}' 2>/dev/null))"
