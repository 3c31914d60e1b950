#!/usr/bin/env bash
# The bench's real-photo corpus, like issue 22's: 600 catalogue crops of about 1 MP and 24 whole
# photos of 2-8 MP (11 of them PNG) in one folder, cut from the photographs (not the renders) in
# three Debian wallpaper packages. The packages are fetched with `apt-get download` and unpacked
# with `dpkg-deb -x` under target/bench/photo-sources (nothing is installed); what is cut where is
# decided by thumbstream.bench.PhotoCorpusPlan (deterministic, unit-tested), and ImageMagick's
# convert does the pixels. Idempotent: a finished corpus whose stamp (package versions + plan +
# this script) matches is reused.
#
# Usage: bench/photo-corpus.sh [OUT]   (default target/bench/photo-corpus; the images go to OUT/photos)
# Env:   JAR (target/thumbstream-dev.jar), JOBS (2: parallel convert processes)
# Licences (Debian's copyright files, copied to OUT/SOURCES.txt with the versions):
#   lomiri-wallpapers-16.04: CC-BY-4.0, CC-BY-SA-3.0, CC-BY-SA-4.0 (per photo); mate-backgrounds
#   nature/: GPL-2+; plasma-workspace-wallpapers: LGPL-3. The corpus is built locally, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-target/bench/photo-corpus}
JAR=${JAR:-target/thumbstream-dev.jar}
JOBS=${JOBS:-2}
SRC=target/bench/photo-sources
PACKAGES="lomiri-wallpapers-16.04 mate-backgrounds plasma-workspace-wallpapers"
# The photographs among the packages' pictures (looked at one by one; the renders, gradients and
# drawings are left out: umang, the Plasma abstracts, all of ukui-wallpapers and gnome-backgrounds).
PHOTOS="
lomiri-wallpapers-16.04/usr/share/backgrounds/Picture_1A_by_freespace.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/Dragonfly_by_Bolly.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/free_by_Peter_Nerlich.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/Picture_0B_by_freespace.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/analogpattern_by_Peter_Nerlich.jpg
lomiri-wallpapers-16.04/usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/Garden.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/Dune.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/Wood.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/Aqua.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/TwoWings.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/Storm.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/GreenMeadow.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/RainDrops.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/Blinds.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/FreshFlower.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/LadyBird.jpg
mate-backgrounds/usr/share/backgrounds/mate/nature/YellowFlower.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/ColdRipple/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/DarkestHour/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/Kite/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/Path/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/summer_1am/contents/images/2560x1600.jpg
plasma-workspace-wallpapers/usr/share/wallpapers/Grey/contents/images/2560x1600.jpg
"

need() { # command debian-package
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $2 ..." >&2
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends "$2") >/dev/null 2>&1 || true
  fi
  command -v "$1" >/dev/null || { echo "photo-corpus: needs $1 (Debian package $2)" >&2; exit 2; }
}
need convert imagemagick
need identify imagemagick
need apt-get apt
[ -f "$JAR" ] || { echo "photo-corpus: no $JAR: run 'make build' first" >&2; exit 2; }

mkdir -p "$SRC/debs" "$OUT"
# Versions first (apt-cache needs the package lists: one `apt-get update` when they are missing).
versions() { for p in $PACKAGES; do echo "$p $(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"; done; }
VERSIONS=$(versions)
if echo "$VERSIONS" | grep -qE ' (\(none\))?$'; then
  apt-get update -qq >/dev/null 2>&1 || true
  VERSIONS=$(versions)
fi
STAMP=$( { echo "$VERSIONS"; echo "$PHOTOS"; sha1sum "$0" | cut -d' ' -f1;
           unzip -p "$JAR" thumbstream/bench/PhotoCorpusPlan.class 2>/dev/null | sha1sum | cut -d' ' -f1; } | sha1sum | cut -d' ' -f1)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$STAMP" ]; then
  echo "photo corpus: $OUT/photos is complete ($(ls "$OUT/photos" | wc -l) images), reused"
  exit 0
fi

