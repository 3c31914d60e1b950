package thumbstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import thumbstream.config.S3Settings;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;

/**
 * The service image from a cold start, with and without its AOT cache (issue 22 item 2), and the
 * training workload that cache is recorded from.
 *
 * <ul>
 *   <li>{@link #train}: what {@code scripts/image.sh} runs against the training container
 *       ({@code bench --aot-training PORT}, broker and S3 server from the environment, as
 *       {@code thumbstream infra} prints them): a small generated corpus of JPEGs and PNGs, each
 *       announced three times under its own key: a bare event (bucket + key), an S3 bucket
 *       notification ({@code Records}, with ETag and size) and a backfill job's event on the
 *       backfill lane between the job's two announcements (so job progress is trained too).
 *   <li>{@link #measure}: {@code thumbstream infra} on the host, then the image started {@code
 *       runs} times with its cache and as many without (the same JAVA_TOOL_OPTIONS minus
 *       {@code -XX:AOTCache=…}), alternating, on the host network. Per start: {@code docker run} to
 *       {@code /readyz} 200, the container's process start (docker's StartedAt; java is PID 1) to ready, CPU until ready, then two passes over
 *       the corpus (first pass after start, second pass), one bare, one notification-shaped, which
 *       comes first alternating too: the container's CPU per upload from its cgroup
 *       ({@code cpuacct.usage}) and the JIT compiler threads' share from {@code /proc/PID/task}.
 * </ul>
 */
public final class ColdStartBench {

    /** The training corpus: mostly ~1 MP product JPEGs, a few larger JPEGs, a few PNGs. */
    static final List<CorpusGenerator.Kind> TRAINING = List.of(
            new CorpusGenerator.Kind("product", 120, 0.9, 1.1, "jpg", 6),
            new CorpusGenerator.Kind("large", 4, 6, 12, "jpg", 6),
            new CorpusGenerator.Kind("png", 6, 1, 3, "png", 2));

    private static final Duration RESULTS_TIMEOUT = Duration.ofMinutes(10);
    private static final String GROUP = "thumbstream-cold-start";

    private ColdStartBench() {}

    // ---------------------------------------------------------------- training

