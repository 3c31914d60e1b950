#!/usr/bin/env bash
# Makes the image fixtures in thumbstream-imaging/src/test/resources/fixtures/ that the imaging tests render.
#
# The fixtures are committed, so the tests never need these tools; run this script only to change
# or re-create them. Every fixture is tiny (most well under 5 KB) and made from drawn shapes with a
# known colour in a known place, so a test can check the rendered pixels, not just that something
# came out. The output is deterministic (no dates or tool versions are embedded), so re-running the
# script on an unchanged version of the tools gives byte-identical files or none that git notices.
#
# Tools, all from Debian (installed when missing; needs root, as on the project's machines):
#   imagemagick            draws and encodes almost everything
#   libimage-exiftool-perl sets EXIF Orientation and the GPS tags
#   python3-pil            writes the plain-CMYK JPEG: ImageMagick 6 always writes CMYK JPEGs as
#                          YCCK (Adobe transform 2), and we want one of each
#   icc-profiles-free      compatibleWithAdobeRGB1998.icc (an Adobe RGB (1998) equivalent)
#   argyll-ref             DisplayP3.icm (ArgyllCMS's Display P3 reference profile)
#   libheif-examples       heif-enc: HEIC (x265) with the source's ICC profile kept
#   libavif-bin            avifenc: AVIF through libavif (not libheif), with irot for orientation
#
# Usage: scripts/make-fixtures.sh   (from anywhere; writes into the repository it lives in)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/thumbstream-imaging/src/test/resources/fixtures"
ADOBE_RGB=/usr/share/color/icc/compatibleWithAdobeRGB1998.icc
DISPLAY_P3=/usr/share/color/argyll/ref/DisplayP3.icm
SRGB=/usr/share/color/icc/sRGB.icc
PYTHON=/usr/bin/python3

# `convert` may be a stand-in earlier on PATH on some machines: ask for ImageMagick by its banner.
have_tools() {
    convert -version 2>/dev/null | grep -q '^Version: ImageMagick' && command -v exiftool >/dev/null \
        && "$PYTHON" -c 'import PIL' 2>/dev/null \
        && command -v heif-enc >/dev/null && command -v avifenc >/dev/null \
        && [[ -f $ADOBE_RGB && -f $DISPLAY_P3 && -f $SRGB ]]
}
if ! have_tools; then
    apt-get update
    apt-get install -y --no-install-recommends imagemagick libimage-exiftool-perl python3-pil \
        icc-profiles-free argyll-ref libheif-examples libavif-bin
    hash -r
    have_tools || { echo "make-fixtures: tools still missing after install" >&2; exit 1; }
fi

mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# -strip: no dates, software names or profiles unless we add them on purpose.
im() { convert "$@"; }
PNG_CLEAN=(-define png:exclude-chunks=date,time)

# --- Red-left/blue-right images in many encodings ---------------------------------------------
# One layout for every "does this format decode" fixture: left half red, right half blue, so the
# tests can check colours and left/right in every format with the same two samples.
halves() { # halves WIDTH HEIGHT -> an MIFF on stdout
    im -size "$1x$2" xc:blue -fill red -draw "rectangle 0,0 $(($1 / 2 - 1)),$(($2 - 1))" -alpha off -strip miff:-
}
halves 120 80 | im miff:- -strip -interlace JPEG -quality 90 "$OUT/progressive.jpg"
halves 64 48 | im miff:- -strip -type TrueColor BMP3:"$OUT/rgb24.bmp"
halves 64 48 | im miff:- -strip -depth 8 -compress LZW "$OUT/rgb-lzw.tiff"
halves 64 48 | im miff:- -strip -quality 80 -define webp:lossless=false "$OUT/lossy.webp"
halves 80 60 | im miff:- -strip -depth 16 "${PNG_CLEAN[@]}" PNG48:"$OUT/rgb16.png"

# Grayscale JPEG (one component): left dark grey (48), right light grey (208).
im -size 80x60 xc:'gray(208)' -fill 'gray(48)' -draw 'rectangle 0,0 39,59' -strip \
    -colorspace Gray -quality 90 "$OUT/grayscale.jpg"

# Palette PNG with transparency (tRNS): left half red, right half fully transparent.
im -size 80x40 xc:none -fill red -draw 'rectangle 0,0 39,39' -strip "${PNG_CLEAN[@]}" \
    PNG8:"$OUT/palette-transparent.png"
# RGBA PNG: left half opaque blue, right half fully transparent, with a half-transparent black
# square in the middle of the left half (flattens to mid-grey-blue, never to black).
im -size 80x40 xc:none -fill blue -draw 'rectangle 0,0 39,39' -fill 'rgba(0,0,0,0.5)' \
    -draw 'rectangle 10,10 29,29' -strip "${PNG_CLEAN[@]}" PNG32:"$OUT/rgba.png"

