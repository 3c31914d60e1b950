#!/usr/bin/env bash
# The service image's default base: a Java 25 runtime made with jlink and the few Debian shared
# libraries the service loads, nothing else (no package manager, no perl, no bash, no coreutils).
#
#   scripts/runtime-base.sh JAR       prints the image name; builds it only when the tag is absent
#
# Built on the host, not in a Dockerfile stage, so it needs no registry image and works offline
# once the Debian packages are reachable:
#   - the runtime: `jlink` from the Temurin 25 JDK on this machine ($THUMBSTREAM_JDK25, default
#     /usr/lib/jvm/temurin-25-jdk-ARCH; it links from its runtime image, no jmods needed), with the
#     modules `jdeps --print-module-deps` finds in JAR plus what it cannot see (EXTRA_MODULES), and
#     without the AWT/X11 and sound libraries a headless service never loads;
#   - the libraries: Debian 12's codec packages (libjpeg-turbo, libwebp, libheif with its AV1 and
#     HEVC decoders and AV1 encoder, libdeflate) extracted by mmdebstrap, of which only the ELF
#     files reachable through DT_NEEDED from the codecs, the runtime, the jar's JNI libraries for
#     this architecture and busybox are kept;
#   - busybox (sh, ls, id, cat, env, ps, touch): the shell the Dockerfile's RUN step and
#     `docker exec` need, 1 MB instead of bash + coreutils;
#   - /etc/passwd and /etc/group with the service user (uid/gid 10001), /tmp (1777), and a marker
#     file /etc/thumbstream-runtime listing what went in (the Dockerfile's RUN step skips on it).
# Debian 12's libheif (1.15) is one library linked against libx265, the HEVC *encoder* (16 MB with
# libnuma), which the service never calls (it writes AVIF through aom). The base carries a stub
# libx265.so.199 instead: its one symbol, x265_api_get_199, returns NULL (no x265 API), which is
# all libheif links against (checked below; the build fails if that changes).
#
# The tag ends in a hash of the inputs (this script, the JDK release, the module list, the package
# list, the architecture), so a change builds a new base instead of reusing a stale one. The image's
# architecture is the build machine's (dpkg --print-architecture: amd64 or arm64).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${1:?usage: scripts/runtime-base.sh JAR}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ARCH=$(dpkg --print-architecture)
case "$ARCH" in
  amd64) TRIPLET=x86_64-linux-gnu ;;
  arm64) TRIPLET=aarch64-linux-gnu ;;
  *) echo "runtime-base: architecture $ARCH is not supported (amd64, arm64)" >&2; exit 1 ;;
esac
JDK=${THUMBSTREAM_JDK25:-/usr/lib/jvm/temurin-25-jdk-$ARCH}
[ -x "$JDK/bin/jlink" ] || { echo "runtime-base: no JDK 25 with jlink at $JDK (set THUMBSTREAM_JDK25)" >&2; exit 1; }
grep -q '^JAVA_VERSION="25' "$JDK/release" || { echo "runtime-base: $JDK is not a JDK 25" >&2; exit 1; }

# What jdeps cannot see: TLS with EC keys and certificates (jdk.crypto.ec; empty since JDK 22, EC
# is in java.base, kept so the list also links on older JDKs), and the JAAS Kerberos login module a
# Kafka client with SASL/GSSAPI names in its JAAS config (jdk.security.auth).
EXTRA_MODULES=jdk.crypto.ec,jdk.security.auth
# The codec libraries the service opens through JNA (soname: Debian package), and busybox.
CODECS="libturbojpeg.so.0 libwebp.so.7 libheif.so.1 libdeflate.so.0"
PACKAGES=libc6,libturbojpeg0,libwebp7,libheif1,libdeflate0,busybox
APPLETS="sh ls id cat env ps touch"

work=target/runtime-base
mkdir -p "$work"

# jdeps reads the whole jar (15-30 s): cached per jar content.
jar_sum=$(sha256sum "$JAR" | cut -c1-16)
if [ ! -s "$work/modules-$jar_sum" ]; then
  "$JDK/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps "$JAR" \
    | tail -n1 > "$work/modules-$jar_sum"
