#!/usr/bin/env bash
# Make sure a Docker engine answers, installing and starting Debian's where there is none.
#
#   scripts/docker-engine.sh          (or `make docker-engine`)
#
# Idempotent: when `docker info` already succeeds it does nothing. Otherwise, on Debian/Ubuntu as
# root, it installs the `docker.io` package (the engine; the registries' images are not needed),
# starts `dockerd` in the background with its log in target/dockerd.log and waits for the socket.
# Anywhere else it says why it cannot and exits 1: the container tests then skip (or, on CI, fail).
set -euo pipefail
cd "$(dirname "$0")/.."

LOG=target/dockerd.log
WAIT_SECONDS=${DOCKER_ENGINE_WAIT_SECONDS:-60}

fail() { echo "docker-engine: $*" >&2; exit 1; }
answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && answers; then
  echo "docker-engine: an engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "no engine answers and this is not root: start Docker yourself (or run as root to install Debian's docker.io)"
command -v apt-get >/dev/null 2>&1 || fail "no engine answers and there is no apt-get to install one (Debian/Ubuntu only)"

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-engine: installing Debian's docker.io (waits for the apt lock) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq || fail "apt-get update failed"
  # --no-install-recommends: no docker-compose, git or cgroupfs-mount; the engine alone.
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends docker.io >/dev/null || fail "apt-get install docker.io failed"
fi

# A daemon may be starting already (another build on this machine): give it a chance first.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  mkdir -p target
  echo "docker-engine: starting dockerd (log: $LOG)"
  # setsid + nohup: the daemon outlives this script and the make that called it.
  setsid nohup dockerd >"$LOG" 2>&1 < /dev/null &
  echo $! > target/dockerd.pid
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  if answers; then
    echo "docker-engine: engine up ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
tail -n 20 "$LOG" >&2 2>/dev/null || true
fail "dockerd did not answer within ${WAIT_SECONDS} s (see $LOG)"
