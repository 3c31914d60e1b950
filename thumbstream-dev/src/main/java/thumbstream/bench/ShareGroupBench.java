package thumbstream.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import thumbstream.config.S3Settings;
import thumbstream.config.Topics;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.storage.MinioObjectStore;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.TopicAdmin;
import thumbstream.testkit.UploadPublisher;

/**
 * Share-group mode (KIP-932) on a one-partition {@code uploads} topic: one member against {@code
 * members} members, the same total render threads split among them, each member a {@code
 * thumbstream run} process with {@code THUMBSTREAM_GROUP_TYPE=share}. A consumer group could give
 * the one partition to one member only; the figure shows that in a share group every member takes
 * part. On a machine with few cores the total rate stays about the same (the cores are the limit);
 * each member's share of the work is the point.
 *
 * <p>Per configuration: fresh topics and group, one untimed warm-up burst of the corpus, then
 * {@code rounds} timed bursts (thumbnails deleted between them so each renders everything). A
 * member's share is its {@code thumbstream_share_records_total{outcome="accept"}} over the timed
 * rounds, from its /metrics.
 *
 * <p>First, the baseline: one {@code thumbstream run} process of the same total render threads in
 * consumer-group mode on the same kind of one-partition topic, measured the same way, so the share
 * members' rate has a side-by-side reference (its "accepted" is its {@code thumbstream_results_total}).
 */
final class ShareGroupBench {

    /** One configuration: {@code members} processes of {@code threadsPerMember} render threads. */
    record Result(
            String groupType,
            int members,
            int threadsPerMember,
            int uploads,
            List<Double> roundsUploadsPerSecond,
            double uploadsPerSecond,
            List<Double> accepted,
            List<Double> acceptedShare) {}

    private static final String ACCEPTED = "thumbstream_share_records_total{outcome=\"accept\"}";
    private static final String RESULTS = "thumbstream_results_total{";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path data;
    private final Map<String, String> infraEnv;
    private final List<RenditionSpec> specs;
    private final EndToEndBench.ServiceJvm serviceJvm;
    private final MinioObjectStore store;

    private ShareGroupBench(
            Path data, Map<String, String> infraEnv, List<RenditionSpec> specs, EndToEndBench.ServiceJvm serviceJvm) {
        this.data = data;
        this.infraEnv = infraEnv;
        this.specs = specs;
        this.serviceJvm = serviceJvm;
        this.store = new MinioObjectStore(new S3Settings(
                infraEnv.get("THUMBSTREAM_S3_ENDPOINT"),
                infraEnv.get("THUMBSTREAM_S3_ACCESS_KEY"),
                infraEnv.get("THUMBSTREAM_S3_SECRET_KEY"),
                infraEnv.get("THUMBSTREAM_S3_REGION"),
                true));
    }

    /** Runs 1 member, then {@code members} members, on {@code corpus}; prints and returns both. */
    static List<Result> run(
            Path data,
            Corpus corpus,
            List<RenditionSpec> specs,
            int totalThreads,
            int members,
            int rounds,
            EndToEndBench.ServiceJvm serviceJvm,
            PrintStream out)
            throws Exception {
        ChildJvm infra = ChildJvm.infra(data);
        try {
            ShareGroupBench bench =
                    new ShareGroupBench(data, infra.awaitExports(Duration.ofMinutes(2)), specs, serviceJvm);
            List<UploadEvent> uploads = bench.upload(corpus);
            List<Result> results = new ArrayList<>();
            List<Integer> memberCounts = List.of(1, 1, members);
            for (int i = 0; i < memberCounts.size(); i++) {
                int n = memberCounts.get(i);
                boolean share = i > 0;
                Result r = bench.measure(uploads, share, n, Math.max(1, totalThreads / n), rounds);
                out.printf(
                        Locale.ROOT,
                        "  %s group, %d member(s) x %d render thread(s), 1 partition, %s (%d uploads): %.1f"
                                + " uploads/s (median of %d rounds %s); accepted per member %s = %s%n",
                        r.groupType(),
                        r.members(),
                        r.threadsPerMember(),
                        corpus.name(),
                        r.uploads(),
                        r.uploadsPerSecond(),
                        rounds,
                        format(r.roundsUploadsPerSecond(), "%.1f"),
                        format(r.accepted(), "%.0f"),
                        format(r.acceptedShare().stream().map(s -> 100 * s).toList(), "%.0f%%"));
                results.add(r);
            }
            return results;
        } finally {
            infra.close();
        }
    }