fi
MODULES="$(cat "$work/modules-$jar_sum"),$EXTRA_MODULES"

# The jar's JNI libraries for this architecture (RocksDB, zstd, lz4, snappy, JNA's stub): their
# dependencies must be in the base too. What they need goes into the tag's hash.
jni="$work/jni"
rm -rf "$jni"
mkdir -p "$jni"
unzip -q -o "$JAR" '*.so' -d "$jni" 2>/dev/null || true
machine=$(readelf -h "$JDK/lib/server/libjvm.so" | sed -n 's/^ *Machine: *//p')
jni_libs=()
for f in $(find "$jni" -name '*.so' | sort); do
  if [ "$(readelf -h "$f" | sed -n 's/^ *Machine: *//p')" = "$machine" ]; then jni_libs+=("$f"); fi
done
jni_needed=$(for f in "${jni_libs[@]}"; do readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; done | sort -u | tr '\n' ' ')

hash=$( { cat "$0"; cat "$JDK/release"; echo "$MODULES $PACKAGES $ARCH $jni_needed"; } | sha256sum | cut -c1-8)
IMAGE=${THUMBSTREAM_RUNTIME_BASE:-thumbstream-base/runtime:25-$SUITE-$hash}
ALIAS=thumbstream-base/runtime:25-$SUITE

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE"
  exit 0
fi

if ! command -v mmdebstrap >/dev/null 2>&1 || ! command -v gcc >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
    || { echo "runtime-base: mmdebstrap and gcc are needed (apt-get install mmdebstrap gcc)" >&2; exit 1; }
  echo "runtime-base: installing mmdebstrap, gcc" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends mmdebstrap gcc >/dev/null
fi

started=$(date +%s)
echo "runtime-base: building $IMAGE ($ARCH; modules $MODULES; Debian $SUITE $PACKAGES)" >&2
ctx="$work/context"
tree="$work/debian"
rootfs="$ctx/rootfs"
rm -rf "$ctx" "$tree"
mkdir -p "$rootfs"

# 1. The Java runtime. Excluded: the X11 toolkit, AWT's JAWT bridge, the splash screen and sound
# (they need libX11/libasound, which are not there and which a headless service never loads), and
# the jwebserver launcher. No CDS archive: --generate-cds-archive adds ~15 MB; issue 22's AOT cache
# replaces it.
"$JDK/bin/jlink" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --exclude-files='**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so,**/bin/jwebserver' \
  --output "$ctx/java" >&2

# 2. The Debian packages, extracted (not installed: no dpkg, no maintainer scripts).
mmdebstrap --quiet --variant=extract --include="$PACKAGES" --skip=cleanup/apt/cache \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  "$SUITE" "$tree" "$MIRROR" >&2

# 3. Only what is loaded: the DT_NEEDED closure of the codecs, the runtime's ELF files and busybox.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
find_lib() {
  local dir
  for dir in "lib/$TRIPLET" "usr/lib/$TRIPLET"; do
    [ -e "$tree/$dir/$1" ] && { echo "$dir/$1"; return; }
  done
  return 1
}
declare -A seen=()
queue=()
for f in $(find "$ctx/java" -type f \( -name '*.so' -o -path '*/bin/*' \)); do
  queue+=("$f")
  seen[$(basename "$f")]=jdk
