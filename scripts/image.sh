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
# The AOT cache (issue 22; docs/operations.md, Start-up): the Dockerfile's `untrained` stage is built
# first and run once as a training container (--network host) against `thumbstream infra` from the
# dev jar on the host, fed by `thumbstream bench --aot-training` (JPEGs and PNGs, bare events, S3
# notifications, a backfill job) with -XX:AOTCacheOutput added to its JAVA_TOOL_OPTIONS; SIGTERM
# ends it, the JVM writes target/image/thumbstream.aot as it exits, and the final stage adds that
# file and -XX:AOTCache. The training is skipped when target/image/thumbstream.aot.key matches what
# the cache depends on (the trimmed jar's entries and size, the base image, the Dockerfile, this script's
# TRAINING version); then the image is checked with -XX:AOTMode=on, which fails when the JVM cannot
# use the cache. THUMBSTREAM_AOT=0 builds the untrained stage only (no cache, no training).
#
# With the default base, the image without its AOT cache must stay within IMAGE_BUDGET_MB (150 MB,
# decimal, as `docker images` counts) and the cache within AOT_BUDGET_MB (90 MB; it is about 80 MB:
# the class metadata of every class the service loads, see docs/operations.md): a bigger one fails
# the build.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${1:?usage: scripts/image.sh IMAGE}
IMAGE_BUDGET_MB=${IMAGE_BUDGET_MB:-150}
AOT_BUDGET_MB=${AOT_BUDGET_MB:-90}

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
# A fixed modification time: the AOT cache records the class path's jar by size and mtime (the JVM
# refuses a cache whose jar differs), and the same bytes must keep matching the cache after the
# next `mvn package` rewrites target/thumbstream.jar.
touch -d @946684800 "$jar"
saved=$(( $(stat -c %s target/thumbstream.jar) - $(stat -c %s "$jar") ))
printf 'image: jar for %s: %.1f MiB (%d native libraries of other platforms left out: -%.1f MiB)\n' "$ARCH" \
  "$(awk "BEGIN{print $(stat -c %s "$jar")/1048576}")" "${#drop[@]}" "$(awk "BEGIN{print $saved/1048576}")"

# What the training container does; bump TRAINING when it changes, so caches are retrained.
TRAINING=1