    /** The training workload against a service whose management port is {@code httpPort}. */
    static int train(Map<String, String> env, int httpPort, Path out, PrintStream log) throws Exception {
        long started = System.nanoTime();
        List<Path> files = files(CorpusGenerator.ensure(out.resolve("corpus"), TRAINING, 2));
        String bootstrap = required(env, "KAFKA_BOOTSTRAP_SERVERS");
        awaitReady(httpPort, null, Duration.ofMinutes(3));
        try (Feeder feeder = new Feeder(env)) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            List<Uploaded> bare = feeder.upload(files, "aot-training/" + run + "/bare/");
            List<Uploaded> notified = feeder.upload(files, "aot-training/" + run + "/notification/");
            String prefix = "aot-training/" + run + "/job/";
            List<Uploaded> job = feeder.upload(files, prefix);
            Set<String> expected = new HashSet<>();
            for (List<Uploaded> set : List.of(bare, notified, job)) {
                set.forEach(u -> expected.add(u.key()));
            }
            try (ResultsReader reader = new ResultsReader(bootstrap, Topics.DEFAULT.results())) {
                feeder.publish(bare, EventShape.BARE);
                feeder.publish(notified, EventShape.NOTIFICATION);
                feeder.job("aot-training-" + run, prefix, job);
                Set<String> seen = new HashSet<>();
                reader.readUntil(r -> seen.containsAll(expected), RESULTS_TIMEOUT, e -> seen.add(e.key()));
                if (!seen.containsAll(expected)) {
                    log.printf("aot-training: only %d of %d results arrived%n", seen.size(), expected.size());
                    return 1;
                }
            }
            // The management pages a pod serves: job progress, metrics, the status page.
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/jobs", "/jobs/aot-training-" + run, "/metrics", "/", "/healthz")) {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            log.printf(
                    Locale.ROOT,
                    "aot-training: %d uploads (%d sources x bare, notification, job) in %.1f s%n",
                    expected.size(),
                    files.size(),
                    (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    // ---------------------------------------------------------------- measurement

    /** One start of the image. */
    record Start(
            String variant,
            double runToReadyMs,
            double jvmToReadyMs,
            double cpuToReadyMs,
            EventShape firstShape,
            double firstCpuMs,
            double firstJitShare,
            double secondCpuMs,
            double secondJitShare,
            double lastCpuMs,
            double lastJitShare) {}

    /** One way of starting: an image and the JAVA_TOOL_OPTIONS it is started with. */
    record Variant(String name, String image, String options) {}

    /**
     * The variants of {@code bench --cold-start IMAGE[,MORE...]}: the first image with its AOT cache
     * ({@code aot}) and without ({@code no-aot}); then each further entry, either another image
     * with its own JAVA_TOOL_OPTIONS (named by its tag) or {@code IMAGE+OPTIONS}: that image's
     * JAVA_TOOL_OPTIONS followed by OPTIONS (named {@code +OPTIONS}).
     */
    static List<Variant> variants(String spec, java.util.function.Function<String, String> javaToolOptions) {
        List<String> entries = List.of(spec.split(","));
        String image = entries.get(0).strip();
        String withCache = javaToolOptions.apply(image);
        if (!withCache.contains("-XX:AOTCache=")) {
            throw new IllegalArgumentException(image + "'s JAVA_TOOL_OPTIONS has no -XX:AOTCache=: nothing to compare");
        }
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("aot", image, withCache));
        variants.add(new Variant(
                "no-aot",
                image,
                withCache.replaceAll("\\s*-XX:AOTCache=\\S+", "").trim()));
        for (String entry : entries.subList(1, entries.size())) {
            int plus = entry.indexOf('+');
            String other = (plus < 0 ? entry : entry.substring(0, plus)).strip();
            String options = javaToolOptions.apply(other);
            if (plus < 0) {
                variants.add(new Variant(other.substring(other.indexOf(':') + 1), other, options));
            } else {
                String extra = entry.substring(plus + 1).strip();
                // The cache stays last: options after -XX:AOTCache apply all the same.
                variants.add(new Variant("+" + extra, other, (options + " " + extra).trim()));
            }
        }
        return List.copyOf(variants);
    }

    /** {@code bench --cold-start IMAGE[,MORE...]}: see the class comment. Returns the exit code. */
    static int measure(String spec, List<Corpus> corpora, int runs, int passes, Path out, PrintStream log)
            throws Exception {
        List<Variant> variants;
        try {
            variants = variants(spec, ColdStartBench::javaToolOptionsUnchecked);
        } catch (IllegalArgumentException e) {
            log.println("cold-start: " + e.getMessage());
            return 2;
        }
        String image = variants.get(0).image();
        List<Path> files = new ArrayList<>();
        corpora.forEach(c -> files.addAll(c.files()));
        Path dir = out.resolve("cold-start");
        List<Start> starts = new ArrayList<>();
        try (ChildJvm infra = ChildJvm.infra(dir)) {
            Map<String, String> env = infra.awaitExports(Duration.ofMinutes(2));
            try (Feeder feeder = new Feeder(env)) {
                List<Uploaded> sources = feeder.upload(files, "cold-start/");
                log.printf(
                        "cold-start: %s, %d uploads per pass (%s), %d starts of each variant: %s%n",
                        image,
                        sources.size(),
                        corpora.stream().map(c -> c.name() + " " + c.size()).toList(),
                        runs,
                        variants.stream()
                                .map(v -> v.name() + " = " + v.image() + " " + v.options())
                                .toList());
                log.println("  variant         shape-1st  run->ready  jvm->ready  cpu->ready   1st pass ms/upload (JIT)"
                        + "   2nd pass ms/upload (JIT)");
                for (int rep = 0; rep < runs; rep++) {
                    EventShape first = (rep / 2) % 2 == 0 ? EventShape.BARE : EventShape.NOTIFICATION;
                    // In turn: each variant starts first once every variants.size() reps.
                    for (int i = 0; i < variants.size(); i++) {
                        Variant variant = variants.get((i + rep) % variants.size());
                        Start s = start(
                                variant.image(),
                                variant.name(),
                                variant.options(),
                                env,
                                feeder,
                                sources,
                                first,
                                passes,
                                dir);
                        starts.add(s);
                        log.printf(
                                Locale.ROOT,
                                "  %-14s  %-9s  %7.0f ms  %7.0f ms  %7.0f ms   %8.2f (%4.1f%%)            %8.2f (%4.1f%%)"
                                        + (passes > 2 ? "   pass %d: %8.2f (%4.1f%%)" : "")
                                        + "%n",
                                s.variant(),
                                s.firstShape().name().toLowerCase(Locale.ROOT),
                                s.runToReadyMs(),
                                s.jvmToReadyMs(),
                                s.cpuToReadyMs(),
                                s.firstCpuMs(),
                                100 * s.firstJitShare(),
                                s.secondCpuMs(),
                                100 * s.secondJitShare(),
                                passes,
                                s.lastCpuMs(),
                                100 * s.lastJitShare());
                    }
                }
            }
        }
        log.println("cold-start: medians");
        log.println("  variant         run->ready  jvm->ready  cpu->ready   bare 1st  notif. 1st  bare 2nd  notif. 2nd"
                + "  (CPU ms/upload)");
        for (String variant : variants.stream().map(Variant::name).toList()) {
            List<Start> v =
                    starts.stream().filter(s -> s.variant().equals(variant)).toList();
            log.printf(
                    Locale.ROOT,
                    "  %-14s  %7.0f ms  %7.0f ms  %7.0f ms   %8.2f  %10.2f  %8.2f  %10.2f%n",
                    variant,
                    Stats.median(v.stream().map(Start::runToReadyMs).toList()),
                    Stats.median(v.stream().map(Start::jvmToReadyMs).toList()),
                    Stats.median(v.stream().map(Start::cpuToReadyMs).toList()),
                    median(v, EventShape.BARE, true),
                    median(v, EventShape.NOTIFICATION, true),
                    median(v, EventShape.NOTIFICATION, false),
                    median(v, EventShape.BARE, false));
            if (passes > 2) {
                log.printf(
                        Locale.ROOT,
                        "  %-14s  pass %d (either shape): %.2f CPU ms/upload, JIT %.1f%%%n",
                        variant,
                        passes,
                        Stats.median(v.stream().map(Start::lastCpuMs).toList()),
                        100 * Stats.median(v.stream().map(Start::lastJitShare).toList()));
            }
        }
        return 0;
    }

    /** Median CPU per upload of the passes in which {@code shape} came first ({@code first}) or second. */
    private static double median(List<Start> starts, EventShape firstShape, boolean first) {
        List<Double> values = starts.stream()
                .filter(s -> s.firstShape() == firstShape)
                .map(s -> first ? s.firstCpuMs() : s.secondCpuMs())
                .toList();
        return values.isEmpty() ? Double.NaN : Stats.median(values);
    }

    private static Start start(
            String image,
            String variant,
            String javaToolOptions,
            Map<String, String> env,
            Feeder feeder,
            List<Uploaded> sources,
            EventShape first,
            int passes,
            Path log)
            throws Exception {
        int port = EndToEndBench.freePort();
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--network", "host"));
        Map<String, String> containerEnv = new LinkedHashMap<>(env);
        containerEnv.put("THUMBSTREAM_HTTP_PORT", Integer.toString(port));
        // The host network: listen on loopback only, as every server this bench starts.
        containerEnv.put("THUMBSTREAM_HTTP_BIND", "127.0.0.1");
        containerEnv.put("THUMBSTREAM_GROUP_ID", GROUP);
        containerEnv.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        containerEnv.forEach((k, v) -> command.addAll(List.of("-e", k + "=" + v)));
        command.add(image);
        long t0 = System.nanoTime();
        String id = docker(command).strip();
        try {
            long readyNanos = awaitReady(port, id, Duration.ofMinutes(2));
            Instant readyAt = Instant.now();
            long cpuAtReady = containerCpuNanos(id);
            String[] state = docker(List.of("docker", "inspect", "--format", "{{.State.Pid}} {{.State.StartedAt}}", id))
                    .strip()
                    .split(" ");
            long pid = Long.parseLong(state[0]);
            // The engine's start of the container's process (java is PID 1), on this machine's clock.
            Instant jvmStart = Instant.parse(state[1]);
            double[] pass1 = pass(id, pid, feeder, sources, first);
            EventShape other = first == EventShape.BARE ? EventShape.NOTIFICATION : EventShape.BARE;
            double[] pass2 = pass(id, pid, feeder, sources, other);
            double[] last = pass2;
            for (int p = 3; p <= passes; p++) {
                last = pass(id, pid, feeder, sources, p % 2 == 1 ? first : other);
            }
            return new Start(
                    variant,
                    (readyNanos - t0) / 1e6,
                    Duration.between(jvmStart, readyAt).toNanos() / 1e6,
                    cpuAtReady / 1e6,
                    first,
                    pass1[0],
                    pass1[1],
                    pass2[0],
                    pass2[1],
                    last[0],
                    last[1]);
        } finally {
            docker(List.of("docker", "stop", "-t", "60", id));
            Files.writeString(
                    log.resolve(
                            variant.replaceAll("[^A-Za-z0-9._=-]", "_") + "-" + System.currentTimeMillis() + ".log"),
                    docker(List.of("docker", "logs", id)));
            docker(List.of("docker", "rm", id));
        }
    }

    /** One pass over {@code sources} as {@code shape}: {CPU ms per upload, JIT share}; thumbnails deleted after. */
    private static double[] pass(String id, long pid, Feeder feeder, List<Uploaded> sources, EventShape shape)
            throws Exception {
        Map<Long, ChildThreads.Task> before = ChildThreads.snapshot(pid);
        long cpu = containerCpuNanos(id);
        List<ThumbnailEvent> results = feeder.publishAndAwait(sources, shape);
        cpu = containerCpuNanos(id) - cpu;
        double jit = ChildThreads.jitShare(ChildThreads.since(before, ChildThreads.snapshot(pid)));
        feeder.forget(results);
        return new double[] {cpu / 1e6 / sources.size(), jit};
    }

    // ---------------------------------------------------------------- helpers

    private record Uploaded(String key, String etag, long size, String contentType) {
        /** Its upload event with ETag, size and type, which {@link EventShape#encode} leaves out or keeps. */
        UploadEvent event(String bucket) {
            return new UploadEvent(UploadEvent.Action.CREATED, bucket, key, etag, size, contentType, null, null, null);
        }
    }

    /** Uploads sources, publishes their events in either shape, reads results. */
    private static final class Feeder implements AutoCloseable {
        private final String bootstrap;
        private final MinioObjectStore store;
        private final KafkaProducer<String, byte[]> producer;

        Feeder(Map<String, String> env) {
            bootstrap = required(env, "KAFKA_BOOTSTRAP_SERVERS");
            store = new MinioObjectStore(new S3Settings(
                    required(env, "THUMBSTREAM_S3_ENDPOINT"),
                    required(env, "THUMBSTREAM_S3_ACCESS_KEY"),
                    required(env, "THUMBSTREAM_S3_SECRET_KEY"),
                    env.getOrDefault("THUMBSTREAM_S3_REGION", "us-east-1"),
                    true));
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName()));
        }

