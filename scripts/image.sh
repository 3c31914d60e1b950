#!/usr/bin/env bash
# Builds the service image from the Dockerfile and prints its size (`make image` calls this after
# `mvn package`, so target/thumbstream.jar is fresh).
#
#   scripts/image.sh IMAGE            e.g. thumbstream:0.1.0 (the Makefile takes it from k8s/)
#
# Base image: $RUNTIME_IMAGE when set; else the Dockerfile's default (eclipse-temurin, from Docker
# Hub) when it is present or can be pulled; else the Debian-built stand-in of scripts/base-images.sh,
# which already carries the native codec libraries, so the build needs no network at all.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${1:?usage: scripts/image.sh IMAGE}
DEFAULT_RUNTIME=$(sed -n 's/^ARG RUNTIME_IMAGE=//p' Dockerfile)
PULL_SECONDS=${PULL_SECONDS:-30}

docker info >/dev/null 2>&1 || { echo "image: no Docker engine answers (try: make docker-engine)" >&2; exit 1; }
[ -f target/thumbstream.jar ] || { echo "image: target/thumbstream.jar is missing (make build)" >&2; exit 1; }

args=()
if [ -n "${RUNTIME_IMAGE:-}" ]; then
  args+=(--build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE")
elif docker image inspect "$DEFAULT_RUNTIME" >/dev/null 2>&1 \
    || timeout "$PULL_SECONDS" docker pull -q "$DEFAULT_RUNTIME" >/dev/null 2>&1; then
  echo "image: base $DEFAULT_RUNTIME (registry)"
else
  echo "image: $DEFAULT_RUNTIME cannot be pulled here; using the Debian-built stand-in"
  stand_in=$(scripts/base-images.sh)
  args+=(--build-arg "RUNTIME_IMAGE=$stand_in" --build-arg "NATIVE_PACKAGES=libturbojpeg0 libwebp7 libheif1 libdeflate0")
fi

started=$(date +%s)
docker build -q -t "$IMAGE" "${args[@]}" . >/dev/null
bytes=$(docker image inspect --format '{{.Size}}' "$IMAGE")
printf 'image: %s built in %d s, %.1f MiB (%d bytes)\n' "$IMAGE" $(( $(date +%s) - started )) \
  "$(awk "BEGIN{print $bytes/1048576}")" "$bytes"