# train UNTRAINED_IMAGE_ID CACHE KEY: records the AOT cache from a training run of the untrained image.
train() {
  local image=$1 out=$2 key=$3 work=target/image/aot-training infra_pid= cid= port= t0
  t0=$(date +%s)
  [ -f target/thumbstream-dev.jar ] || { echo "image: target/thumbstream-dev.jar is missing (make build)" >&2; exit 1; }
  rm -rf "$work/infra" "$work/infra.log"
  mkdir -p "$work"
  stop_training() {
    if [ -n "$cid" ]; then docker rm -f "$cid" >/dev/null 2>&1 || true; fi
    if [ -n "$infra_pid" ]; then kill "$infra_pid" 2>/dev/null || true; wait "$infra_pid" 2>/dev/null || true; fi
  }
  trap stop_training EXIT
  echo "image: training the AOT cache (thumbstream infra on the host; log $work/)"
  java -jar target/thumbstream-dev.jar infra --kafka-port 0 --s3-port 0 --data "$work/infra" >"$work/infra.log" 2>&1 &
  infra_pid=$!
  for _ in $(seq 1200); do
    grep -q '^# Ctrl-C' "$work/infra.log" 2>/dev/null && break
    kill -0 "$infra_pid" 2>/dev/null || { echo "image: thumbstream infra exited; see $work/infra.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^# Ctrl-C' "$work/infra.log" || { echo "image: thumbstream infra did not come up; see $work/infra.log" >&2; exit 1; }
  local -a env=()
  while IFS= read -r line; do env+=("$line"); done < <(sed -n 's/^export //p' "$work/infra.log")
  local tool_options
  tool_options=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" \
    | sed -n 's/^JAVA_TOOL_OPTIONS=//p')
  local -a denv=()
  for e in "${env[@]}"; do denv+=(-e "$e"); done
  # Port 0: the service logs the port it bound ("http=:PORT"). The stop timeout leaves time for the
  # JVM's exit, which assembles the cache in a child JVM (about 10-30 s).
  cid=$(docker run -d --network host --stop-timeout 300 "${denv[@]}" -e THUMBSTREAM_HTTP_PORT=0 -e THUMBSTREAM_HTTP_BIND=127.0.0.1 \
    -e THUMBSTREAM_GROUP_ID=thumbstream-aot-training \
    -e "JAVA_TOOL_OPTIONS=$tool_options -XX:AOTCacheOutput=/tmp/thumbstream.aot" "$image")
  for _ in $(seq 1200); do
    port=$(docker logs "$cid" 2>&1 | sed -n 's/.*thumbstream started: .* http=:\([0-9]*\).*/\1/p' | head -n1)
    [ -n "$port" ] && break
    [ "$(docker inspect --format '{{.State.Running}}' "$cid")" = true ] \
      || { docker logs "$cid" >&2; echo "image: the training container exited" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { docker logs "$cid" >&2; echo "image: the training container did not start" >&2; exit 1; }
  env "${env[@]}" java -jar target/thumbstream-dev.jar bench --aot-training "$port" --out target/image \
    >"$work/feeder.log" 2>&1 || { cat "$work/feeder.log" >&2; docker logs "$cid" 2>&1 | tail -n 50 >&2; echo "image: the training workload failed" >&2; exit 1; }
  docker stop -t 300 "$cid" >/dev/null
  docker logs "$cid" >"$work/service.log" 2>&1
  local code
  code=$(docker inspect --format '{{.State.ExitCode}}' "$cid")
  rm -f "$out.tmp"
  docker cp "$cid:/tmp/thumbstream.aot" "$out.tmp" 2>/dev/null || true
  if [ "$code" != 0 ] || [ ! -s "$out.tmp" ] || ! grep -q 'AOTCache creation is complete' "$work/service.log"; then
    tail -n 40 "$work/service.log" >&2
    echo "image: the training container (exit $code) wrote no AOT cache; log $work/service.log" >&2
    exit 1
  fi
  stop_training
  trap - EXIT
  mv "$out.tmp" "$out"
  echo "$key" >"$out.key"
  printf 'image: AOT cache trained in %d s (%s)\n' $(( $(date +%s) - t0 )) \
    "$(sed -n 's/^aot-training: //p' "$work/feeder.log" | tail -n1)"
}

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
if [ "${THUMBSTREAM_AOT:-1}" = 0 ]; then
  echo "image: THUMBSTREAM_AOT=0: no AOT cache (the Dockerfile's untrained stage)"
  docker build -q --target untrained -t "$IMAGE" "${args[@]}" . >/dev/null
else
  untrained=$(docker build -q --target untrained "${args[@]}" .)
  aot=target/image/thumbstream.aot
  base_id=$(docker image inspect --format '{{.Id}}' "${RUNTIME_IMAGE:-$base}")
  # The jar by its entries (name, length, CRC-32) and its size, not its bytes: Maven writes each
  # build's entry timestamps into the jar, and the JVM checks only the jar's size and mtime.
  key=$( { echo "TRAINING=$TRAINING"; stat -c %s "$jar"; unzip -v "$jar" | awk 'length($7) == 8 && $7 ~ /^[0-9a-f]+$/ {print $1, $7, $8}';
    echo "$base_id"; sha256sum Dockerfile | cut -d' ' -f1; } | sha256sum | cut -c1-16)
  if [ -s "$aot" ] && [ "$(cat "$aot.key" 2>/dev/null)" = "$key" ]; then
    echo "image: AOT cache $aot is up to date (key $key: same jar, base, Dockerfile): training skipped"
  else
    train "$untrained" "$aot" "$key"
  fi
  docker build -q -t "$IMAGE" "${args[@]}" . >/dev/null
  # The JVM maps the cache only when it matches its runtime and class path; -XX:AOTMode=on turns a
  # mismatch into a failed start instead of a silent slow one.
  tool_options=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" \
    | sed -n 's/^JAVA_TOOL_OPTIONS=//p')
  if ! check=$(docker run --rm -e "JAVA_TOOL_OPTIONS=$tool_options -XX:AOTMode=on" "$IMAGE" --help 2>&1); then
    echo "image: $IMAGE cannot use its AOT cache (-XX:AOTMode=on):" >&2
    echo "$check" >&2
    exit 1
  fi
  printf 'image: AOT cache %s: %.1f MB, used by the image (checked with -XX:AOTMode=on)\n' "$aot" \
    "$(awk "BEGIN{print $(stat -c %s "$aot")/1e6}")"
fi
bytes=$(docker image inspect --format '{{.Size}}' "$IMAGE")
printf 'image: %s built in %d s, %.1f MB = %.1f MiB (%d bytes)\n' "$IMAGE" $(( $(date +%s) - started )) \
  "$(awk "BEGIN{print $bytes/1e6}")" "$(awk "BEGIN{print $bytes/1048576}")" "$bytes"
echo "image: layers (docker history, newest first; empty ones left out):"
docker history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | awk -F'\t' '$1 != "0B" {printf "  %8s  %s\n", $1, substr($2, 1, 90)}'
if [ -z "${RUNTIME_IMAGE:-}" ]; then
  # The budget holds for the image without its cache (the untrained stage: base + jar), and the
  # cache has its own: a bigger jar or base fails as before, a cache that grows fails by itself.
  plain=$bytes
  if [ "${THUMBSTREAM_AOT:-1}" != 0 ]; then
    plain=$(docker image inspect --format '{{.Size}}' "$untrained")
    aot_bytes=$(stat -c %s "$aot")
    printf 'image: without the AOT cache %.1f MB (budget %d MB); the cache %.1f MB (budget %d MB)\n' \
      "$(awk "BEGIN{print $plain/1e6}")" "$IMAGE_BUDGET_MB" "$(awk "BEGIN{print $aot_bytes/1e6}")" "$AOT_BUDGET_MB"
    if [ "$aot_bytes" -gt $(( AOT_BUDGET_MB * 1000000 )) ]; then
      echo "image: the AOT cache $aot is over its budget of $AOT_BUDGET_MB MB" >&2
      exit 1
    fi
  fi
  if [ "$plain" -gt $(( IMAGE_BUDGET_MB * 1000000 )) ]; then
    echo "image: $IMAGE without its AOT cache is over its budget of $IMAGE_BUDGET_MB MB" >&2
    exit 1
  fi
fi
