package thumbstream.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.dev.DevInfrastructure;
import thumbstream.dev.ResultsReader;
import thumbstream.dev.UploadPublisher;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;

/**
 * The whole service, as {@code thumbstream demo} runs it: embedded KRaft broker, embedded S3
 * server and one service instance in this JVM, sharing its cores. Sources are uploaded first
 * (not timed), then announced on {@code uploads}; the clock stops at the last result event.
 *
 * <p>Two passes per corpus. Burst: every upload announced at once, for throughput (its latencies
 * are mostly queueing). Paced: uploads announced one by one at half the burst throughput, for the
 * latency of one upload on a busy but not saturated service.
 */
public final class EndToEndBench implements AutoCloseable {

    /**
     * One corpus through the pipeline. Latencies in ms from publishing the event to reading the
     * result; {@code processCpuMsPerImage} is the whole JVM's CPU time (broker, S3 server, service,
     * GC) during the burst per upload: what the throughput would be bounded by on idle cores.
     */
    public record Result(
            String corpus,
            int images,
            String renditions,
            int results,
            double seconds,
            double imagesPerSecond,
            double processCpuMsPerImage,
            double burstP50Ms,
            double burstP95Ms,
            double burstP99Ms,
            double pacedRate,
            double pacedP50Ms,
            double pacedP95Ms,
            double pacedP99Ms,
            long peakHeapBytes,
            long peakRssBytes) {}

    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private final DevInfrastructure infra;
    private final ThumbstreamService service;
    private final ObjectStore store;
    private final UploadPublisher publisher;
    private final List<RenditionSpec> specs;

    private EndToEndBench(DevInfrastructure infra, ThumbstreamService service, List<RenditionSpec> specs) {
        this.infra = infra;
        this.service = service;
        this.specs = specs;
        this.store = new MinioObjectStore(infra.s3Settings());
        this.publisher = new UploadPublisher(infra.bootstrapServers(), Topics.DEFAULT.uploads());
    }

    /** Starts broker, S3 server and service with the default pipeline settings and {@code specs}. */
    public static EndToEndBench start(Path dataDir, List<RenditionSpec> specs) throws Exception {
        DevInfrastructure infra = DevInfrastructure.start(dataDir, 0, 0, DevInfrastructure.DEFAULT_UPLOAD_PARTITIONS);
        try {
            ThumbstreamConfig config = ThumbstreamConfig.defaults(
                            infra.bootstrapServers(), infra.s3Settings(), Topics.DEFAULT, "thumbstream-bench")
                    .withRenditions(specs);
            ThumbstreamService service =
                    new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new EndToEndBench(infra, service, specs);
        } catch (Exception e) {
            infra.close();
            throw e;
        }
    }

    /** Uploads {@code corpus} under {@code prefix} and renders {@code warmUp} of them once, untimed. */
    public List<UploadEvent> upload(Corpus corpus, String prefix, int warmUp) throws Exception {
        List<UploadEvent> uploads = new ArrayList<>();
        for (Path file : corpus.files()) {
            String key = prefix + corpus.name() + "/" + file.getFileName();
            String type = Files.probeContentType(file);
            byte[] bytes = Files.readAllBytes(file);
            store.put(DevInfrastructure.BUCKET, key, bytes, type != null ? type : "application/octet-stream", Map.of());
            uploads.add(new UploadEvent(
                    UploadEvent.Action.CREATED,
                    DevInfrastructure.BUCKET,
                    key,
                    null,
                    (long) bytes.length,
                    type,
                    "bench",
                    null,
                    null));
        }
        burst(uploads.subList(0, Math.min(warmUp, uploads.size())));
        return uploads;
    }

    public Result measure(Corpus corpus, List<UploadEvent> uploads) throws Exception {
        Map<String, Long> received;
        long start;
        long peakHeap;
        long peakRss;
        long cpu;
        try (MemoryWatch memory = new MemoryWatch()) {
            long cpuStart = Machine.processCpuNanos();
            start = System.nanoTime();
            received = burst(uploads);
            cpu = Machine.processCpuNanos() - cpuStart;
            peakHeap = memory.peakHeapBytes();
            peakRss = memory.peakRssBytes();
        }
        double seconds =
                (received.values().stream().mapToLong(Long::longValue).max().orElse(start) - start) / 1e9;
        double[] burstMs =
                received.values().stream().mapToDouble(t -> (t - start) / 1e6).toArray();
        double rate = uploads.size() / seconds / 2;
        double[] pacedMs = paced(uploads.subList(0, Math.min(uploads.size(), (int) Math.max(20, rate * 10))), rate);
        return new Result(
                corpus.name(),
                uploads.size(),
                RenditionSpec.canonical(specs),
                received.size(),
                seconds,
                received.size() / seconds,
                cpu / 1e6 / uploads.size(),
                Stats.percentile(burstMs, 50),
                Stats.percentile(burstMs, 95),
                Stats.percentile(burstMs, 99),
                rate,
                Stats.percentile(pacedMs, 50),
                Stats.percentile(pacedMs, 95),
                Stats.percentile(pacedMs, 99),
                peakHeap,
                peakRss);
    }

    /** Announces all at once; returns each completed key's arrival time (System.nanoTime). */
    private Map<String, Long> burst(List<UploadEvent> uploads) throws Exception {
        Map<String, Long> arrivals = new HashMap<>();
        try (ResultsReader results = new ResultsReader(infra.bootstrapServers(), Topics.DEFAULT.results())) {
            publisher.publish(uploads);
            results.readUntil(r -> arrivals.size() >= uploads.size(), TIMEOUT, e -> record(e, arrivals));
        }
        return arrivals;
    }

    /** Announces one upload every 1/rate seconds from a second thread; returns each one's latency in ms. */
    private double[] paced(List<UploadEvent> uploads, double rate) throws Exception {
        Map<String, Long> published = new HashMap<>();
        Map<String, Long> arrivals = new HashMap<>();
        try (ResultsReader results = new ResultsReader(infra.bootstrapServers(), Topics.DEFAULT.results())) {
            Thread announcer = new Thread(
                    () -> {
                        long next = System.nanoTime();
                        for (UploadEvent upload : uploads) {
                            LockSupport.parkNanos(next - System.nanoTime());
                            synchronized (published) {
                                published.put(upload.key(), System.nanoTime());
                            }
                            try {
                                publisher.publish(List.of(upload));
                            } catch (Exception e) {
                                throw new IllegalStateException("cannot announce " + upload.key(), e);
                            }
                            next += (long) (1e9 / rate);
                        }
                    },
                    "thumbstream-bench-announcer");
            announcer.start();
            results.readUntil(r -> arrivals.size() >= uploads.size(), TIMEOUT, e -> record(e, arrivals));
            announcer.join();
        }
        synchronized (published) {
            return arrivals.entrySet().stream()
                    .filter(a -> published.containsKey(a.getKey()))
                    .mapToDouble(a -> (a.getValue() - published.get(a.getKey())) / 1e6)
                    .toArray();
        }
    }

    /** Any result ends the wait for its upload; only failures are worth a line. */
    private static void record(ThumbnailEvent event, Map<String, Long> arrivals) {
        arrivals.putIfAbsent(event.key(), System.nanoTime());
        if (event.status() != ThumbnailEvent.Status.COMPLETED) {
            System.err.println("bench: " + event.key() + " " + event.status() + " " + event.error());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            publisher.close();
            service.close();
        } finally {
            infra.close();
        }
    }
}
