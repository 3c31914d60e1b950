# Thumbstream container image: the production jar on a Java 25 runtime, nothing else.
#
#   make image                      # mvn package, then this build; prints the size and the layers
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=... -e THUMBSTREAM_S3_ENDPOINT=... thumbstream:0.1.0
#
# The jar is built on the host by Maven (`make build`/`make image`), not inside a build stage: the
# same classes the tests ran against go into the image, the build needs no Maven image and no
# second download of the dependencies, and it works offline. `scripts/image.sh` (`make image`)
# prepares the build context, target/image/thumbstream.jar: the Maven jar without the JNI
# libraries of other platforms (.dockerignore lets nothing else in; the dev jar never enters it).
#
# Plain Dockerfile syntax only (no BuildKit features): docker-compose v1 and older engines build it
# with the classic builder too.

# The runtime base. Default: the minimal one `scripts/runtime-base.sh` builds on the host (make
# image does; it also tags this alias): a jlink-made Java 25 runtime under /opt/java/openjdk, the
# Debian 12 codec libraries and their dependencies, busybox for a shell, the service user; no
# package manager. Or any JRE (17 or newer) image on Debian or Ubuntu, e.g.
# `--build-arg RUNTIME_IMAGE=eclipse-temurin:25-jre` from a registry: then the RUN step below
# installs the codec packages with apt-get and creates the user (an image of about 400 MB).
ARG RUNTIME_IMAGE=thumbstream-base/runtime:25-bookworm
FROM ${RUNTIME_IMAGE} AS untrained

# Native codecs the service loads through JNA: libjpeg-turbo (fast JPEG path), libwebp and libheif
# (WebP, HEIC/AVIF), libdeflate (fast PNG inflate). Nothing to do on the default base (its
# /etc/thumbstream-runtime says what it carries). On another base they are installed only when
# missing, so a base that already carries them builds offline. The package names differ by
# distribution: eclipse-temurin's images are Ubuntu (`libturbojpeg`), Debian calls the same library
# `libturbojpeg0`; `libdeflate0` is the name in both.
# A fixed numeric uid/gid: Kubernetes' runAsNonRoot can only verify a numeric USER, and the k8s
# manifests pin the same ids (runAsUser/runAsGroup 10001); the default base has them already.
ARG NATIVE_PACKAGES="libturbojpeg libwebp7 libheif1 libdeflate0"
RUN set -e; \
    if [ -f /etc/thumbstream-runtime ]; then exit 0; fi; \
    missing=; \
    for lib in libturbojpeg.so.0 libwebp.so.7 libheif.so.1 libdeflate.so.0; do \
      ldconfig -p | grep -q "$lib" || missing="$missing $lib"; \
    done; \
    if [ -n "$missing" ]; then \
      echo "installing $NATIVE_PACKAGES for:$missing"; \
      apt-get update \
      && apt-get install -y --no-install-recommends $NATIVE_PACKAGES \
      && rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 thumbstream; \
    useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin thumbstream

WORKDIR /app
# Owned by root and read-only to the service user: the process cannot rewrite its own code.
COPY target/image/thumbstream.jar /app/thumbstream.jar

# Heap follows the container's memory limit instead of the host's RAM; an OutOfMemoryError stops
# the process (the orchestrator restarts it) rather than leaving a half-working consumer in the
# group. The throughput collector: this service allocates large short-lived arrays (downloaded
# sources, decoded pixels); G1 treats each array over half a region as humongous and starts a
# concurrent cycle for many of them (GC CPU per upload under each collector: docs/performance.md
# and docs/operations.md, Sizing), and no request here waits on a pause of a few milliseconds. In JAVA_TOOL_OPTIONS, not the ENTRYPOINT, so a deployment can replace them
# without rewriting the command.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=55 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Djdk.nio.maxCachedBufferSize=262144"
# Memory model (docs/memory.md): the heap is 55 % of the limit; the rest holds the native codec
# budget (a quarter of the heap), RocksDB's bounded cache, metaspace, code cache, thread stacks and
# malloc's arenas, whose count MALLOC_ARENA_MAX caps (glibc's default, 8 per core, lets freed codec
# buffers linger in many arenas). NIO caches temporary direct buffers per thread up to 256 KiB only.
ENV MALLOC_ARENA_MAX=2

USER 10001:10001

# Management HTTP: /healthz, /readyz, /metrics (THUMBSTREAM_HTTP_PORT, default 8080).
EXPOSE 8080

# java is PID 1, so SIGTERM reaches the JVM directly and the shutdown hook drains and commits.
ENTRYPOINT ["java", "-jar", "/app/thumbstream.jar"]
CMD ["run"]

# The image `make image` ships: the stage above plus the JDK's AOT cache (JEP 483 classes loaded
# and linked, JEP 515 method profiles) that scripts/image.sh recorded by running the stage above,
# the same runtime and the same /app/thumbstream.jar, over a training workload
# (-XX:AOTCacheOutput). The JVM maps it at start when it matches its runtime and class path and
# says why not otherwise (-Xlog:aot); it then starts as without it. Built alone (`docker build
# .`) this stage needs target/image/thumbstream.aot: `--target untrained` builds without a cache.
# A deployment that sets its own JAVA_TOOL_OPTIONS keeps the cache only by repeating
# -XX:AOTCache=/app/thumbstream.aot (docs/operations.md, Start-up).
FROM untrained
COPY target/image/thumbstream.aot /app/thumbstream.aot
ENV JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS} -XX:AOTCache=/app/thumbstream.aot"