# Animated GIF: three 40x30 frames, red first, so a thumbnail of any later frame is detectable.
im -delay 20 -size 40x30 xc:red xc:blue xc:lime -loop 0 -strip "$OUT/animated.gif"

# Degenerate sizes.
im -size 1x1 xc:lime -strip "${PNG_CLEAN[@]}" PNG24:"$OUT/pixel-1x1.png"
im -size 10000x10 xc:blue -fill red -draw 'rectangle 0,0 4999,9' -strip "${PNG_CLEAN[@]}" \
    PNG24:"$OUT/strip-10000x10.png"

# --- EXIF orientation 1..8 --------------------------------------------------------------------
# The upright (displayed) picture is 96x64 mid-grey with a red 24x24 block top-left and a lime one
# top-right: two corner markers pin down all eight orientations (one alone cannot tell 1 from 5).
# The stored pixels are the upright picture transformed by the inverse of what the tag asks a
# viewer to do, so a correct viewer shows the upright picture again.
im -size 96x64 xc:'gray(128)' -fill red -draw 'rectangle 0,0 23,23' -fill lime \
    -draw 'rectangle 72,0 95,23' -strip "$WORK/upright.png"
inverse=([1]="" [2]="-flop" [3]="-rotate 180" [4]="-flip" [5]="-transpose" [6]="-rotate 270"
         [7]="-transverse" [8]="-rotate 90")
for n in 1 2 3 4 5 6 7 8; do
    f="$OUT/orientation-$n.jpg"
    # shellcheck disable=SC2086  # the transform is deliberately split into words
    im "$WORK/upright.png" ${inverse[$n]} -strip -quality 92 "$f"
    exiftool -q -overwrite_original -n -Orientation="$n" "$f"
    # Self-check with ImageMagick as the reference viewer: auto-orient must give the upright image.
    im "$f" -auto-orient "$WORK/oriented.png"
    diff=$(compare -metric AE -fuzz 15% "$WORK/oriented.png" "$WORK/upright.png" null: 2>&1 || true)
    [[ $diff == 0 ]] || { echo "orientation-$n.jpg does not auto-orient to upright ($diff px differ)" >&2; exit 1; }
done

# --- CMYK and colour profiles -----------------------------------------------------------------
# Quadrants: red (C0 M100 Y100 K0) top-left, white (no ink) top-right, blue (C100 M100) bottom-left,
# black (K100) bottom-right. An inverted decode shows cyan/black where red/white should be.
im -size 64x48 xc:white -fill red -draw 'rectangle 0,0 31,23' -fill blue -draw 'rectangle 0,24 31,47' \
    -fill black -draw 'rectangle 32,24 63,47' -strip "$WORK/quadrants.png"
# ImageMagick writes CMYK JPEGs as YCCK with an Adobe APP14 marker (transform 2).
im "$WORK/quadrants.png" -colorspace CMYK -quality 92 "$OUT/ycck.jpg"
# Pillow writes plain CMYK with an Adobe marker (transform 0) and Photoshop's inverted samples.
"$PYTHON" - "$WORK/quadrants.png" "$OUT/cmyk.jpg" <<'EOF'
import sys
from PIL import Image
rgb = Image.open(sys.argv[1]).convert("RGB")
# Naive separation, done by hand so the ink values are exact: K = 1 - max(R,G,B).
def ink(p):
    r, g, b = (v / 255 for v in p)
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0, 0, 0, 255)
    return tuple(round(255 * v) for v in ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k))
cmyk = Image.new("CMYK", rgb.size)
cmyk.putdata([ink(p) for p in rgb.getdata()])
cmyk.save(sys.argv[2], quality=92)
EOF

# Embedded profiles: the pixel values stay as drawn and the profile says what they mean, as in a
# camera or phone file. Left half a saturated colour, right half mid-grey (neutral in both spaces).
# The sRGB values a correct conversion gives (LittleCMS via ImageMagick, printed below; the
# JPEGs differ by a unit or two through compression):
#   adobe-rgb.jpg   left (120,200,80) -> sRGB (50,201,65)     adobe-rgb.tiff -> (50,201,67)
#   display-p3.jpg  left (230,230,80) -> sRGB (230,230,25)
im -size 64x48 xc:'rgb(128,128,128)' -fill 'rgb(120,200,80)' -draw 'rectangle 0,0 31,47' -strip \
    -profile "$ADOBE_RGB" -quality 95 "$OUT/adobe-rgb.jpg"
im -size 64x48 xc:'rgb(128,128,128)' -fill 'rgb(230,230,80)' -draw 'rectangle 0,0 31,47' -strip \
    -profile "$DISPLAY_P3" -quality 95 "$OUT/display-p3.jpg"
# The same Adobe RGB picture as a TIFF: the TIFF reader leaves pixels in the profile's space, so
# this one checks the conversion on the resizing path rather than inside the JPEG reader.
im -size 64x48 xc:'rgb(128,128,128)' -fill 'rgb(120,200,80)' -draw 'rectangle 0,0 31,47' -strip \
    -alpha off -depth 8 -profile "$ADOBE_RGB" -compress LZW "$OUT/adobe-rgb.tiff"
