package thumbstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import thumbstream.config.S3Settings;
import thumbstream.config.Topics;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.storage.MinioObjectStore;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * The service as users run it: {@code thumbstream infra} (KRaft broker + S3 server) in one child
 * JVM, {@code thumbstream run} in another (by default on JDK 25, as the image runs it), this JVM
 * only uploading sources (not timed), announcing them on {@code uploads} in one {@link EventShape}
 * (bucket + key only, or the S3 notification shape with ETag and size) and reading the results. The
 * service's CPU is its own process's, so it can be set against the renderer alone.
 *
 * <p>Per corpus and event shape, in a fresh service process: {@code passes} bursts of every upload
 * right after start (the cold pass, the second, …: what a pod that KEDA just started costs), then
 * warm-up bursts until the service is in its steady state ({@link #warmUp}), then {@code rounds}
 * bursts of every upload (throughput and CPU; the thumbnails are deleted between rounds so each
 * round renders everything), then single uploads one at a time on the idle service (latency).
 */
public final class EndToEndBench implements AutoCloseable {

    /**
     * One corpus through the pipeline; medians over the rounds. {@code processCpuMsPerImage} is the
     * service process's own CPU (all its threads, GC and JIT included) per upload during a burst;
     * {@code infraCpuMsPerImage} that of the broker + S3 server process. Burst latencies are from
     * announcing all to each result (mostly queueing); idle latencies from announcing one upload
     * to its result with nothing else in flight, {@code idleJobP50Ms} the median of those uploads'
     * own job time in the service (the rest is Kafka both ways). Heap: the service's largest heap before a GC and
     * largest live set after one, under {@code maxHeapBytes} (its -Xmx).
     */
    public record Result(
            String corpus,
            int images,
            String renditions,
            int results,
            double seconds,
            double imagesPerSecond,
            double processCpuMsPerImage,
            double infraCpuMsPerImage,
            List<Double> roundsImagesPerSecond,
            List<Double> roundsCpuMsPerImage,
            double burstP50Ms,
            double burstP95Ms,
            double burstP99Ms,
            int idleSamples,
            double idleP50Ms,
            double idleP95Ms,
            double idleP99Ms,
            double idleJobP50Ms,
            long peakHeapBytes,
            long liveHeapBytes,
            long maxHeapBytes,
            long peakRssBytes,
            Map<String, Double> serviceCpuMsPerUploadByThread,
            WarmUp warmUp,
            double rendererCpuMsPerImage,
            List<Double> roundsRendererCpuMsPerImage,
            String shape,
            String serviceJava,
            double readySeconds,
            List<Pass> passes) {}

    /**
     * One pass of every upload through a service that started fresh before the first: {@code number}
     * 1 is the cold pass, 2 the second; {@code uploadsBefore} how many uploads the process had
     * rendered before this pass. CPU is the service process's over the pass, in all and by thread
     * group, per upload; {@code seconds} from announcing all to the last result.
     */
    public record Pass(
            int number,
            int uploads,
            int uploadsBefore,
            double cpuMsPerUpload,
            double seconds,
            Map<String, Double> cpuMsPerUploadByThread) {}

    /**
     * The service's JVM: the {@code java} launcher (the image runs JDK 25), its options and class
     * path (by default this JVM's, the dev jar).
     */
    public record ServiceJvm(String java, String jvmArgs, String classPath) {

        /** JDK 25 where it is installed (as in the image), else this JVM's java. */
        public static String defaultJava() {
            Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            return Files.isExecutable(jdk25) ? jdk25.toString() : ChildJvm.thisJava();
        }
    }

    /**
     * One timed pass of the renderer alone over the corpus, in this JVM: its process CPU per image.
     * Run before each service round, so the two are measured side by side: the machine's speed
     * drifts over minutes (other tenants, caches), and a ratio of figures taken minutes apart moved
     * by 10–30% between runs.
     */
    @FunctionalInterface
    public interface RendererPass {
        double cpuMsPerImage() throws Exception;
    }

    /**
     * How the service was warmed up before the timed rounds: {@code uploads} in {@code bursts},
     * {@code seconds} long; {@code lastJitShare} is the JIT compiler threads' share of the service's
     * CPU in the last warm-up window, {@code steady} whether it fell under {@link #STEADY_JIT_SHARE}.
     */
    public record WarmUp(int uploads, int bursts, double seconds, double lastJitShare, boolean steady) {}

    /**
     * The service counts as warmed up when compiling is less than this share of its CPU in a burst.
     * A service renders for hours; its first minutes, while C2 compiles the Kafka, HTTP and JSON
     * paths, are not what a catalogue run costs. The renderer alone is measured warmed up too.
     */
    static final double STEADY_JIT_SHARE = 0.03;

    /** A warm-up window holds at least this many uploads and {@link #WINDOW_CPU_NANOS} of service CPU. */
    static final int MIN_WARM_UP_UPLOADS = 200;

    static final long WINDOW_CPU_NANOS = 5_000_000_000L;

    /** Warm-up gives up (and says so in the result) after this long. */
    private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(5);

    /**
     * The service's JVM: a container-sized heap, so the peak-heap target is checked by running in
     * it, and the collector the image runs with (the Dockerfile's JAVA_TOOL_OPTIONS).
     */
    public static final String DEFAULT_SERVICE_JVM_ARGS = "-Xmx512m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
            + " -Djava.awt.headless=true -Djdk.nio.maxCachedBufferSize=262144";

    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private static final int IDLE_SAMPLES = 40;

    private final ChildJvm infra;
    private final Map<String, String> env;
    private final Path dataDir;
    private final ServiceJvm serviceJvm;
    private ChildJvm service;
    private ChildMemory memory;
    private double readySeconds;
    private int renderedSinceStart;
    private final String bootstrap;
    private final MinioObjectStore store;
    private final UploadPublisher publisher;
    private final List<RenditionSpec> specs;
    private final long maxHeapBytes;

    private EndToEndBench(
            ChildJvm infra,
            Map<String, String> env,
            Path dataDir,
            ServiceJvm serviceJvm,
            String bootstrap,
            S3Settings s3,
            List<RenditionSpec> specs,
            long maxHeapBytes) {
        this.infra = infra;
        this.env = env;
        this.dataDir = dataDir;
        this.serviceJvm = serviceJvm;
        this.bootstrap = bootstrap;
        this.specs = specs;
        this.maxHeapBytes = maxHeapBytes;
        this.store = new MinioObjectStore(s3);
        this.publisher = new UploadPublisher(bootstrap, Topics.DEFAULT.uploads());
    }

    /** Starts the infra process, then the service process ({@code serviceJvm}) with {@code specs}. */
    public static EndToEndBench start(Path dataDir, List<RenditionSpec> specs, ServiceJvm serviceJvm) throws Exception {
        ChildJvm infra = ChildJvm.infra(dataDir);
        EndToEndBench bench = null;
        try {
            Map<String, String> env = new LinkedHashMap<>(infra.awaitExports(Duration.ofMinutes(2)));
            env.put("THUMBSTREAM_RENDITIONS", RenditionSpec.canonical(specs));
            env.put("THUMBSTREAM_GROUP_ID", "thumbstream-bench");
            env.put("THUMBSTREAM_STATE_DIR", dataDir.resolve("state").toString());
            S3Settings s3 = new S3Settings(
                    env.get("THUMBSTREAM_S3_ENDPOINT"),
                    env.get("THUMBSTREAM_S3_ACCESS_KEY"),
                    env.get("THUMBSTREAM_S3_SECRET_KEY"),
                    env.get("THUMBSTREAM_S3_REGION"),
                    true);
            bench = new EndToEndBench(
                    infra,
                    env,
                    dataDir,
                    serviceJvm,
                    env.get("KAFKA_BOOTSTRAP_SERVERS"),
                    s3,
                    specs,
                    maxHeap(serviceJvm.jvmArgs()));
            bench.startService();
            return bench;
        } catch (Exception e) {
            if (bench != null) {
                bench.close();
            } else {
                infra.close();
            }
            throw e;
        }
    }

    /**
     * Stops the service process (if any) and starts a fresh one, same group and settings: the next
     * burst is its cold pass. Records the seconds from process start to {@code /readyz} 200.
     */
    public void startService() throws Exception {
        if (service != null) {
            // SIGTERM: the service leaves both its groups as it stops (job progress too, since
            // ProgressRestartIT), so the fresh process is assigned at once, as a pod scaled up
            // from zero would be.
            service.close();
        }
        Map<String, String> serviceEnv = new LinkedHashMap<>(env);
        int httpPort = freePort();
        serviceEnv.put("THUMBSTREAM_HTTP_PORT", Integer.toString(httpPort));
        Path gcLog = dataDir.resolve("service-gc.log");
        Files.deleteIfExists(gcLog);
        List<String> jvmArgs =
                new ArrayList<>(List.of(serviceJvm.jvmArgs().trim().split("\\s+")));
        jvmArgs.add("-Xlog:gc:file=" + gcLog);
        long started = System.nanoTime();
        service = ChildJvm.start(
                "service",
                serviceJvm.java(),
                serviceJvm.classPath(),
                jvmArgs,
                List.of("run"),
                serviceEnv,
                dataDir.resolve("service.log"));
        awaitReady(service, httpPort);
        readySeconds = (System.nanoTime() - started) / 1e9;
        memory = new ChildMemory(gcLog, service.pid());
        renderedSinceStart = 0;
    }

    /** Uploads {@code corpus} under {@code prefix} (not timed) and returns the events S3 would send for it. */
    public List<UploadEvent> upload(Corpus corpus, String prefix) throws Exception {
        List<UploadEvent> uploads = new ArrayList<>();
        for (Path file : corpus.files()) {
            String key = prefix + corpus.name() + "/" + file.getFileName();
            String type = Files.probeContentType(file);
            byte[] bytes = Files.readAllBytes(file);
            store.put(DevInfrastructure.BUCKET, key, bytes, type != null ? type : "application/octet-stream", Map.of());
            String etag =
                    store.stat(DevInfrastructure.BUCKET, key).orElseThrow().etag();
            uploads.add(new UploadEvent(
                    UploadEvent.Action.CREATED,
                    DevInfrastructure.BUCKET,
                    key,
                    etag,
                    (long) bytes.length,
                    type,
                    "bench",
                    null,
                    null));
        }
        return uploads;
    }

    /**
     * A fresh service process (unless this one has rendered nothing yet), {@code passes} bursts of
     * every upload announced as {@code shape} (cold, second, …), then warm-up to the steady state,
     * then {@code rounds} times a renderer pass ({@code renderer}, the service idle) followed by a
     * timed burst, then idle single uploads.
     */
    public Result measure(
            Corpus corpus, List<UploadEvent> uploads, EventShape shape, int passes, int rounds, RendererPass renderer)
            throws Exception {
        if (renderedSinceStart > 0) {
            startService();
        }
        List<Pass> passResults = new ArrayList<>();
        for (int p = 1; p <= passes; p++) {
            passResults.add(pass(p, uploads, shape));
        }
        WarmUp warmUp = warmUp(uploads, shape);
        List<Double> rates = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        List<Double> infraCpus = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        double[] burstMs = new double[0];
        long[] heap = {0, 0, 0};
        long rss = 0;
        int results = uploads.size();
        Map<Long, ChildThreads.Task> threadsBefore = ChildThreads.snapshot(service.pid());
        List<Double> rendererCpus = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            rendererCpus.add(renderer.cpuMsPerImage());
            memory.reset();
            long cpu = service.cpuNanos();
            long infraCpu = infra.cpuNanos();
            long start = System.nanoTime();
            Burst burst = burst(uploads, shape);
            cpu = service.cpuNanos() - cpu;
            infraCpu = infra.cpuNanos() - infraCpu;
            double s = (burst.arrivals().values().stream()
                                    .mapToLong(Long::longValue)
                                    .max()
                                    .orElse(start)
                            - start)
                    / 1e9;
            seconds.add(s);
            rates.add(burst.arrivals().size() / s);
            cpus.add(cpu / 1e6 / uploads.size());
            infraCpus.add(infraCpu / 1e6 / uploads.size());
            results = Math.min(results, burst.arrivals().size());
            if (round == rounds / 2) {
                burstMs = burst.arrivals().values().stream()
                        .mapToDouble(t -> (t - start) / 1e6)
                        .toArray();
            }
            long[] h = memory.heapSinceReset();
            heap = new long[] {Math.max(heap[0], h[0]), Math.max(heap[1], h[1]), heap[2] + h[2]};
            rss = Math.max(rss, memory.peakRssBytes());
            forget(burst.results());
            service.checkAlive();
        }
        Map<String, Double> byThread = new LinkedHashMap<>();
        ChildThreads.since(threadsBefore, ChildThreads.snapshot(service.pid()))
                .forEach((group, nanos) -> byThread.put(group, nanos / 1e6 / rounds / uploads.size()));
        double[][] idle = idle(uploads.subList(0, Math.min(IDLE_SAMPLES, uploads.size())), shape);
        double[] idleMs = idle[0];
        return new Result(
                corpus.name(),
                uploads.size(),
                RenditionSpec.canonical(specs),
                results,
                Stats.median(seconds),
                Stats.median(rates),
                Stats.median(cpus),
                Stats.median(infraCpus),
                rates,
                cpus,
                Stats.percentile(burstMs, 50),
                Stats.percentile(burstMs, 95),
                Stats.percentile(burstMs, 99),
                idleMs.length,
                Stats.percentile(idleMs, 50),
                Stats.percentile(idleMs, 95),
                Stats.percentile(idleMs, 99),
                Stats.percentile(idle[1], 50),
                heap[0],
                heap[1],
                maxHeapBytes,
                rss,
                byThread,
                warmUp,
                Stats.median(rendererCpus),
                rendererCpus,
                shape.label(),
                serviceJvm.java(),
                readySeconds,
                passResults);
    }

    /** One burst of every upload, its CPU in all and by thread group; the thumbnails are deleted after. */
    private Pass pass(int number, List<UploadEvent> uploads, EventShape shape) throws Exception {
        int before = renderedSinceStart;
        Map<Long, ChildThreads.Task> threads = ChildThreads.snapshot(service.pid());
        long cpu = service.cpuNanos();
        long start = System.nanoTime();
        Burst burst = burst(uploads, shape);
        long last = burst.arrivals().values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(start);
        cpu = service.cpuNanos() - cpu;
        Map<String, Double> byThread = new LinkedHashMap<>();
        ChildThreads.since(threads, ChildThreads.snapshot(service.pid()))
                .forEach((group, nanos) -> byThread.put(group, nanos / 1e6 / uploads.size()));
        forget(burst.results());
        service.checkAlive();
        Pass pass =
                new Pass(number, uploads.size(), before, cpu / 1e6 / uploads.size(), (last - start) / 1e9, byThread);
        System.out.printf(
                java.util.Locale.ROOT,
                "  pass %d (%s events, %d uploads after start): service CPU %.2f ms/upload, %.1f s%n",
                number,
                shape.label(),
                before,
                pass.cpuMsPerUpload(),
                pass.seconds());
        return pass;
    }

    /**
     * Warm-up in windows: bursts of the first {@link #MIN_WARM_UP_UPLOADS} uploads (all of a
     * smaller corpus), each followed by deleting their thumbnails, until a window holds at least
     * {@link #MIN_WARM_UP_UPLOADS} uploads and {@link #WINDOW_CPU_NANOS} of the service's CPU (the
     * kernel counts CPU in 10 ms ticks: a shorter window cannot tell 1% from 5%). Ends with the
     * first window in which the JIT compiler's share of the service's CPU is under {@link
     * #STEADY_JIT_SHARE}, or when {@link #WARM_UP_LIMIT} has passed.
     */
    private WarmUp warmUp(List<UploadEvent> uploads, EventShape shape) throws Exception {
        List<UploadEvent> batch = uploads.subList(0, Math.min(MIN_WARM_UP_UPLOADS, uploads.size()));
        long start = System.nanoTime();
        int done = 0;
        int bursts = 0;
        while (true) {
            Map<Long, ChildThreads.Task> before = ChildThreads.snapshot(service.pid());
            long cpuBefore = service.cpuNanos();
            int inWindow = 0;
            do {
                forget(burst(batch, shape).results());
                inWindow += batch.size();
                bursts++;
            } while (inWindow < MIN_WARM_UP_UPLOADS || service.cpuNanos() - cpuBefore < WINDOW_CPU_NANOS);
            double share = ChildThreads.jitShare(ChildThreads.since(before, ChildThreads.snapshot(service.pid())));
            done += inWindow;
            boolean steady = share < STEADY_JIT_SHARE;
            double seconds = (System.nanoTime() - start) / 1e9;
            if (steady || seconds > WARM_UP_LIMIT.toSeconds()) {
                System.out.printf(
                        java.util.Locale.ROOT,
                        "  warm-up: %d uploads in %d bursts, %.0f s; JIT %.1f%% of the service's CPU in the last"
                                + " window%s%n",
                        done,
                        bursts,
                        seconds,
                        100 * share,
                        steady ? "" : " (NOT steady: the time limit ended the warm-up)");
                return new WarmUp(done, bursts, seconds, share, steady);
            }
        }
    }

    private record Burst(Map<String, Long> arrivals, List<ThumbnailEvent> results) {}

    /** Announces all at once as {@code shape}; returns each completed key's arrival time (System.nanoTime). */
    private Burst burst(List<UploadEvent> uploads, EventShape shape) throws Exception {
        Map<String, Long> arrivals = new HashMap<>();
        try (ResultsReader reader = new ResultsReader(bootstrap, Topics.DEFAULT.results())) {
            announce(uploads, shape);
            renderedSinceStart += uploads.size();
            List<ThumbnailEvent> results =
                    reader.readUntil(r -> arrivals.size() >= uploads.size(), TIMEOUT, e -> record(e, arrivals));
            return new Burst(arrivals, results);
        }
    }

    /**
     * One upload at a time, each announced only after the previous result arrived. Returns
     * {announce-to-result latencies, the service's own time for each job (its result's
     * durationMs: fetch, render, store)} in ms; the difference is Kafka both ways and hand-offs.
     */
    private double[][] idle(List<UploadEvent> uploads, EventShape shape) throws Exception {
        double[] latencies = new double[uploads.size()];
        double[] jobs = new double[uploads.size()];
        List<ThumbnailEvent> all = new ArrayList<>();
        try (ResultsReader reader = new ResultsReader(bootstrap, Topics.DEFAULT.results())) {
            for (int i = 0; i < uploads.size(); i++) {
                Thread.sleep(50); // let the previous upload's commit and result traffic settle
                UploadEvent upload = uploads.get(i);
                Map<String, Long> arrival = new HashMap<>();
                long sent = System.nanoTime();
                announce(List.of(upload), shape);
                renderedSinceStart++;
                all.addAll(reader.readUntil(
                        r -> arrival.containsKey(upload.key()), Duration.ofMinutes(1), e -> record(e, arrival)));
                latencies[i] = (arrival.getOrDefault(upload.key(), sent) - sent) / 1e6;
                jobs[i] = all.stream()
                        .filter(e -> e.key().equals(upload.key()))
                        .mapToLong(ThumbnailEvent::durationMs)
                        .max()
                        .orElse(0);
            }
        }
        forget(all);
        return new double[][] {latencies, jobs};
    }

    private void announce(List<UploadEvent> uploads, EventShape shape) throws Exception {
        publisher.publishRaw(
                uploads.stream().map(UploadEvent::objectRef).toList(),
                uploads.stream().map(shape::encode).toList());
    }

    /** Deletes the thumbnails the results name, so the next round renders them again. */
    private void forget(List<ThumbnailEvent> results) throws Exception {
        for (ThumbnailEvent event : results) {
            for (ThumbnailEvent.RenditionResult r : event.renditions()) {
                store.delete(event.bucket(), r.key());
            }
        }
    }

    /** Any result ends the wait for its upload; only failures are worth a line. */
    private static void record(ThumbnailEvent event, Map<String, Long> arrivals) {
        arrivals.putIfAbsent(event.key(), System.nanoTime());
        if (event.status() != ThumbnailEvent.Status.COMPLETED) {
            System.err.println("bench: " + event.key() + " " + event.status() + " " + event.error());
        }
    }

    static void awaitReady(ChildJvm service, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            service.checkAlive();
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(service + " not ready within 2 minutes");
    }

    static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The -Xmx of {@code jvmArgs} in bytes, or 0 when not given. */
    static long maxHeap(String jvmArgs) {
        for (String arg : jvmArgs.trim().split("\\s+")) {
            if (arg.startsWith("-Xmx") && arg.length() > 4) {
                String v = arg.substring(4).toLowerCase(java.util.Locale.ROOT);
                long unit = switch (v.charAt(v.length() - 1)) {
                    case 'g' -> 1L << 30;
                    case 'm' -> 1L << 20;
                    case 'k' -> 1L << 10;
                    default -> 1L;
                };
                String digits = Character.isDigit(v.charAt(v.length() - 1)) ? v : v.substring(0, v.length() - 1);
                return Long.parseLong(digits) * unit;
            }
        }
        return 0;
    }

    @Override
    public void close() throws Exception {
        try {
            publisher.close();
            store.close();
            if (service != null) {
                service.close();
            }
        } finally {
            infra.close();
        }
    }
}
