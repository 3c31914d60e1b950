package thumbstream.container;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import thumbstream.config.Topics;
import thumbstream.event.UploadEvent;
import thumbstream.it.GroupOffsets;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.TopicAdmin;
import thumbstream.testkit.UploadPublisher;

/**
 * One container test's world on the shared broker and S3 containers: its own topics, consumer group
 * and key prefix, the replicas' environment, and helpers to upload, announce, read and count.
 */
final class ContainerScenario {

    final ContainerInfrastructure infra;
    final Topics topics;
    final String group;
    final String prefix;
    final int partitions;
    private final ObjectStore store;

    ContainerScenario(String name, int partitions) throws Exception {
        this.infra = ContainerInfrastructure.get();
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.topics = Topics.prefixed(id);
        this.group = id + "-group";
        this.prefix = id + "/";
        this.partitions = partitions;
        this.store = new MinioObjectStore(infra.s3Settings());
        try (Admin admin = infra.admin()) {
            TopicAdmin.createTopics(
                    admin,
                    Map.of(
                            topics.uploads(), partitions,
                            topics.results(), 3,
                            topics.deadLetters(), 1,
                            topics.backfill(), partitions,
                            topics.jobs(), 1));
        }
    }

    /** Environment of a replica for this scenario; fast failure detection so faults resolve quickly. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("THUMBSTREAM_UPLOADS_TOPIC", topics.uploads());
        env.put("THUMBSTREAM_RESULTS_TOPIC", topics.results());
        env.put("THUMBSTREAM_DLQ_TOPIC", topics.deadLetters());
        env.put("THUMBSTREAM_BACKFILL_TOPIC", topics.backfill());
        env.put("THUMBSTREAM_JOBS_TOPIC", topics.jobs());
        env.put("THUMBSTREAM_GROUP_ID", group);
        env.put("THUMBSTREAM_WORKER_THREADS", "2");
        // A dead or frozen replica's partitions move after the session timeout (45 s by default).
        env.put("KAFKA_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS));
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
        env.putAll(extra);
        return env;
    }

    static final int SESSION_TIMEOUT_MS = 10_000;

    /**
     * Partitions the group divides among replicas: uploads and the backfill lane (same count), as
     * {@code thumbstream_partitions_assigned} counts them.
     */
    int assignable() {
        return 2 * partitions;
    }

    Replica replica(String name, Map<String, String> extraEnv) {
        return Replica.start(name, infra, env(extraEnv));
    }

    /** Starts replicas side by side, so their JVM start-ups overlap; all of them or none. */
    List<Replica> replicas(Map<String, String> extraEnv, String... names) throws Exception {
        List<CompletableFuture<Replica>> starts = new ArrayList<>();
        for (String name : names) {
            starts.add(CompletableFuture.supplyAsync(() -> replica(name, extraEnv)));
        }
        List<Replica> started = new ArrayList<>();
        Exception failure = null;
        for (CompletableFuture<Replica> start : starts) {
            try {
                started.add(start.get());
            } catch (ExecutionException e) {
                failure = e;
            }
        }
        if (failure != null) {
            started.forEach(Replica::close);
            throw failure;
        }
        return started;
    }

    /** Puts {@code count} tiny JPEGs (from the test JVM, through the published S3 port). */
    List<UploadEvent> uploadImages(int count) throws Exception {
        byte[] jpeg = tinyJpeg();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<UploadEvent>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = prefix + "img-" + i + ".jpg";
                puts.add(pool.submit(() -> {
                    store.put(ContainerInfrastructure.BUCKET, key, jpeg, "image/jpeg", Map.of());
                    return UploadEvent.created(ContainerInfrastructure.BUCKET, key);
                }));
            }
            List<UploadEvent> uploads = new ArrayList<>(count);
            for (Future<UploadEvent> f : puts) {
                uploads.add(f.get());
            }
            return uploads;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Puts one object under this scenario's prefix (from the test JVM, through the published S3
     * port); returns its upload event.
     */
    UploadEvent upload(String name, byte[] bytes, String contentType) throws Exception {
        String key = prefix + name;
        store.put(ContainerInfrastructure.BUCKET, key, bytes, contentType, Map.of());
        return UploadEvent.created(ContainerInfrastructure.BUCKET, key);
    }

    void announce(List<UploadEvent> uploads) throws Exception {
        try (UploadPublisher publisher = new UploadPublisher(infra.bootstrapServers(), topics.uploads())) {
            publisher.publish(uploads);
        }
    }

    ResultsReader results(String isolation) {
        return new ResultsReader(infra.bootstrapServers(), topics.results(), isolation);
    }

    /** True once the group's committed offsets reach the end of every uploads partition. */
    boolean allCommitted() throws Exception {
        try (Admin admin = infra.admin()) {
            return GroupOffsets.committed(admin, group, topics.uploads())
                    .equals(GroupOffsets.end(admin, topics.uploads()));
        }
    }

    /** Records ever written to the dead-letter topic (at-least-once mode: no transaction markers). */
    long deadLetters() throws Exception {
        try (Admin admin = infra.admin()) {
            return GroupOffsets.end(admin, topics.deadLetters()).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static byte[] tinyJpeg() throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.ORANGE);
        g.fillOval(16, 12, 32, 24);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