for f in adobe-rgb.jpg display-p3.jpg adobe-rgb.tiff; do
    echo "$f left patch in sRGB: $(im "$OUT/$f" -profile "$SRGB" -depth 8 -crop 1x1+16+24 txt:- | tail -1)"
done

# --- HEIC/HEIF and AVIF sources ----------------------------------------------------------------
# Written by encoders that are not ours: heif-enc (libheif with x265) and avifenc (libavif with
# aom, single-threaded). Both are deterministic for the same input and version.
halves 64 48 | im miff:- -strip "${PNG_CLEAN[@]}" PNG24:"$WORK/halves.png"
heif-enc -q 90 -o "$OUT/halves.heic" "$WORK/halves.png" >/dev/null
avifenc --jobs 1 --speed 6 --min 8 --max 16 "$WORK/halves.png" "$OUT/halves.avif" >/dev/null
# Transparency: rgba.png's alpha plane (left half opaque blue, right half transparent).
avifenc --jobs 1 --speed 6 --min 8 --max 16 "$OUT/rgba.png" "$OUT/rgba.avif" >/dev/null
# 10 bits per sample, as cameras and HDR tools write AVIF: libheif reduces it to 8 for us.
avifenc --jobs 1 --speed 6 --min 8 --max 16 --depth 10 "$WORK/halves.png" "$OUT/halves-10bit.avif" >/dev/null
# heif-enc keeps the JPEG's Display P3 profile as an ICC colr box: the reader must convert.
heif-enc -q 95 -o "$OUT/display-p3.heic" "$OUT/display-p3.jpg" >/dev/null
# The stored pixels of orientation-6.jpg (64x96, not auto-oriented) with irot 3, i.e. turn 270
# degrees anti-clockwise = 90 clockwise, to show as the 96x64 upright picture of the JPEG set.
im "$OUT/orientation-6.jpg" -strip "${PNG_CLEAN[@]}" PNG24:"$WORK/stored-6.png"
avifenc --jobs 1 --speed 6 --min 8 --max 16 --irot 3 "$WORK/stored-6.png" "$OUT/orientation-irot.avif" >/dev/null
# The stored pixels of orientation-2.jpg (the upright picture mirrored left-right) with imir
# mode 1 (mirror left-right): shown as the upright picture again.
im "$OUT/orientation-2.jpg" -strip "${PNG_CLEAN[@]}" PNG24:"$WORK/stored-2.png"
avifenc --jobs 1 --speed 6 --min 8 --max 16 --imir 1 "$WORK/stored-2.png" "$OUT/orientation-imir.avif" >/dev/null
# Self-check with heif-convert as the reference viewer: it applies irot and imir, so both show upright.
for f in orientation-irot.avif orientation-imir.avif; do
    heif-convert "$OUT/$f" "$WORK/shown.png" >/dev/null
    diff=$(compare -metric AE -fuzz 15% "$WORK/shown.png" "$WORK/upright.png" null: 2>&1 || true)
    [[ $diff == 0 ]] || { echo "$f does not show upright ($diff px differ)" >&2; exit 1; }
done

# --- Privacy ----------------------------------------------------------------------------------
# A photo-like JPEG carrying what a phone puts in: GPS position, camera make/model/serial, an XMP
# copy of the position and a comment. None of it may reach a thumbnail.
halves 120 80 | im miff:- -strip -quality 90 "$OUT/gps.jpg"
exiftool -q -overwrite_original -n \
    -GPSLatitude=52.516275 -GPSLatitudeRef=N -GPSLongitude=13.377704 -GPSLongitudeRef=E \
    -GPSAltitude=34 -GPSAltitudeRef=0 -Make=Thumbstream -Model=FixtureCam -SerialNumber=SN-4711 \
    -XMP-exif:GPSLatitude=52.516275 -XMP-exif:GPSLongitude=13.377704 -Comment='secret-comment-4711' \
    "$OUT/gps.jpg"

# --- A header that lies -----------------------------------------------------------------------
# A valid PNG signature and IHDR declaring 50000x50000 RGBA (10 GB decoded) followed by a tiny
# IDAT and IEND: a few dozen bytes that must be refused from the header alone.
perl -MCompress::Zlib -e '
    sub chunk { my ($type, $data) = @_; pack("N", length $data) . $type . $data . pack("N", crc32($type . $data)) }
    binmode STDOUT;
    print "\x89PNG\r\n\x1a\n",
        chunk("IHDR", pack("NNCCCCC", 50000, 50000, 8, 6, 0, 0, 0)),
        chunk("IDAT", compress("\0" x 64)),
        chunk("IEND", "");
' > "$OUT/huge-header.png"

ls -l "$OUT"
echo "total: $(du -cb "$OUT"/* | tail -1 | cut -f1) bytes"
