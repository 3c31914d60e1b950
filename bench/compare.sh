#!/usr/bin/env bash
# Side by side on the same files, in the same run: Thumbstream's renderer vs Pillow
# (Image.thumbnail in a ProcessPoolExecutor) vs vipsthumbnail, WORKERS processes/threads each,
# fit inside SIZE x SIZE, JPEG q85 out. Rounds interleave the three tools so that a noisy
# machine slows them alike; each tool's median of RUNS rounds is reported.
#
# Usage: bench/compare.sh [CORPUS_DIR...]   (default target/bench/corpus, written by `thumbstream bench`;
#        each DIR's subfolders are corpora, e.g. target/bench/photo-corpus target/bench/corpus)
# Env:   WORKERS (2), RUNS (3), SIZE (320), JAR (target/thumbstream-dev.jar), OUT (target/bench), PYTHON
# Pillow (python3-pil) and vipsthumbnail (libvips-tools) are installed with apt-get when missing
# and root; they are for comparison only, never a Thumbstream dependency.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPORA=("$@"); [ ${#CORPORA[@]} -gt 0 ] || CORPORA=(target/bench/corpus)
WORKERS=${WORKERS:-2}
RUNS=${RUNS:-3}
SIZE=${SIZE:-320}
JAR=${JAR:-target/thumbstream-dev.jar}
OUT=${OUT:-target/bench}
# Debian's python3-pil is installed for Debian's interpreter, not for one a version manager put first on PATH.
PYTHON=${PYTHON:-$([ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/thumbstream-compare.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

install_if_missing() { # check-command debian-package
  if ! eval "$1" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing $2 (comparison only) ..." >&2
      (apt-get update -qq && apt-get install -y -qq --no-install-recommends "$2") >/dev/null 2>&1 || true
    fi
  fi
  eval "$1" >/dev/null 2>&1
}

HAVE_PIL=1; install_if_missing "$PYTHON -c 'import PIL'" python3-pil || HAVE_PIL=0
HAVE_VIPS=1; install_if_missing "command -v vipsthumbnail" libvips-tools || HAVE_VIPS=0
[ -f "$JAR" ] || { echo "no $JAR: run 'make build' (or 'make bench') first" >&2; exit 2; }
for c in "${CORPORA[@]}"; do [ -d "$c" ] || { echo "no corpus at $c: run 'java -jar $JAR bench --quick' (or bench/photo-corpus.sh) first" >&2; exit 2; }; done

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else print v[int((NR+1)/2)]}'; }
# "wall cpu" seconds of a command; cpu is user+sys of it and every child it waited for.
seconds_of() { local TIMEFORMAT='%R %U %S'; { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'; }

thumbstream_once() { # dir -> "wall cpu" seconds of one timed pass after warm-up, in one JVM
  java -jar "$JAR" bench --renderer-only --images "$1" --threads "$WORKERS" --runs 1 \
    --renditions "small:${SIZE}x${SIZE}:fit:jpg" --out "$SCRATCH/ts" 2>/dev/null \
    | tee -a "$SCRATCH/bench-lines" \
    | awk '/^BENCH / {for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
                      printf "%.3f %.3f\n", v["median_s"], v["process_cpu_ms_per_image"] * v["images"] / 1000}'
}
pillow_once() { "$PYTHON" bench/pillow-thumbnails.py "$1" "$SCRATCH/pil" "$WORKERS" "$SIZE"; }
vips_once() {
  local n per
  mkdir -p "$SCRATCH/vips"
  n=$(find "$1" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | wc -l)
  per=$(( (n + 4 * WORKERS - 1) / (4 * WORKERS) ))   # ~4 batches per process: balanced, few startups
  (cd "$1" && seconds_of sh -c "find . -maxdepth 1 -type f \\( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \\) -printf '%f\\n' \
     | sort | xargs -P $WORKERS -n $per vipsthumbnail -s ${SIZE}x${SIZE} -o '$SCRATCH/vips/%s.jpg[Q=85]'")
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools: java $(java -version 2>&1 | head -1 | cut -d'"' -f2), Pillow $([ $HAVE_PIL = 1 ] && "$PYTHON" -c 'import PIL; print(PIL.__version__)' || echo absent), $([ $HAVE_VIPS = 1 ] && vips --version || echo 'vips absent')"
echo "task: fit in ${SIZE}x${SIZE}, JPEG q85, $WORKERS workers each, median of $RUNS interleaved rounds"
echo

RESULTS="$SCRATCH/results"; : > "$RESULTS"
# Each DIR's subfolders are corpora, or DIR itself when it holds images (as `thumbstream bench --images`).
has_images() { [ -n "$(find "$1" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -print -quit)" ]; }
for dir in $(for c in "${CORPORA[@]}"; do if has_images "$c"; then echo "$c/"; else ls -d "$c"/*/; fi; done); do
  dir=${dir%/}; name=$(basename "$dir")
  images=$(find "$dir" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | wc -l)
  [ "$images" -gt 0 ] || continue
  : > "$SCRATCH/ts.$name"; : > "$SCRATCH/pil.$name"; : > "$SCRATCH/vips.$name"
  for round in $(seq "$RUNS"); do
    thumbstream_once "$dir" >> "$SCRATCH/ts.$name"
    [ $HAVE_PIL = 1 ] && pillow_once "$dir" >> "$SCRATCH/pil.$name"
    [ $HAVE_VIPS = 1 ] && vips_once "$dir" >> "$SCRATCH/vips.$name"
    echo "  $name round $round (wall cpu): thumbstream $(tail -1 "$SCRATCH/ts.$name") s, pillow $(tail -1 "$SCRATCH/pil.$name" 2>/dev/null) s, vips $(tail -1 "$SCRATCH/vips.$name" 2>/dev/null) s; load $(cut -d' ' -f1 /proc/loadavg)" >&2
  done
  col() { awk -v c="$2" '{print $c}' "$1" | median; }          # median of column c (1 wall, 2 cpu)
  runs_of() { local r; r=$(awk '{print $1}' "$1" | xargs | tr ' ' '/'); echo "${r:--}"; }
  echo "$name $images $(col "$SCRATCH/ts.$name" 1) $(col "$SCRATCH/pil.$name" 1) $(col "$SCRATCH/vips.$name" 1)" \
    "$(col "$SCRATCH/ts.$name" 2) $(col "$SCRATCH/pil.$name" 2) $(col "$SCRATCH/vips.$name" 2)" \
    "$(runs_of "$SCRATCH/ts.$name") $(runs_of "$SCRATCH/pil.$name") $(runs_of "$SCRATCH/vips.$name")" >> "$RESULTS"
done

mkdir -p "$OUT"
{
  echo "| corpus | images | Thumbstream s | Pillow s | vipsthumbnail s | Thumbstream/Pillow | Thumbstream/vips | CPU s: Thumbstream / Pillow / vips | CPU ratio vs Pillow / vips |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  ratio() { if [ "$1" = nan ] || [ "$2" = nan ]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; fi; }
  while read -r name images ts pil vips tscpu pilcpu vipscpu tsr pilr vipsr; do
    printf '| %s | %d | %s (%s) | %s (%s) | %s (%s) | **%s** | **%s** | %s / %s / %s | %s / %s |\n' "$name" "$images" \
      "$ts" "$tsr" "$pil" "$pilr" "$vips" "$vipsr" "$(ratio "$pil" "$ts")" "$(ratio "$vips" "$ts")" \
      "$tscpu" "$pilcpu" "$vipscpu" "$(ratio "$pilcpu" "$tscpu")" "$(ratio "$vipscpu" "$tscpu")"
  done < "$RESULTS"
  echo
  echo "Wall times: median of $RUNS interleaved rounds (each round in brackets), after warm-up, files read from and"
  echo "thumbnails written to disk. Ratios: the other tool's time / Thumbstream's; above 1 means Thumbstream is faster."
  echo "CPU s: user+sys of all processes (Thumbstream: whole JVM incl. GC/JIT during the timed pass; Pillow: the"
  echo "workers' CPU for the images plus the parent's; vips: every vipsthumbnail process). CPU ratios are less"
  echo "disturbed than wall ratios when other work shares the cores. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$OUT/compare.md"
grep '^BENCH' "$SCRATCH/bench-lines" > "$OUT/compare-bench-lines.txt" || true
# For bench/scorecard.py: corpus images, median wall s (thumbstream pillow vips), median CPU s (same order).
awk '{print $1, $2, $3, $4, $5, $6, $7, $8}' "$RESULTS" > "$OUT/compare.tsv"
