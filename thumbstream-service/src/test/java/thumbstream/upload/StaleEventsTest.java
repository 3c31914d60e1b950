package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.jpeg;

import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.event.Sequencers;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.storage.InMemoryObjectStore;

/** Events that arrive late or describe our own output never overwrite or delete newer thumbnails. */
class StaleEventsTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = JobFixtures.jobFor(store, JobFixtures.SPECS);

    private static String smallKey() {
        return new ThumbnailKeys(JobFixtures.PREFIX)
                .keyFor(
                        "a.jpg",
                        thumbstream.imaging.RenditionSpec.parseList(JobFixtures.SPECS)
                                .get(0));
    }

    private static UploadEvent event(UploadEvent.Action action, String etag, String sequencer) {
        return new UploadEvent(action, BUCKET, "a.jpg", etag, null, null, null, null, sequencer);
    }

    @Test
    void anOlderCreateEventDoesNotRenderOverNewerThumbnails() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String etag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, etag, "0055AED6DCD90281E5"), 1)
                .orElseThrow();
        store.resetCalls();

        ThumbnailEvent late = job.process(event(UploadEvent.Action.CREATED, "0ld", "0055AED6DCD90281E4"), 1)
                .orElseThrow();

        assertThat(late.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
        assertThat(store.calls(InMemoryObjectStore.Op.GET)).isZero();
        assertThat(store.calls(InMemoryObjectStore.Op.PUT)).isZero();
    }

    @Test
    void anOlderDeleteEventDoesNotDeleteThumbnailsOfALaterUpload() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String etag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, etag, "0055AED6DCD90281E5"), 1)
                .orElseThrow();

        ThumbnailEvent late = job.process(event(UploadEvent.Action.REMOVED, null, "55AED6DCD90281E0"), 1)
                .orElseThrow();

        assertThat(late.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
        assertThat(store.object(BUCKET, "thumbnails/small/a.jpg.jpg")).isPresent();
    }

    @Test
    void aLaterDeleteEventStillDeletes() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String etag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, etag, "0055AED6DCD90281E5"), 1)
                .orElseThrow();
        store.delete(BUCKET, "a.jpg"); // the removal really happened

        ThumbnailEvent delete = job.process(event(UploadEvent.Action.REMOVED, null, "0055AED6DCD90281F0"), 1)
                .orElseThrow();

        assertThat(delete.status()).isEqualTo(ThumbnailEvent.Status.DELETED);
        assertThat(store.object(BUCKET, "thumbnails/small/a.jpg.jpg")).isEmpty();
    }

    @Test
    void anEventForAReplacedVersionIsSkippedWhenTheThumbnailsMatchTheCurrentOne() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String current = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, current, null), 1).orElseThrow();
        store.resetCalls();

        ThumbnailEvent late = job.process(event(UploadEvent.Action.CREATED, "etag-of-an-older-version", null), 1)
                .orElseThrow();

        assertThat(late.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
        assertThat(store.calls(InMemoryObjectStore.Op.GET))
                .as("original not downloaded")
                .isZero();
    }

    @Test
    void aForgedHighSequencerDoesNotKeepTheThumbnailsOfReplacedContent() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String forgedEtag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        // a producer's event with the highest sequencer accepted: the thumbnails record it
        job.process(event(UploadEvent.Action.CREATED, forgedEtag, "F".repeat(Sequencers.MAX_LENGTH)), 1)
                .orElseThrow();
        byte[] replaced = jpeg(300, 400);
        store.upload(BUCKET, "a.jpg", replaced, "image/jpeg");

        ThumbnailEvent real = job.process(
                        event(UploadEvent.Action.CREATED, InMemoryObjectStore.md5Hex(replaced), "0055AED6DCD90281E6"),
                        1)
                .orElseThrow();

        assertThat(real.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(store.object(BUCKET, smallKey()).orElseThrow().userMetadata())
                .containsEntry(ThumbnailMetadata.SOURCE_ETAG, InMemoryObjectStore.md5Hex(replaced))
                .containsEntry(ThumbnailMetadata.HEIGHT, "320");
    }

    @Test
    void aStaleLookingEventForAnOlderVersionRendersTheObjectAsItIsNow() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        job.process(event(UploadEvent.Action.CREATED, null, "0055AED6DCD90281E5"), 1)
                .orElseThrow();
        byte[] replaced = jpeg(300, 400);
        store.upload(BUCKET, "a.jpg", replaced, "image/jpeg"); // its own event is lost or still to come

        ThumbnailEvent late = job.process(event(UploadEvent.Action.CREATED, "0ld", "0055AED6DCD90281E4"), 1)
                .orElseThrow();

        assertThat(late.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(late.sourceEtag()).isEqualTo(InMemoryObjectStore.md5Hex(replaced));
        assertThat(store.object(BUCKET, smallKey()).orElseThrow().userMetadata())
                .containsEntry(ThumbnailMetadata.SOURCE_ETAG, InMemoryObjectStore.md5Hex(replaced))
                .as("the late event's sequencer is not recorded on thumbnails of another version")
                .doesNotContainKey(ThumbnailMetadata.SOURCE_SEQUENCER);
    }

    @Test
    void aStaleLookingRemovalOfAnObjectThatIsReallyGoneDeletesItsThumbnails() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String etag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, etag, "F".repeat(Sequencers.MAX_LENGTH)), 1)
                .orElseThrow();
        store.delete(BUCKET, "a.jpg");

        ThumbnailEvent delete = job.process(event(UploadEvent.Action.REMOVED, null, "0055AED6DCD90281F0"), 1)
                .orElseThrow();

        assertThat(delete.status()).isEqualTo(ThumbnailEvent.Status.DELETED);
        assertThat(store.object(BUCKET, smallKey())).isEmpty();
    }

    @Test
    void aStaleLookingCreateEventAfterTheObjectWasDeletedResurrectsNothing() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String etag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, etag, "0055AED6DCD90281E5"), 1)
                .orElseThrow();
        store.delete(BUCKET, "a.jpg");
        job.process(event(UploadEvent.Action.REMOVED, null, "0055AED6DCD90281E6"), 1)
                .orElseThrow();
        store.resetCalls();

        ThumbnailEvent late = job.process(event(UploadEvent.Action.CREATED, etag, "0055AED6DCD90281E4"), 1)
                .orElseThrow();

        assertThat(late.status()).isEqualTo(ThumbnailEvent.Status.FAILED);
        assertThat(late.error().reason()).isEqualTo(thumbstream.event.FailureReason.NOT_FOUND);
        assertThat(store.calls(InMemoryObjectStore.Op.PUT)).isZero();
        assertThat(store.object(BUCKET, smallKey())).isEmpty();
    }

    @Test
    void aRecordedSequencerLongerThanAnyS3SendsOrdersNothing() throws Exception {
        // thumbnails written by an earlier version, which took sequencers of up to 64 digits
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        String etag = store.object(BUCKET, "a.jpg").orElseThrow().etag();
        job.process(event(UploadEvent.Action.CREATED, etag, "0055AED6DCD90281E5"), 1)
                .orElseThrow();
        for (String key : store.refs()) {
            String k = key.substring(BUCKET.length() + 1);
            if (k.startsWith(JobFixtures.PREFIX)) {
                InMemoryObjectStore.Entry e = store.object(BUCKET, k).orElseThrow();
                Map<String, String> m = new java.util.HashMap<>(e.userMetadata());
                m.put(ThumbnailMetadata.SOURCE_SEQUENCER, "F".repeat(64));
                store.put(BUCKET, k, e.bytes(), e.contentType(), m);
            }
        }
        byte[] replaced = jpeg(300, 400);
        store.upload(BUCKET, "a.jpg", replaced, "image/jpeg");
        store.resetCalls();

        ThumbnailEvent real = job.process(
                        event(UploadEvent.Action.CREATED, InMemoryObjectStore.md5Hex(replaced), "0055AED6DCD90281E6"),
                        1)
                .orElseThrow();

        assertThat(real.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
    }

    @Test
    void objectsOutsideThePrefixCarryingOurGeneratedByMetadataAreSkippedSayingWhy() throws Exception {
        // E.g. a thumbnail copied to an ordinary key, or a writer who set the metadata itself: never
        // rendered, but the upload still ends in a result, so a job that counts it can finish.
        store.put(
                BUCKET,
                "copies/a.jpg",
                jpeg(400, 300),
                "image/jpeg",
                Map.of(ThumbnailMetadata.GENERATED_BY, "thumbstream"));

        ThumbnailEvent result =
                job.process(UploadEvent.created(BUCKET, "copies/a.jpg"), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
        assertThat(result.note()).contains("thumbstream-generated-by").contains("not made of thumbnails");
        assertThat(result.renditions()).isEmpty();
        assertThat(result.error()).isNull();
        assertThat(store.calls(InMemoryObjectStore.Op.PUT)).isEqualTo(1); // only the test's own put
    }

    @Test
    void sequencersCompareAsHexNumbersOfAnyLength() {
        assertThat(Sequencers.compare("0055AED6DCD90281E5", "55AED6DCD90281E4")).isPositive();
        assertThat(Sequencers.compare("0A", "a")).isZero();
        assertThat(Sequencers.compare("FF", "100")).isNegative();
    }
}
