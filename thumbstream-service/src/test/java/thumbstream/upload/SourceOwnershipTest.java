package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.created;
import static thumbstream.upload.JobFixtures.jpeg;
import static thumbstream.upload.JobFixtures.removed;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.storage.InMemoryObjectStore.Entry;
import thumbstream.storage.InMemoryObjectStore.Op;

/** A thumbnail belongs to exactly one source: the one its metadata records. */
class SourceOwnershipTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = JobFixtures.jobFor(store, JobFixtures.SPECS);

    private ThumbnailEvent process(thumbstream.event.UploadEvent upload) throws Exception {
        return job.process(upload, 1).orElseThrow();
    }

    @Test
    void aKeyWithoutExtensionAndTheSameKeyWithOneKeepSeparateThumbnails() throws Exception {
        byte[] withExtension = jpeg(400, 300);
        byte[] without = jpeg(300, 400);
        store.upload(BUCKET, "a/x.jpg", withExtension, "image/jpeg");
        store.upload(BUCKET, "a/x", without, "image/jpeg");

        ThumbnailEvent first = process(created("a/x.jpg", null));
        ThumbnailEvent second = process(created("a/x", null));

        assertThat(first.renditions())
                .extracting(ThumbnailEvent.RenditionResult::key)
                .doesNotContainAnyElementsOf(second.renditions().stream()
                        .map(ThumbnailEvent.RenditionResult::key)
                        .toList());
        for (ThumbnailEvent.RenditionResult r : first.renditions()) {
            assertThat(store.object(BUCKET, r.key()).orElseThrow().userMetadata())
                    .containsEntry(ThumbnailMetadata.SOURCE_KEY, "a/x.jpg")
                    .containsEntry(ThumbnailMetadata.SOURCE_ETAG, InMemoryObjectStore.md5Hex(withExtension));
        }
    }

    @Test
    void removingAKeyWithoutExtensionLeavesTheThumbnailsOfTheKeyWithOne() throws Exception {
        store.upload(BUCKET, "a/x.jpg", jpeg(400, 300), "image/jpeg");
        store.upload(BUCKET, "a/x", jpeg(300, 400), "image/jpeg");
        ThumbnailEvent kept = process(created("a/x.jpg", null));
        process(created("a/x", null));
        store.delete(BUCKET, "a/x");

        ThumbnailEvent result = process(removed("a/x"));

        assertThat(result.status()).isEqualTo(Status.DELETED);
        for (ThumbnailEvent.RenditionResult r : kept.renditions()) {
            assertThat(store.object(BUCKET, r.key())).as(r.key()).isPresent();
        }
        assertThat(store.refs()).noneMatch(ref -> ref.startsWith("media/thumbnails/") && ref.endsWith("/a/x.jpg"));
    }

    @Test
    void everyThumbnailRecordsItsSourceBucketAndKey() throws Exception {
        store.upload(BUCKET, "photos/shoe 1 é.jpg", jpeg(400, 300), "image/jpeg");

        ThumbnailEvent result = process(created("photos/shoe 1 é.jpg", null));

        assertThat(result.renditions()).hasSize(2);
        for (ThumbnailEvent.RenditionResult r : result.renditions()) {
            Map<String, String> metadata =
                    store.object(BUCKET, r.key()).orElseThrow().userMetadata();
            assertThat(metadata)
                    .containsEntry(ThumbnailMetadata.SOURCE_BUCKET, BUCKET)
                    // percent-encoded: S3 metadata travels in HTTP headers, which take ASCII only
                    .containsEntry(ThumbnailMetadata.SOURCE_KEY, "photos/shoe%201%20%C3%A9.jpg");
            assertThat(metadata.values()).allMatch(v -> v.chars().allMatch(c -> c > 0x20 && c < 0x7f));
        }
    }

    @Test
    void aThumbnailRecordingAnotherSourceIsNeverOverwritten() throws Exception {
        store.upload(BUCKET, "a/x", jpeg(400, 300), "image/jpeg");
        String key = "thumbnails/small/a/x.jpg";
        store.put(BUCKET, key, new byte[] {7}, "image/jpeg", ownedBy("a/x.jpg"));

        ThumbnailEvent result = process(created("a/x", null));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
        assertThat(result.error().message()).contains(key).contains("a/x.jpg");
        assertThat(store.object(BUCKET, key).orElseThrow().bytes()).containsExactly(7);
    }

    @Test
    void aThumbnailWrittenBeforeThumbnailsRecordedTheirSourceIsNeverOverwritten() throws Exception {
        // Before this change, a/x.jpg's small thumbnail was thumbnails/small/a/x.jpg: the key a/x has now.
        store.upload(BUCKET, "a/x", jpeg(400, 300), "image/jpeg");
        String key = "thumbnails/small/a/x.jpg";
        Map<String, String> legacy = ownedBy("a/x.jpg");
        legacy.remove(ThumbnailMetadata.SOURCE_BUCKET);
        legacy.remove(ThumbnailMetadata.SOURCE_KEY);
        store.put(BUCKET, key, new byte[] {7}, "image/jpeg", legacy);

        ThumbnailEvent result = process(created("a/x", null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
        assertThat(result.error().message()).contains(key).contains("records no source");
        assertThat(store.object(BUCKET, key).orElseThrow().bytes()).containsExactly(7);
    }

    @Test
    void aThumbnailRecordingTheSameKeyInAnotherBucketIsNotThisSources() throws Exception {
        store.upload(BUCKET, "a/x", jpeg(400, 300), "image/jpeg");
        Map<String, String> copied = ownedBy("a/x");
        copied.put(ThumbnailMetadata.SOURCE_BUCKET, "elsewhere");
        store.put(BUCKET, "thumbnails/small/a/x.jpg", new byte[] {7}, "image/jpeg", copied);

        ThumbnailEvent result = process(created("a/x", null));

        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
    }

    @Test
    void aRemovalLeavesThumbnailsRecordingAnotherSource() throws Exception {
        String key = "thumbnails/small/a/x.jpg";
        store.put(BUCKET, key, new byte[] {7}, "image/jpeg", ownedBy("a/x.jpg"));
        store.resetCalls();

        ThumbnailEvent result = process(removed("a/x"));

        assertThat(result.status()).isEqualTo(Status.DELETED);
        assertThat(store.object(BUCKET, key)).isPresent();
        assertThat(store.calls(Op.DELETE)).isZero();
    }

    @Test
    void aThumbnailOfAnotherSourceIsNotReportedAsCurrent() throws Exception {
        byte[] same = jpeg(400, 300);
        store.upload(BUCKET, "a/x.jpg", same, "image/jpeg");
        store.upload(BUCKET, "b/x.jpg", same, "image/jpeg"); // same bytes, same ETag
        process(created("a/x.jpg", null));
        // b/x.jpg's keys hold copies of a/x.jpg's thumbnails, metadata and all
        ThumbnailKeys keys = new ThumbnailKeys(JobFixtures.PREFIX);
        for (var spec : thumbstream.imaging.RenditionSpec.parseList(JobFixtures.SPECS)) {
            Entry e = store.object(BUCKET, keys.keyFor("a/x.jpg", spec)).orElseThrow();
            store.put(BUCKET, keys.keyFor("b/x.jpg", spec), e.bytes(), e.contentType(), e.userMetadata());
        }

        ThumbnailEvent result = process(created("b/x.jpg", InMemoryObjectStore.md5Hex(same)));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error().reason()).isEqualTo(FailureReason.FORBIDDEN);
    }

    /** Metadata as this service writes it for a thumbnail of {@code sourceKey} in {@link JobFixtures#BUCKET}. */
    private static Map<String, String> ownedBy(String sourceKey) {
        Map<String, String> m = new HashMap<>();
        m.put(ThumbnailMetadata.GENERATED_BY, "thumbstream");
        m.put(ThumbnailMetadata.SOURCE_ETAG, "e1");
        m.put(ThumbnailMetadata.SPEC, "small:320x320:fit:jpg");
        m.put(ThumbnailMetadata.SOURCE_BUCKET, BUCKET);
        m.put(ThumbnailMetadata.SOURCE_KEY, sourceKey);
        return m;
    }
}
