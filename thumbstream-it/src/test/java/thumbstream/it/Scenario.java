package thumbstream.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.testkit.UploadPublisher;

/**
 * One fault test's world on the shared infrastructure: its own topics, group and key prefix, the
 * environment for child service processes, and helpers to upload, announce and count.
 */
final class Scenario {

    final ThumbstreamConfig config;
    final String prefix;
    final ObjectStore store;

    Scenario(String name, int partitions) throws Exception {
        this.config = SharedInfrastructure.newScenario(name, partitions);
        this.prefix = name + "-" + UUID.randomUUID() + "/";
        this.store = new MinioObjectStore(config.s3());
    }

    /** Environment of a child {@code thumbstream run} for this scenario. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(SharedInfrastructure.get().environment());
        env.put("THUMBSTREAM_UPLOADS_TOPIC", config.topics().uploads());
        env.put("THUMBSTREAM_RESULTS_TOPIC", config.topics().results());
        env.put("THUMBSTREAM_DLQ_TOPIC", config.topics().deadLetters());
        // The scenario's own lane and jobs topics: without them a child process would consume the
        // default `uploads.backfill` and `thumbstream.jobs`, shared by every scenario on the broker.
        env.put("THUMBSTREAM_BACKFILL_TOPIC", config.topics().backfill());
        env.put("THUMBSTREAM_JOBS_TOPIC", config.topics().jobs());
        env.put("THUMBSTREAM_GROUP_ID", config.groupId());
        env.put("THUMBSTREAM_HTTP_PORT", "0");
        env.put("THUMBSTREAM_RENDER_THREADS", "2");
        // A killed instance's partitions move after the session timeout (45 s by default).
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
        env.putAll(extra);
        return env;
    }

    /** Puts {@code count} small JPEGs into the bucket (in parallel) and returns their upload events. */
    List<UploadEvent> uploadImages(int count) throws Exception {
        return uploadImages(count, 96, 64);
    }

    /** Puts {@code count} JPEGs of {@code width} x {@code height} into the bucket (in parallel). */
    List<UploadEvent> uploadImages(int count, int width, int height) throws Exception {
        byte[] jpeg = TestImages.jpeg(width, height);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<UploadEvent>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = prefix + "img-" + i + ".jpg";
                puts.add(pool.submit(() -> {
                    store.put("media", key, jpeg, "image/jpeg", Map.of());
                    return UploadEvent.created("media", key);
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

    void announce(List<UploadEvent> uploads) throws Exception {
        try (UploadPublisher publisher =
                new UploadPublisher(config.bootstrapServers(), config.topics().uploads())) {
            publisher.publish(uploads);
        }
    }

    /** True once the group's committed offsets reach the end of every uploads partition. */
    boolean allCommitted() throws Exception {
        try (Admin admin = SharedInfrastructure.get().admin()) {
            return GroupOffsets.committed(
                            admin, config.groupId(), config.topics().uploads())
                    .equals(GroupOffsets.end(admin, config.topics().uploads()));
        }
    }

    static Function<List<ThumbnailEvent>, Boolean> everyKeyDone(int count) {
        return r -> ResultCounts.distinctKeys(r) >= count;
    }

    static final Duration LONG = Duration.ofMinutes(5);
}