        List<Uploaded> upload(List<Path> files, String prefix) throws Exception {
            List<Uploaded> uploaded = new ArrayList<>();
            for (Path file : files) {
                String key = prefix + file.getParent().getFileName() + "/" + file.getFileName();
                String type = Files.probeContentType(file);
                type = type != null ? type : "application/octet-stream";
                byte[] bytes = Files.readAllBytes(file);
                store.put(DevInfrastructure.BUCKET, key, bytes, type, Map.of());
                String etag =
                        store.stat(DevInfrastructure.BUCKET, key).orElseThrow().etag();
                uploaded.add(new Uploaded(key, etag, bytes.length, type));
            }
            return uploaded;
        }

        void publish(List<Uploaded> uploads, EventShape shape) throws Exception {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Uploaded u : uploads) {
                byte[] value = shape.encode(u.event(DevInfrastructure.BUCKET));
                acks.add(producer.send(new ProducerRecord<>(
                        Topics.DEFAULT.uploads(), DevInfrastructure.BUCKET + "/" + u.key(), value)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(2, TimeUnit.MINUTES);
            }
        }

        /** A backfill job as {@code thumbstream backfill} sends it: announced, its events, announced with the total. */
        void job(String jobId, String prefix, List<Uploaded> uploads) throws Exception {
            JobAnnouncement started = JobAnnouncement.started(jobId, DevInfrastructure.BUCKET, prefix, Instant.now());
            producer.send(new ProducerRecord<>(Topics.DEFAULT.jobs(), jobId, started.toBytes()))
                    .get(2, TimeUnit.MINUTES);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Uploaded u : uploads) {
                UploadEvent event = new UploadEvent(
                        UploadEvent.Action.CREATED,
                        DevInfrastructure.BUCKET,
                        u.key(),
                        u.etag(),
                        u.size(),
                        u.contentType(),
                        jobId,
                        null,
                        null);
                acks.add(producer.send(
                        new ProducerRecord<>(Topics.DEFAULT.backfill(), event.objectRef(), EventJson.toBytes(event))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(2, TimeUnit.MINUTES);
            }
            producer.send(new ProducerRecord<>(
                            Topics.DEFAULT.jobs(),
                            jobId,
                            started.finished(uploads.size(), Instant.now()).toBytes()))
                    .get(2, TimeUnit.MINUTES);
        }

        List<ThumbnailEvent> publishAndAwait(List<Uploaded> uploads, EventShape shape) throws Exception {
            Set<String> expected = new HashSet<>();
            uploads.forEach(u -> expected.add(u.key()));
            Set<String> seen = new HashSet<>();
            try (ResultsReader reader = new ResultsReader(bootstrap, Topics.DEFAULT.results())) {
                publish(uploads, shape);
                List<ThumbnailEvent> results =
                        reader.readUntil(r -> seen.containsAll(expected), RESULTS_TIMEOUT, e -> seen.add(e.key()));
                if (!seen.containsAll(expected)) {
                    throw new IllegalStateException(
                            "only " + seen.size() + " of " + expected.size() + " results within " + RESULTS_TIMEOUT);
                }
                return results;
            }
        }

        void forget(List<ThumbnailEvent> results) throws Exception {
            for (ThumbnailEvent event : results) {
                for (ThumbnailEvent.RenditionResult r : event.renditions()) {
                    store.delete(event.bucket(), r.key());
                }
            }
        }

        @Override
        public void close() {
            producer.close();
            store.close();
        }
    }

    /**
     * Polls {@code /readyz} every 10 ms until it answers 200; returns System.nanoTime then. When
     * {@code container} is given, fails as soon as it is no longer running.
     */
    private static long awaitReady(int port, String container, Duration timeout) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (container != null && ++polls % 50 == 0) {
                String running = docker(List.of("docker", "inspect", "--format", "{{.State.Running}}", container));
                if (!running.strip().equals("true")) {
                    throw new IllegalStateException("container " + container + " stopped before it was ready: "
                            + docker(List.of("docker", "logs", container)));
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not ready on port " + port + " within " + timeout);
    }

    /** The container's CPU so far (all its processes), from its cgroup: v1 cpuacct.usage or v2 cpu.stat. */
    private static long containerCpuNanos(String id) throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/cpuacct/docker", id, "cpuacct.usage");
        if (Files.exists(v1)) {
            return Long.parseLong(Files.readString(v1).strip());
        }
        for (Path v2 : List.of(
                Path.of("/sys/fs/cgroup/system.slice", "docker-" + id + ".scope", "cpu.stat"),
                Path.of("/sys/fs/cgroup/docker", id, "cpu.stat"))) {
            if (Files.exists(v2)) {
                for (String line : Files.readAllLines(v2)) {
                    if (line.startsWith("usage_usec ")) {
                        return Long.parseLong(
                                        line.substring("usage_usec ".length()).strip())
                                * 1000;
                    }
                }
            }
        }
        throw new IllegalStateException("no cgroup CPU accounting found for container " + id);
    }

    private static String javaToolOptionsUnchecked(String image) {
        try {
            return javaToolOptions(image);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot inspect image " + image + ": " + e.getMessage(), e);
        }
    }

    private static String javaToolOptions(String image) throws Exception {
        String env = docker(
                List.of("docker", "image", "inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", image));
        for (String line : env.split("\n")) {
            if (line.startsWith("JAVA_TOOL_OPTIONS=")) {
                return line.substring("JAVA_TOOL_OPTIONS=".length());
            }
        }
        return "";
    }

    private static String docker(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static List<Path> files(List<Path> folders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            files.addAll(Corpus.of(folder).files());
        }
        return files;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    name + " is not set (start `thumbstream infra` and export what it prints)");
        }
        return value;
    }
}