    private Result measure(List<UploadEvent> uploads, boolean share, int members, int threadsPerMember, int rounds)
            throws Exception {
        String id = (share ? "share-bench-" : "consumer-bench-") + members;
        Topics topics = Topics.prefixed(id);
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infraEnv.get("KAFKA_BOOTSTRAP_SERVERS")))) {
            TopicAdmin.createTopics(
                    admin,
                    Map.of(
                            topics.uploads(),
                            1,
                            topics.results(),
                            1,
                            topics.deadLetters(),
                            1,
                            topics.backfill(),
                            1,
                            topics.jobs(),
                            1));
        }
        List<ChildJvm> processes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try (UploadPublisher publisher =
                new UploadPublisher(infraEnv.get("KAFKA_BOOTSTRAP_SERVERS"), topics.uploads())) {
            for (int i = 1; i <= members; i++) {
                int port = EndToEndBench.freePort();
                Map<String, String> env = new LinkedHashMap<>(infraEnv);
                env.put("THUMBSTREAM_GROUP_TYPE", share ? "share" : "consumer");
                env.put("THUMBSTREAM_GROUP_ID", id);
                env.put("THUMBSTREAM_RENDER_THREADS", Integer.toString(threadsPerMember));
                env.put("THUMBSTREAM_RENDITIONS", RenditionSpec.canonical(specs));
                env.put("THUMBSTREAM_HTTP_PORT", Integer.toString(port));
                env.put(
                        "THUMBSTREAM_STATE_DIR",
                        data.resolve(id + "-state-" + i).toString());
                env.put("THUMBSTREAM_UPLOADS_TOPIC", topics.uploads());
                env.put("THUMBSTREAM_RESULTS_TOPIC", topics.results());
                env.put("THUMBSTREAM_DLQ_TOPIC", topics.deadLetters());
                env.put("THUMBSTREAM_BACKFILL_TOPIC", topics.backfill());
                env.put("THUMBSTREAM_JOBS_TOPIC", topics.jobs());
                processes.add(ChildJvm.start(
                        id + "-" + i,
                        serviceJvm.java(),
                        serviceJvm.classPath(),
                        List.of(serviceJvm.jvmArgs().trim().split("\\s+")),
                        List.of("run"),
                        env,
                        data.resolve(id + "-" + i + ".log")));
                ports.add(port);
            }
            for (int i = 0; i < members; i++) {
                EndToEndBench.awaitReady(processes.get(i), ports.get(i));
            }
            burst(publisher, topics, uploads); // warm-up, not timed
            List<Double> before = accepted(ports, share);
            List<Double> rates = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                rates.add(burst(publisher, topics, uploads));
            }
            List<Double> after = accepted(ports, share);
            double total = 0;
            List<Double> done = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                done.add(after.get(i) - before.get(i));
                total += done.get(i);
            }
            final double sum = total;
            return new Result(
                    share ? "share" : "consumer",
                    members,
                    threadsPerMember,
                    uploads.size(),
                    rates,
                    Stats.median(rates),
                    done,
                    done.stream().map(d -> sum == 0 ? 0 : d / sum).toList());
        } finally {
            for (ChildJvm p : processes) {
                p.close();
            }
        }
    }

    /** Announces every upload at once; returns uploads/s to the last result; then deletes the thumbnails. */
    private double burst(UploadPublisher publisher, Topics topics, List<UploadEvent> uploads) throws Exception {
        Set<String> done = new HashSet<>();
        List<ThumbnailEvent> results;
        try (ResultsReader reader = new ResultsReader(infraEnv.get("KAFKA_BOOTSTRAP_SERVERS"), topics.results())) {
            long start = System.nanoTime();
            publisher.publish(uploads);
            results = reader.readUntil(r -> done.size() >= uploads.size(), TIMEOUT, e -> done.add(e.key()));
            double seconds = (System.nanoTime() - start) / 1e9;
            for (ThumbnailEvent event : results) {
                for (ThumbnailEvent.RenditionResult r : event.renditions()) {
                    store.delete(event.bucket(), r.key());
                }
            }
            return uploads.size() / seconds;
        }
    }

    private List<UploadEvent> upload(Corpus corpus) throws Exception {
        List<UploadEvent> uploads = new ArrayList<>();
        for (Path file : corpus.files()) {
            String key = "share-bench/" + corpus.name() + "/" + file.getFileName();
            String type = Files.probeContentType(file);
            store.put(
                    DevInfrastructure.BUCKET,
                    key,
                    Files.readAllBytes(file),
                    type != null ? type : "application/octet-stream",
                    Map.of());
            uploads.add(UploadEvent.created(DevInfrastructure.BUCKET, key));
        }
        return uploads;
    }

    /** Per member: records accepted (share group), or results published (consumer group). */
    private static List<Double> accepted(List<Integer> ports, boolean share) throws Exception {
        List<Double> values = new ArrayList<>();
        for (int port : ports) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            String body =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            values.add(body.lines()
                    .filter(l -> share ? l.startsWith(ACCEPTED + " ") : l.startsWith(RESULTS))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum());
        }
        return values;
    }

    private static String format(List<Double> values, String pattern) {
        return values.stream()
                .map(v -> String.format(Locale.ROOT, pattern, v))
                .toList()
                .toString();
    }
}