done
for f in "${jni_libs[@]}"; do queue+=("$f"); done
for name in $CODECS; do queue+=("lib:$name"); done
busybox=$tree/bin/busybox
[ -x "$busybox" ] || busybox=$tree/usr/bin/busybox
queue+=("$busybox")
while [ ${#queue[@]} -gt 0 ]; do
  item=${queue[0]}
  queue=("${queue[@]:1}")
  if [[ $item == lib:* ]]; then
    name=${item#lib:}
    [ -n "${seen[$name]:-}" ] && continue
    seen[$name]=1
    if [[ $name == libx265.so.* ]]; then
      continue # replaced by the stub below
    fi
    rel=$(find_lib "$name") || { echo "runtime-base: $name not found in the Debian packages" >&2; exit 1; }
    mkdir -p "$rootfs/$(dirname "$rel")"
    cp -L "$tree/$rel" "$rootfs/$rel"
    item="$tree/$rel"
  fi
  for dep in $(needed "$item"); do
    [ -z "${seen[$dep]:-}" ] && queue+=("lib:$dep")
  done
done

# The x265 stub, after checking that libheif needs nothing else from x265.
heif="$tree/$(find_lib libheif.so.1)"
x265_symbols=$(nm -D --undefined-only "$heif" | awk '$2 ~ /^x265_/ {print $2}' | tr '\n' ' ')
x265_soname=$(needed "$heif" | grep '^libx265\.so\.' || true)
if [ -n "$x265_soname" ]; then
  [ "$x265_symbols" = "x265_api_get_199 " ] && [ "$x265_soname" = libx265.so.199 ] \
    || { echo "runtime-base: libheif now links $x265_soname ($x265_symbols); update the stub" >&2; exit 1; }
  printf '%s\n' '/* libheif links x265 (HEVC encoding); the service never encodes HEVC. No API here. */' \
    'void *x265_api_get_199(int bit_depth) { (void) bit_depth; return 0; }' > "$work/x265-stub.c"
  gcc -shared -fPIC -O2 -nostdlib -Wl,-soname,libx265.so.199 -Wl,-z,now \
    -o "$rootfs/usr/lib/$TRIPLET/libx265.so.199" "$work/x265-stub.c"
fi

# The program interpreter at the path the binaries ask for (/lib64/ld-linux-x86-64.so.2 on amd64).
interp=$(readelf -l "$busybox" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
if [ ! -e "$rootfs$interp" ]; then
  mkdir -p "$rootfs$(dirname "$interp")"
  ln -s "/lib/$TRIPLET/$(basename "$interp")" "$rootfs$interp"
fi
[ -e "$rootfs/lib/$TRIPLET/$(basename "$interp")" ] || { echo "runtime-base: $interp missing" >&2; exit 1; }

mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/usr/share/doc"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $APPLETS; do ln -s busybox "$rootfs/bin/$applet"; done
# Licences of every package a file was taken from (Debian's copyright files; the .debs are kept
# in the tree's apt cache by --skip=cleanup/apt/cache for exactly this).
for deb in "$tree"/var/cache/apt/archives/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  [[ $pkg == libx265-* ]] && continue # only its soname went in, as the stub
  for f in $(dpkg-deb -c "$deb" | awk '{print substr($6, 2)}'); do
    if [ -f "$rootfs$f" ] && [ -f "$tree/usr/share/doc/$pkg/copyright" ]; then
      mkdir -p "$rootfs/usr/share/doc/$pkg"
      cp "$tree/usr/share/doc/$pkg/copyright" "$rootfs/usr/share/doc/$pkg/"
      break
    fi
  done
done
printf 'root:x:0:0:root:/root:/bin/sh\nthumbstream:x:10001:10001:thumbstream:/nonexistent:/sbin/nologin\n' \
  > "$rootfs/etc/passwd"
printf 'root:x:0:\nthumbstream:x:10001:\n' > "$rootfs/etc/group"
install -d -m 1777 "$rootfs/tmp"
{
  echo "# Thumbstream runtime base ($IMAGE), built by scripts/runtime-base.sh"
  echo "java: $(sed -n 's/^IMPLEMENTOR_VERSION=//p' "$JDK/release" | tr -d '"') jlink --add-modules $MODULES"
  echo "debian: $SUITE $ARCH, from $PACKAGES:"
  (cd "$rootfs" && find lib usr/lib bin -type f | sort | sed 's/^/  \//; s/libx265.so.199$/& (stub: no HEVC encoder)/')
} > "$rootfs/etc/thumbstream-runtime"

# Two layers, so `docker history` tells the libraries from the runtime.
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
COPY java/ /opt/java/openjdk/
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    JAVA_HOME=/opt/java/openjdk \
    LANG=C.UTF-8
CMD ["java", "-version"]
DOCKERFILE
docker build -q -t "$IMAGE" -t "$ALIAS" "$ctx" >/dev/null
rm -rf "$tree"
echo "runtime-base: $IMAGE built in $(( $(date +%s) - started )) s" >&2
echo "$IMAGE"