for p in $PACKAGES; do
  if ! ls "$SRC/debs/${p}_"*.deb >/dev/null 2>&1; then
    echo "photo corpus: apt-get download $p ..."
    (cd "$SRC/debs" && apt-get download -q "$p" >/dev/null)
  fi
  [ -d "$SRC/$p" ] || { mkdir -p "$SRC/$p.tmp" && dpkg-deb -x "$SRC/debs/${p}_"*.deb "$SRC/$p.tmp" && mv "$SRC/$p.tmp" "$SRC/$p"; }
done
DEB_VERSIONS=$(for d in "$SRC"/debs/*.deb; do dpkg-deb -f "$d" Package Version | paste -sd' '; done)

# Each source once as ImageMagick's memory-mapped pixel cache: 600 crops decode 37 photos, not 600.
: > "$SRC/sources.tsv"
for f in $PHOTOS; do
  [ -f "$SRC/$f" ] || { echo "photo-corpus: $SRC/$f missing from its package" >&2; exit 1; }
  cache="$SRC/cache/$(echo "$f" | tr '/' '_').mpc"
  mkdir -p "$SRC/cache"
  [ -f "$cache" ] || convert "$SRC/$f[0]" -colorspace sRGB -strip "$cache"
  echo "$cache $(identify -format '%w %h' "$cache")" >> "$SRC/sources.tsv"
done

rm -rf "$OUT/photos.tmp" && mkdir -p "$OUT/photos.tmp"
java -cp "$JAR" thumbstream.bench.PhotoCorpusPlan "$SRC/sources.tsv" > "$OUT/plan.tsv"
echo "photo corpus: cutting $(wc -l < "$OUT/plan.tsv") images from $(wc -l < "$SRC/sources.tsv") photos into $OUT/photos ($JOBS at a time) ..."
# One convert per image: crop, resize (Lanczos, as a catalogue export would), write without
# metadata; PNGs without time chunks, so the bytes are the same on every machine.
export OUTDIR="$OUT/photos.tmp"
cut_one() {
  IFS=$'\t' read -r name src cw ch x y w h fmt q prog <<< "$1"
  if [ "$fmt" = png ]; then
    convert "$src" -crop "${cw}x${ch}+${x}+${y}" +repage -filter Lanczos -resize "${w}x${h}!" -strip \
      -define png:exclude-chunks=date,time "PNG24:$OUTDIR/$name"
  else
    convert "$src" -crop "${cw}x${ch}+${x}+${y}" +repage -filter Lanczos -resize "${w}x${h}!" -strip \
      -sampling-factor 4:2:0 -quality "$q" -interlace "$([ "$prog" = 1 ] && echo Plane || echo None)" "$OUTDIR/$name"
  fi
}
export -f cut_one
tr '\n' '\0' < "$OUT/plan.tsv" | xargs -0 -P "$JOBS" -I{} bash -c 'cut_one "$1"' _ {}
rm -rf "$OUT/photos" && mv "$OUT/photos.tmp" "$OUT/photos"

{
  echo "Real-photo corpus for thumbstream bench (bench/photo-corpus.sh): $(ls "$OUT/photos" | wc -l) images,"
  echo "$(ls "$OUT/photos" | grep -c crop) crops of ~1 MP and $(ls "$OUT/photos" | grep -c large) whole photos of 2-8 MP ($(ls "$OUT/photos" | grep -c 'large.png') PNG)."
  echo "Cut from these Debian packages (apt-get download, not installed):"
  echo "$DEB_VERSIONS" | sed 's/^/  /'
  echo "Licences: lomiri-wallpapers-16.04 CC-BY-4.0 / CC-BY-SA-3.0 / CC-BY-SA-4.0 per photo; mate-backgrounds"
  echo "nature/ GPL-2+; plasma-workspace-wallpapers LGPL-3 (see each package's /usr/share/doc/*/copyright)."
  echo "Photos used:"
  echo "$PHOTOS" | sed '/^$/d; s/^/  /'
} > "$OUT/SOURCES.txt"
echo "$STAMP" > "$OUT/.stamp"
echo "photo corpus: $OUT/photos: $(ls "$OUT/photos" | wc -l) images, $(du -sh "$OUT/photos" | cut -f1)"
