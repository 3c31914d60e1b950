package thumbstream.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.upload.ResultFactory;
import thumbstream.upload.ThumbnailJob;
import thumbstream.upload.ThumbnailKeys;

/**
 * Shared set-up of the pipeline unit tests: a {@link RecordHandler} wired like the service's over
 * an in-memory store, and records and outcomes that are cheap to handle (removals, which only
 * delete thumbnails and so need no image work).
 */
final class PipelineFixtures {

    static final String BUCKET = "media";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final ResultFactory RESULTS = new ResultFactory("small:320x320:fit:jpg", CLOCK);

    private PipelineFixtures() {}

    /** The crash-loop guard as the service has it: three deaths at a head. */
    static CrashLoopGuard guard() {
        return new CrashLoopGuard(3, RESULTS, CLOCK);
    }

    /** A commit of {@code offset} as a worker makes it while it works: with the head marker. */
    static OffsetAndMetadata working(long offset) {
        return new OffsetAndMetadata(offset, HeadMarker.working(offset, 1));
    }

    /** A commit of {@code offset} made on revoke or shutdown: marked as a clean stop. */
    static OffsetAndMetadata stopped(long offset) {
        return new OffsetAndMetadata(offset, HeadMarker.stopped(offset));
    }

    static PipelineMetrics metrics() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    /** A handler over an empty in-memory store, one attempt per upload (no retry sleeps). */
    static RecordHandler handler(PipelineMetrics metrics) {
        List<RenditionSpec> specs = RenditionSpec.parseList("small:320x320:fit:jpg");
        ThumbnailJob job = new ThumbnailJob(
                new InMemoryObjectStore(),
                new ThumbnailRenderer(100_000_000),
                specs,
                new ThumbnailKeys("thumbnails/"),
                1024 * 1024,
                RESULTS);
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));
        return new RecordHandler(job, RESULTS, once, CLOCK, metrics, 100);
    }

    /** A native "removed" event for {@code objectKey}, keyed by the object key as uploaders do. */
    static ConsumerRecord<byte[], byte[]> removal(TopicPartition tp, long offset, String objectKey) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, utf8(objectKey), removedEvent(objectKey));
    }

    static byte[] removedEvent(String objectKey) {
        return utf8("{\"bucket\":\"" + BUCKET + "\",\"key\":\"" + objectKey + "\",\"action\":\"removed\"}");
    }

    /** The outcome of handling {@link #removal}: one "deleted" result keyed {@code media/<objectKey>}. */
    static Outcome deletedOutcome(String objectKey) {
        UploadEvent upload =
                new UploadEvent(UploadEvent.Action.REMOVED, BUCKET, objectKey, null, null, null, null, null, null);
        return Outcome.of(List.of(RESULTS.deleted(upload, 1, System.nanoTime())));
    }

    /** The key a result for {@code objectKey} carries on the results topic. */
    static String resultKey(String objectKey) {
        return BUCKET + "/" + objectKey;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
