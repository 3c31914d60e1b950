# Thumbstream container image.
#
#   docker build -t thumbstream .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=... -e THUMBSTREAM_S3_ENDPOINT=... thumbstream
#   docker run --rm thumbstream demo        # any other subcommand replaces the default `run`
#
# Plain Dockerfile syntax only (no BuildKit cache mounts): docker-compose v1 and older engines
# build it with the classic builder too.

# ---- build: the same Maven build as `make build`, without the tests (CI runs those) -------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build

# Dependencies first, in their own layer, so a source-only change does not download the world
# again. go-offline misses a few artifacts resolved late (e.g. shade's), which `package` fetches.
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline

COPY . .
RUN mvn -B -ntp -DskipTests -DskipITs package

# ---- runtime: JRE only -------------------------------------------------------------------------
# eclipse-temurin's JRE images are Ubuntu: the TurboJPEG runtime (libturbojpeg.so.0, for the fast
# JPEG path) is the package `libturbojpeg` there; Debian calls the same library `libturbojpeg0`.
FROM eclipse-temurin:25-jre AS runtime

RUN apt-get update \
    && apt-get install -y --no-install-recommends libturbojpeg \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric uid/gid: Kubernetes' runAsNonRoot can only verify a numeric USER, and the k8s
# manifests pin the same ids (runAsUser/runAsGroup 10001).
RUN groupadd --system --gid 10001 thumbstream \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin thumbstream

WORKDIR /app
# Owned by root and read-only to the service user: the process cannot rewrite its own code.
COPY --from=build /build/target/thumbstream.jar /app/thumbstream.jar

# Heap follows the container's memory limit instead of the host's RAM; an OutOfMemoryError stops
# the process (the orchestrator restarts it) rather than leaving a half-working consumer in the
# group. In JAVA_TOOL_OPTIONS, not the ENTRYPOINT, so a deployment can replace them without
# rewriting the command.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"

USER 10001:10001

# Management HTTP: /healthz, /readyz, /metrics (THUMBSTREAM_HTTP_PORT, default 8080).
EXPOSE 8080

# java is PID 1, so SIGTERM reaches the JVM directly and the shutdown hook drains and commits.
ENTRYPOINT ["java", "-jar", "/app/thumbstream.jar"]
CMD ["run"]
