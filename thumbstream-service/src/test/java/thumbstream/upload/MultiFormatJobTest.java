package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.created;
import static thumbstream.upload.JobFixtures.jobFor;
import static thumbstream.upload.JobFixtures.jpeg;
import static thumbstream.upload.JobFixtures.removed;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.imaging.Codecs;
import thumbstream.imaging.RenditionSpec.Format;
import thumbstream.storage.InMemoryObjectStore;
import thumbstream.storage.InMemoryObjectStore.Entry;
import thumbstream.storage.InMemoryObjectStore.Op;

/** A rendition with several formats: one object per format, each listed in the result. */
class MultiFormatJobTest {

    private static final String SPECS = "small:320x320:fit:jpg+webp+avif,square:64x64:crop:webp";

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ThumbnailJob job = jobFor(store, SPECS);

    @BeforeEach
    void needsTheNativeEncoders() {
        assumeTrue(Codecs.canEncode(Format.WEBP), "needs libwebp: apt-get install libwebp7");
        assumeTrue(Codecs.canEncode(Format.AVIF), "needs libheif with aom: apt-get install libheif1");
    }

    @Test
    void givenJpgWebpAndAvif_whenRendered_thenOneObjectPerFormatIsStoredAndListed() throws Exception {
        store.upload(BUCKET, "photos/cat.jpg", jpeg(800, 600), "image/jpeg");

        ThumbnailEvent result = job.process(created("photos/cat.jpg", null), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.renditions())
                .extracting(
                        RenditionResult::name,
                        RenditionResult::format,
                        RenditionResult::key,
                        RenditionResult::width,
                        RenditionResult::height,
                        RenditionResult::contentType)
                .containsExactly(
                        tuple("small", "jpg", "thumbnails/small/photos/cat.jpg.jpg", 320, 240, "image/jpeg"),
                        tuple("small", "webp", "thumbnails/small/photos/cat.jpg.webp", 320, 240, "image/webp"),
                        tuple("small", "avif", "thumbnails/small/photos/cat.jpg.avif", 320, 240, "image/avif"),
                        tuple("square", "webp", "thumbnails/square/photos/cat.jpg.webp", 64, 64, "image/webp"));
        Entry webp =
                store.object(BUCKET, "thumbnails/small/photos/cat.jpg.webp").orElseThrow();
        assertThat(new String(webp.bytes(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(webp.contentType()).isEqualTo("image/webp");
        assertThat(webp.userMetadata()).containsEntry("thumbstream-spec", "small:320x320:fit:jpg+webp+avif");
        Entry avif =
                store.object(BUCKET, "thumbnails/small/photos/cat.jpg.avif").orElseThrow();
        assertThat(new String(avif.bytes(), 4, 8, StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
        assertThat(result.renditions())
                .allSatisfy(r -> assertThat(
                                store.object(BUCKET, r.key()).orElseThrow().bytes())
                        .hasSize((int) r.bytes()));
    }

    @Test
    void givenEveryFormatIsCurrent_whenTheSameVersionArrivesAgain_thenItIsSkippedWithAllFormatsListed()
            throws Exception {
        byte[] original = jpeg(400, 300);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "a.jpg", original, "image/jpeg");
        ThumbnailEvent first = job.process(created("a.jpg", etag), 1).orElseThrow();
        store.resetCalls();

        ThumbnailEvent second = job.process(created("a.jpg", etag), 1).orElseThrow();

        assertThat(second.status()).isEqualTo(Status.SKIPPED);
        assertThat(store.calls(Op.GET)).isZero();
        assertThat(second.renditions()).isEqualTo(first.renditions());
    }

    @Test
    void givenOneFormatIsMissing_whenTheSameVersionArrivesAgain_thenItIsRenderedAgain() throws Exception {
        byte[] original = jpeg(400, 300);
        String etag = InMemoryObjectStore.md5Hex(original);
        store.upload(BUCKET, "a.jpg", original, "image/jpeg");
        job.process(created("a.jpg", etag), 1).orElseThrow();
        store.delete(BUCKET, "thumbnails/small/a.jpg.avif");

        ThumbnailEvent again = job.process(created("a.jpg", etag), 1).orElseThrow();

        assertThat(again.status()).isEqualTo(Status.COMPLETED);
        assertThat(store.object(BUCKET, "thumbnails/small/a.jpg.avif")).isPresent();
    }

    @Test
    void givenTheSourceIsRemoved_whenProcessed_thenEveryFormatIsDeleted() throws Exception {
        store.upload(BUCKET, "a.jpg", jpeg(400, 300), "image/jpeg");
        job.process(created("a.jpg", null), 1).orElseThrow();
        store.delete(BUCKET, "a.jpg");

        ThumbnailEvent result = job.process(removed("a.jpg"), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.DELETED);
        assertThat(store.refs()).isEmpty();
    }
}
