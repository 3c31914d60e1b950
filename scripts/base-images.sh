#!/usr/bin/env bash
# Local stand-in for the registry's JRE image, built from Debian packages, for machines that cannot
# pull from Docker Hub (the Dockerfile's default base, eclipse-temurin, lives there).
#
#   scripts/base-images.sh            prints the image name; builds it only when the tag is absent
#
# mmdebstrap writes a minimal Debian root filesystem with a JRE and the native codec libraries the
# service loads through JNA (libjpeg-turbo, libwebp, libheif, libdeflate), `docker import` turns it
# into an image. About 1-2 minutes and ~100 MB of downloads, once per machine: the tag is the cache.
# The tag ends in a hash of the package list, so adding a package builds a new image instead of
# reusing an old one that lacks it (THUMBSTREAM_BASE_IMAGE overrides the whole name).
# The same image is the base of the test-only broker and S3 images (they need a JRE too).
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES=openjdk-17-jre-headless,libturbojpeg0,libwebp7,libheif1,libdeflate0,ca-certificates
IMAGE=${THUMBSTREAM_BASE_IMAGE:-thumbstream-base/jre:17-$SUITE-$(printf '%s' "$PACKAGES" | sha256sum | cut -c1-8)}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE"
  exit 0
fi

if ! command -v mmdebstrap >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
    || { echo "base-images: mmdebstrap is missing and cannot be installed here (needs root and apt-get)" >&2; exit 1; }
  echo "base-images: installing mmdebstrap" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

mkdir -p target/base-images
ROOTFS=target/base-images/rootfs.tar
started=$(date +%s)
echo "base-images: building $IMAGE from Debian $SUITE ($PACKAGES)" >&2
# Docs, man pages and translations are dropped while unpacking: nothing in a container reads them.
# The JRE's postinst registers man pages with update-alternatives, which fails without the man1
# directory: the hook creates it (empty) before the packages are configured.
mmdebstrap --quiet --variant=minbase --include="$PACKAGES" \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  "$SUITE" "$ROOTFS" "$MIRROR" >&2
# PATH is not set by `docker import`; the JRE is on it through /usr/bin/java (alternatives).
docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' "$ROOTFS" "$IMAGE" >/dev/null
rm -f "$ROOTFS"
echo "base-images: $IMAGE built in $(( $(date +%s) - started )) s" >&2
echo "$IMAGE"
