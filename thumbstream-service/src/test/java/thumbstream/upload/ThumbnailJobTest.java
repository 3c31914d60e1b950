package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.CLOCK;
import static thumbstream.upload.JobFixtures.SPECS;
import static thumbstream.upload.JobFixtures.created;
import static thumbstream.upload.JobFixtures.decode;
import static thumbstream.upload.JobFixtures.jobFor;
import static thumbstream.upload.JobFixtures.jpeg;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.storage.InMemoryObjectStore.Entry;
import thumbstream.storage.InMemoryObjectStore.Op;

/** Rendering and storing thumbnails, skipping current ones, and result ids. */
class ThumbnailJobTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = jobFor(store, SPECS);

    private ThumbnailEvent process(UploadEvent upload) throws TransientJobException {
        Optional<ThumbnailEvent> result = job.process(upload, 1);
        assertThat(result).as("result of %s", upload.key()).isPresent();
        return result.get();
    }

    @Test
    void rendersAndStoresEveryRenditionAndReportsThemCompleted() throws Exception {
        byte[] original = jpeg(800, 600);
        store.upload(BUCKET, "photos/cat.jpg", original, "image/jpeg");

        ThumbnailEvent result = process(created("photos/cat.jpg", null));

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.bucket()).isEqualTo(BUCKET);
        assertThat(result.key()).isEqualTo("photos/cat.jpg");
        assertThat(result.sourceEtag()).isEqualTo(InMemoryObjectStore.md5Hex(original));
        assertThat(result.error()).isNull();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.processedAt()).isEqualTo(CLOCK.instant());
        assertThat(result.renditions())
                .extracting(
                        RenditionResult::name,
                        RenditionResult::key,
                        RenditionResult::width,
                        RenditionResult::height,
                        RenditionResult::contentType)
                .containsExactly(
                        tuple("small", "thumbnails/small/photos/cat.jpg.jpg", 320, 240, "image/jpeg"),
                        tuple("square", "thumbnails/square/photos/cat.jpg.png", 64, 64, "image/png"));
    }

    @Test
    void storesEachThumbnailWithContentTypeAndProvenanceMetadata() throws Exception {
        byte[] original = jpeg(800, 600);
        store.upload(BUCKET, "photos/cat.jpg", original, "image/jpeg");

        ThumbnailEvent result = process(created("photos/cat.jpg", null));

        Entry small =
                store.object(BUCKET, "thumbnails/small/photos/cat.jpg.jpg").orElseThrow();
        assertThat(small.contentType()).isEqualTo("image/jpeg");
        assertThat(small.userMetadata())
                .containsEntry("thumbstream-source-etag", InMemoryObjectStore.md5Hex(original))
                .containsEntry("thumbstream-spec", "small:320x320:fit:jpg")
                .containsEntry("thumbstream-width", "320")
                .containsEntry("thumbstream-height", "240");
        assertThat(small.bytes()).hasSize((int) result.renditions().get(0).bytes());
        BufferedImage smallImage = decode(small.bytes());
        assertThat(smallImage.getWidth()).isEqualTo(320);
        assertThat(smallImage.getHeight()).isEqualTo(240);

        Entry square =
                store.object(BUCKET, "thumbnails/square/photos/cat.jpg.png").orElseThrow();
        assertThat(square.contentType()).isEqualTo("image/png");
        assertThat(square.userMetadata())
                .containsEntry("thumbstream-source-etag", InMemoryObjectStore.md5Hex(original))
                .containsEntry("thumbstream-spec", "square:64x64:crop:png");
        assertThat(decode(square.bytes()).getWidth()).isEqualTo(64);
    }

    @Test
    void skipsWithoutDownloadingWhenTheThumbnailsAreFromTheSameVersion() throws Exception {
        byte[] original = jpeg(800, 600);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "photos/cat.jpg", original, "image/jpeg");
        ThumbnailEvent first = process(created("photos/cat.jpg", etag));
        store.resetCalls();

        ThumbnailEvent second = process(created("photos/cat.jpg", etag));

        assertThat(second.status()).isEqualTo(Status.SKIPPED);
        assertThat(store.calls(Op.GET)).as("downloads of the original").isZero();
        assertThat(store.calls(Op.PUT)).as("thumbnail writes").isZero();
        assertThat(second.sourceEtag()).isEqualTo(etag);
        assertThat(second.renditions()).isEqualTo(first.renditions());
    }

    @Test
    void acceptsTheQuotedEtagOfAnS3NotificationAsTheSameVersion() throws Exception {
        byte[] original = jpeg(400, 300);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "a.jpg", original, "image/jpeg");
        process(created("a.jpg", null));
        store.resetCalls();

        ThumbnailEvent second = process(created("a.jpg", "\"" + etag + "\""));

        assertThat(second.status()).isEqualTo(Status.SKIPPED);
        assertThat(store.calls(Op.GET)).isZero();
    }

    @Test
    void skipsAfterOneStatOfTheSourceWhenTheEventCarriesNoEtag() throws Exception {
        // given thumbnails made from the current version
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        process(created("a.jpg", null));
        store.resetCalls();

        // when the same event without ETag comes again
        ThumbnailEvent second = process(created("a.jpg", null));

        // then the source's ETag comes from one stat, and nothing is downloaded or rendered
        assertThat(second.status()).isEqualTo(Status.SKIPPED);
        assertThat(second.sourceEtag()).isNotBlank();
        assertThat(store.calls(Op.GET)).isZero();
        assertThat(store.calls(Op.PUT)).isZero();
    }

    @Test
    void rendersWhenTheEventCarriesNoEtagAndTheSourceChanged() throws Exception {
        // given thumbnails of an older version
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        process(created("a.jpg", null));
        store.upload(BUCKET, "a.jpg", jpeg(300, 400), "image/jpeg");
        store.resetCalls();

        // when an event without ETag names the object
        ThumbnailEvent second = process(created("a.jpg", null));

        // then the new version is rendered
        assertThat(second.status()).isEqualTo(Status.COMPLETED);
        assertThat(store.calls(Op.GET)).isEqualTo(1);
    }

    @Test
    void rendersAgainWhenTheSourceChanged() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        process(created("a.jpg", null));
        byte[] replaced = jpeg(300, 400);
        store.upload(BUCKET, "a.jpg", replaced, "image/jpeg");
        store.resetCalls();

        ThumbnailEvent second = process(created("a.jpg", InMemoryObjectStore.md5Hex(replaced)));

        assertThat(second.status()).isEqualTo(Status.COMPLETED);
        assertThat(store.object(BUCKET, "thumbnails/small/a.jpg.jpg")
                        .orElseThrow()
                        .userMetadata())
                .containsEntry("thumbstream-source-etag", InMemoryObjectStore.md5Hex(replaced))
                .containsEntry("thumbstream-width", "240")
                .containsEntry("thumbstream-height", "320");
    }

    @Test
    void rendersAgainWhenARenditionSpecChanged() throws Exception {
        byte[] original = jpeg(800, 600);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "a.jpg", original, "image/jpeg");
        process(created("a.jpg", etag));
        ThumbnailJob resized = jobFor(store, "small:200x200:fit:jpg,square:64x64:crop:png");
        store.resetCalls();

        ThumbnailEvent second = resized.process(created("a.jpg", etag), 1).orElseThrow();

        assertThat(second.status()).isEqualTo(Status.COMPLETED);
        assertThat(store.calls(Op.GET)).isEqualTo(1);
        Entry small = store.object(BUCKET, "thumbnails/small/a.jpg.jpg").orElseThrow();
        assertThat(small.userMetadata()).containsEntry("thumbstream-spec", "small:200x200:fit:jpg");
        assertThat(decode(small.bytes()).getWidth()).isEqualTo(200);
    }

    @Test
    void rendersAllWhenOnlyOneThumbnailIsMissing() throws Exception {
        byte[] original = jpeg(800, 600);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "a.jpg", original, "image/jpeg");
        process(created("a.jpg", etag));
        store.delete(BUCKET, "thumbnails/square/a.jpg.png");

        ThumbnailEvent second = process(created("a.jpg", etag));

        assertThat(second.status()).isEqualTo(Status.COMPLETED);
        assertThat(store.object(BUCKET, "thumbnails/square/a.jpg.png")).isPresent();
    }

    @Test
    void givesEqualResultIdsForEqualInputs() throws Exception {
        byte[] original = jpeg(400, 300);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "a.jpg", original, "image/jpeg");

        ThumbnailEvent completed = process(created("a.jpg", etag));
        ThumbnailEvent skipped = process(created("a.jpg", etag));
        ThumbnailEvent rerendered = process(created("a.jpg", null));

        assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
        assertThat(skipped.id()).isEqualTo(completed.id());
        assertThat(rerendered.id())
                .as("the etag comes from the object when the event has none")
                .isEqualTo(completed.id());
    }

    @Test
    void givesEqualFailureIdsForEqualInputs() throws Exception {
        ThumbnailEvent first = process(created("gone.jpg", "abc"));
        ThumbnailEvent second = process(created("gone.jpg", "abc"));

        assertThat(second.id()).isEqualTo(first.id());
    }

    @Test
    void givesDifferentResultIdsForDifferentVersionsKeysAndRenditionSets() throws Exception {
        byte[] v1 = jpeg(400, 300);
        byte[] v2 = jpeg(300, 400);
        store.upload(BUCKET, "a.jpg", v1, "image/jpeg");
        String idV1 = process(created("a.jpg", null)).id();
        store.upload(BUCKET, "b.jpg", v1, "image/jpeg");
        String idOtherKey = process(created("b.jpg", null)).id();
        String idOtherSpecs = jobFor(store, "small:200x200")
                .process(created("a.jpg", null), 1)
                .orElseThrow()
                .id();
        store.upload(BUCKET, "a.jpg", v2, "image/jpeg");
        String idV2 = process(created("a.jpg", null)).id();

        assertThat(List.of(idV1, idOtherKey, idOtherSpecs, idV2)).doesNotHaveDuplicates();
    }
}
