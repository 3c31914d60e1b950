#!/usr/bin/env bash
# Builds the service image from the Dockerfile and prints its size and layers (`make image` calls
# this after `mvn package`, so target/thumbstream.jar is fresh).
#
#   scripts/image.sh IMAGE            e.g. thumbstream:0.1.0 (the Makefile takes it from k8s/)
#
# Base image: the minimal Java 25 runtime of scripts/runtime-base.sh (jlink + the codec libraries,
# built on this machine, no registry needed); $RUNTIME_IMAGE instead when set, e.g.
# eclipse-temurin:25-jre from a registry (the Dockerfile installs the codec packages into it).
#
# The image's jar is target/thumbstream.jar without the JNI libraries of other platforms: the jar
# Maven builds carries RocksDB, zstd, lz4, snappy and JNA natives for x86-64 and aarch64 (and a few
# more), of which one image loads only its own. Written to target/image/thumbstream.jar (the build
# context, see .dockerignore); the Maven artifact itself stays multi-platform.
#
# With the default base, the image must stay within IMAGE_BUDGET_MB (150 MB, decimal, as `docker
# images` counts): a bigger one fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${1:?usage: scripts/image.sh IMAGE}
IMAGE_BUDGET_MB=${IMAGE_BUDGET_MB:-150}

docker info >/dev/null 2>&1 || { echo "image: no Docker engine answers (try: make docker-engine)" >&2; exit 1; }
[ -f target/thumbstream.jar ] || { echo "image: target/thumbstream.jar is missing (make build)" >&2; exit 1; }

# Native entries to keep (path prefixes in the jar), per architecture (Debian's names: the image's
# is the build machine's). Every prefix must match: a dependency that moves its natives fails here.
ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
case "$ARCH" in
  amd64 | x86_64)
    KEEP='librocksdbjni-linux64.so linux/amd64/ com/sun/jna/linux-x86-64/ net/jpountz/util/linux/amd64/ org/xerial/snappy/native/Linux/x86_64/' ;;
  arm64 | aarch64)
    KEEP='librocksdbjni-linux-aarch64.so linux/aarch64/ com/sun/jna/linux-aarch64/ net/jpountz/util/linux/aarch64/ org/xerial/snappy/native/Linux/aarch64/' ;;
  *) echo "image: architecture $ARCH is not supported (amd64, arm64)" >&2; exit 1 ;;
esac

mkdir -p target/image
jar=target/image/thumbstream.jar
cp target/thumbstream.jar "$jar.tmp"
natives=$(unzip -Z1 "$jar.tmp" | grep -E '\.(so|dll|dylib|jnilib)$' || true)
drop=()
for entry in $natives; do
  keep=
  for k in $KEEP; do
    if [[ $entry == "$k"* ]]; then keep=1; fi
  done
  if [ -z "$keep" ]; then drop+=("$entry"); fi
done
for k in $KEEP; do
  grep -q "^${k//./\\.}" <<<"$natives" \
    || { echo "image: no $k in the jar: a dependency moved its $ARCH natives; update KEEP in $0" >&2; exit 1; }
done
if [ ${#drop[@]} -gt 0 ]; then zip -q -d "$jar.tmp" "${drop[@]}"; fi
mv "$jar.tmp" "$jar"
saved=$(( $(stat -c %s target/thumbstream.jar) - $(stat -c %s "$jar") ))
printf 'image: jar for %s: %.1f MiB (%d native libraries of other platforms left out: -%.1f MiB)\n' "$ARCH" \
  "$(awk "BEGIN{print $(stat -c %s "$jar")/1048576}")" "${#drop[@]}" "$(awk "BEGIN{print $saved/1048576}")"

args=()
if [ -n "${RUNTIME_IMAGE:-}" ]; then
  echo "image: base $RUNTIME_IMAGE (RUNTIME_IMAGE)"
  args+=(--build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE")
  if [ -n "${NATIVE_PACKAGES:-}" ]; then args+=(--build-arg "NATIVE_PACKAGES=$NATIVE_PACKAGES"); fi
else
  base=$(scripts/runtime-base.sh "$jar")
  echo "image: base $base (scripts/runtime-base.sh)"
  args+=(--build-arg "RUNTIME_IMAGE=$base")
fi

started=$(date +%s)
docker build -q -t "$IMAGE" "${args[@]}" . >/dev/null
bytes=$(docker image inspect --format '{{.Size}}' "$IMAGE")
printf 'image: %s built in %d s, %.1f MB = %.1f MiB (%d bytes)\n' "$IMAGE" $(( $(date +%s) - started )) \
  "$(awk "BEGIN{print $bytes/1e6}")" "$(awk "BEGIN{print $bytes/1048576}")" "$bytes"
echo "image: layers (docker history, newest first; empty ones left out):"
docker history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | awk -F'\t' '$1 != "0B" {printf "  %8s  %s\n", $1, substr($2, 1, 90)}'
if [ -z "${RUNTIME_IMAGE:-}" ] && [ "$bytes" -gt $(( IMAGE_BUDGET_MB * 1000000 )) ]; then
  echo "image: $IMAGE is over its budget of $IMAGE_BUDGET_MB MB" >&2
  exit 1
fi
