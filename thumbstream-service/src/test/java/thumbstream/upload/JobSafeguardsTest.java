package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.SPECS;
import static thumbstream.upload.JobFixtures.created;
import static thumbstream.upload.JobFixtures.jpeg;
import static thumbstream.upload.JobFixtures.removed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.Budget;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.security.BucketAllowList;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.storage.InMemoryObjectStore.Op;

/** What a producer cannot make the job do, whatever the event says (DESIGN.md §7). */
class JobSafeguardsTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = jobAllowing("media/originals/,other");

    private ThumbnailJob jobAllowing(String buckets) {
        List<RenditionSpec> renditions = RenditionSpec.parseList(SPECS);
        return new ThumbnailJob(
                store,
                new ThumbnailRenderer(100_000_000),
                renditions,
                new ThumbnailKeys(JobFixtures.PREFIX),
                1024 * 1024,
                new ResultFactory(RenditionSpec.canonical(renditions), Clock.systemUTC()),
                RenderGate.unlimited(),
                JobObserver.NONE,
                new JobSafeguards(
                        BucketAllowList.parse(buckets),
                        Budget.unlimited(),
                        JobSafeguards.defaults().renderTimeout()));
    }

    private ThumbnailEvent process(UploadEvent upload) throws TransientJobException {
        return job.process(upload, 1).orElseThrow();
    }

    private int storageCalls() {
        return store.calls(Op.GET) + store.calls(Op.STAT) + store.calls(Op.PUT) + store.calls(Op.DELETE);
    }

    @Test
    void anEventForABucketOutsideTheAllowListFailsForbiddenAndTouchesNothing() throws Exception {
        store.upload("private", "originals/secret.jpg", jpeg(400, 300), "image/jpeg");

        ThumbnailEvent result = process(new UploadEvent(
                UploadEvent.Action.CREATED, "private", "originals/secret.jpg", null, null, null, null, null, null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
        assertThat(storageCalls()).isZero();
        assertThat(store.refs()).containsExactly("private/originals/secret.jpg");
    }

    @Test
    void anEventOutsideTheAllowedPrefixFailsForbidden() throws Exception {
        ThumbnailEvent result = process(created("elsewhere/a.jpg", null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
        assertThat(storageCalls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "originals/../thumbnails/small/x.jpg",
                "originals/./a.jpg",
                "originals//a.jpg",
                "originals/a.jpg/",
                "originals/line\nbreak.jpg",
                "originals/nul\u0000.jpg",
                "originals/bell\u0007.jpg"
            })
    void unusableKeysFailInvalidEventBeforeAnyStorageCall(String key) throws Exception {
        ThumbnailEvent result = process(created(key, null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
        assertThat(result.error().message())
                .as("the message quoting the key cannot forge log lines")
                .doesNotContain("\n", "\u0000", "\u0007");
        assertThat(storageCalls()).isZero();
    }

    @Test
    void aKeyWhoseThumbnailKeyWouldExceedS3sLimitFailsInvalidEvent() throws Exception {
        String key = "originals/" + "k".repeat(1000) + ".jpg"; // itself under 1,024 bytes

        ThumbnailEvent result = process(created(key, null));

        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(1024);
        assertThat(result.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
        assertThat(result.error().message()).contains("above S3's limit of 1024");
        assertThat(storageCalls()).isZero();
    }

    @Test
    void aKeyWhoseSecondFormatsThumbnailKeyWouldExceedS3sLimitFailsInvalidEvent() throws Exception {
        List<RenditionSpec> renditions = RenditionSpec.parseList("small:320x320:fit:jpg+webp");
        ThumbnailJob twoFormats = new ThumbnailJob(
                store,
                new ThumbnailRenderer(100_000_000),
                renditions,
                new ThumbnailKeys(JobFixtures.PREFIX),
                1024 * 1024,
                new ResultFactory(RenditionSpec.canonical(renditions), Clock.systemUTC()));
        // "thumbnails/small/" + key + ".jpg" is 1,024 bytes; the WebP object's key ends ".webp".
        String key = "o/" + "k".repeat(997) + ".jpg";
        ThumbnailKeys keys = new ThumbnailKeys(JobFixtures.PREFIX);
        assertThat(keys.keyFor(key, renditions.get(0)).getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(1024);

        ThumbnailEvent result = twoFormats.process(created(key, null), 1).orElseThrow();

        assertThat(result.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
        assertThat(result.error().message()).contains("above S3's limit of 1024");
        assertThat(storageCalls()).isZero();
    }

    @Test
    void aKeyTooLongToRecordInTheThumbnailsMetadataFailsInvalidEvent() throws Exception {
        // 906 UTF-8 bytes, so its thumbnail keys fit S3's 1,024; percent-encoded it is 2,690
        // characters, more than S3's 2 KB of user metadata per object holds.
        String key = "originals/" + "\u00e9".repeat(446) + ".jpg";
        store.upload(BUCKET, key, jpeg(40, 30), "image/jpeg");
        store.resetCalls();

        ThumbnailEvent result = process(created(key, null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
        assertThat(result.error().message()).contains("metadata");
        assertThat(storageCalls()).isZero();
    }

    @Test
    void aForgedRemovalOfALiveObjectLeavesItsThumbnails() throws Exception {
        store.upload(BUCKET, "originals/a.jpg", jpeg(400, 300), "image/jpeg");
        assertThat(process(created("originals/a.jpg", null)).status()).isEqualTo(Status.COMPLETED);

        ThumbnailEvent result = process(removed("originals/a.jpg"));

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(store.object(BUCKET, "thumbnails/small/originals/a.jpg.jpg")).isPresent();
        assertThat(store.object(BUCKET, "thumbnails/square/originals/a.jpg.png"))
                .isPresent();
    }

    @Test
    void aRemovalDeletesOnlyTheThumbnailsThisServiceWrote() throws Exception {
        store.upload(BUCKET, "originals/a.jpg", jpeg(400, 300), "image/jpeg");
        process(created("originals/a.jpg", null));
        store.upload(BUCKET, "thumbnails/square/originals/a.jpg.png", new byte[] {1, 2, 3}, "image/png");
        store.delete(BUCKET, "originals/a.jpg");

        ThumbnailEvent result = process(removed("originals/a.jpg"));

        assertThat(result.status()).isEqualTo(Status.DELETED);
        assertThat(store.object(BUCKET, "thumbnails/small/originals/a.jpg.jpg")).isEmpty();
        assertThat(store.object(BUCKET, "thumbnails/square/originals/a.jpg.png"))
                .as("someone else's object at a thumbnail key")
                .isPresent();
    }

    @Test
    void anObjectThisServiceDidNotWriteIsNeverOverwritten() throws Exception {
        store.upload(BUCKET, "originals/a.jpg", jpeg(400, 300), "image/jpeg");
        store.upload(BUCKET, "thumbnails/small/originals/a.jpg.jpg", new byte[] {9}, "image/jpeg");

        ThumbnailEvent result = process(created("originals/a.jpg", null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
        assertThat(store.object(BUCKET, "thumbnails/small/originals/a.jpg.jpg")
                        .orElseThrow()
                        .bytes())
                .containsExactly(9);
        assertThat(store.calls(Op.PUT)).isZero();
    }

    @Test
    void aNonImageFailsUnsupportedFormat() throws Exception {
        store.upload(BUCKET, "originals/movie.jpg", "PK\u0003\u0004 not an image".getBytes(StandardCharsets.UTF_8), "");

        ThumbnailEvent result = process(created("originals/movie.jpg", null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.UNSUPPORTED_FORMAT);
        assertThat(result.error().message()).contains("50 4b 03 04").contains("not downloaded");
    }

    @Test
    void anImageAboveTheSourceLimitFailsTooLargeWithoutBeingDownloaded() throws Exception {
        byte[] big = jpeg(1000, 1000);
        store.upload(BUCKET, "originals/big.jpg", big, "image/jpeg");
        ThumbnailJob limited = JobFixtures.jobFor(store, SPECS, big.length - 1);

        ThumbnailEvent result =
                limited.process(created("originals/big.jpg", null), 1).orElseThrow();

        assertThat(result.error().reason()).isEqualTo(FailureReason.TOO_LARGE);
        assertThat(result.error().message()).contains("THUMBSTREAM_MAX_SOURCE_BYTES");
        assertThat(store.calls(Op.PUT)).isZero();
    }

    @Test
    void aThumbnailWithAForgedSequencerDoesNotMakeEveryEventStale() throws Exception {
        store.upload(BUCKET, "originals/a.jpg", jpeg(400, 300), "image/jpeg");
        process(created("originals/a.jpg", null));
        Map<String, String> forged = Map.of(
                ThumbnailMetadata.GENERATED_BY, "thumbstream",
                ThumbnailMetadata.SOURCE_BUCKET, BUCKET,
                ThumbnailMetadata.SOURCE_KEY, "originals/a.jpg",
                ThumbnailMetadata.SOURCE_SEQUENCER, "zzzz");
        store.put(BUCKET, "thumbnails/small/originals/a.jpg.jpg", jpeg(32, 24), "image/jpeg", forged);

        ThumbnailEvent result = process(new UploadEvent(
                UploadEvent.Action.CREATED, BUCKET, "originals/a.jpg", null, null, null, null, null, "00AB"));

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
    }
}
