package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.upload.JobFixtures.BUCKET;
import static thumbstream.upload.JobFixtures.CLOCK;
import static thumbstream.upload.JobFixtures.PREFIX;
import static thumbstream.upload.JobFixtures.created;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Crop;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.imaging.crop.SalientScenes;
import thumbstream.imaging.placeholder.PlaceholderKind;
import thumbstream.storage.InMemoryObjectStore;

/** The completed event's placeholder and crop rectangles, and where a focal point comes from. */
class PlaceholderAndFocusJobTest {

    private static final String SPECS = "small:320x320:fit:jpg,hero:200x200:crop=focus:jpg";
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @Test
    void givenAnUpload_whenCompleted_thenTheEventCarriesEveryPlaceholderAndTheCropRectangle() throws Exception {
        store.upload(BUCKET, "p.png", scene(), "image/png");

        ThumbnailEvent result =
                job(PlaceholderKind.all()).process(created("p.png", null), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.placeholder()).isNotNull();
        assertThat(result.placeholder().blurhash()).hasSize(28);
        assertThat(result.placeholder().thumbhash()).isNotBlank();
        assertThat(result.placeholder().dominantColor()).matches("#[0-9a-f]{6}");
        assertThat(result.placeholder().averageColor()).matches("#[0-9a-f]{6}");
        assertThat(result.renditions().get(0).crop()).isNull();
        // No focus anywhere: crop=focus falls back to the smart crop, which finds the subject at 85%.
        Crop crop = result.renditions().get(1).crop();
        assertThat(crop.width()).isEqualTo(600);
        assertThat(crop.x()).isGreaterThan(1020 - 600 + 90).isLessThanOrEqualTo(1020 - 90);
    }

    @Test
    void givenNoPlaceholdersSelected_whenCompleted_thenTheEventHasNone() throws Exception {
        store.upload(BUCKET, "p.png", scene(), "image/png");

        ThumbnailEvent result = job(Set.of()).process(created("p.png", null), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.placeholder()).isNull();
    }

    @Test
    void givenFocusMetadataOnTheObject_whenRendered_thenTheCropIsCentredOnIt() throws Exception {
        store.put(BUCKET, "p.png", scene(), "image/png", Map.of("thumbstream-focus", "0.1,0.5"));

        ThumbnailEvent result = job(Set.of()).process(created("p.png", null), 1).orElseThrow();

        assertThat(result.renditions().get(1).crop()).isEqualTo(new Crop(0, 0, 600, 600));
    }

    @Test
    void givenFocusInTheEventAndTheMetadata_whenRendered_thenTheEventWins() throws Exception {
        store.put(BUCKET, "p.png", scene(), "image/png", Map.of("thumbstream-focus", "0.1,0.5"));
        UploadEvent upload = new UploadEvent(
                UploadEvent.Action.CREATED,
                BUCKET,
                "p.png",
                null,
                null,
                null,
                null,
                null,
                null,
                new FocusPoint(0.5, 0.5));

        ThumbnailEvent result = job(Set.of()).process(upload, 1).orElseThrow();

        assertThat(result.renditions().get(1).crop()).isEqualTo(new Crop(300, 0, 600, 600));
    }

    @Test
    void givenCurrentThumbnails_whenAnEventForTheSameVersionNamesAnotherFocus_thenItReRendersAndTheSameFocusSkips()
            throws Exception {
        byte[] scene = scene();
        store.upload(BUCKET, "p.png", scene, "image/png");
        String etag = InMemoryObjectStore.md5Hex(scene);
        ThumbnailJob job = job(Set.of());
        ThumbnailEvent first = job.process(focused(etag, 0.1), 1).orElseThrow();

        ThumbnailEvent moved = job.process(focused(etag, 0.5), 1).orElseThrow();
        ThumbnailEvent again = job.process(focused(etag, 0.5), 1).orElseThrow();
        ThumbnailEvent plain = job.process(created("p.png", etag), 1).orElseThrow();

        assertThat(moved.status()).isEqualTo(Status.COMPLETED);
        assertThat(moved.renditions().get(1).crop()).isEqualTo(new Crop(300, 0, 600, 600));
        assertThat(again.status()).isEqualTo(Status.SKIPPED);
        assertThat(again.renditions().get(1).crop()).isEqualTo(new Crop(300, 0, 600, 600));
        assertThat(plain.status())
                .as("an event without a focus keeps what is there")
                .isEqualTo(Status.SKIPPED);
    }

    private static UploadEvent focused(String etag, double x) {
        return new UploadEvent(
                UploadEvent.Action.CREATED,
                BUCKET,
                "p.png",
                etag,
                null,
                null,
                null,
                null,
                null,
                new FocusPoint(x, 0.5));
    }

    @Test
    void givenMalformedFocusMetadata_whenRendered_thenItIsIgnoredAndTheCropIsSmart() throws Exception {
        store.put(BUCKET, "p.png", scene(), "image/png", Map.of("thumbstream-focus", "left please"));

        ThumbnailEvent result = job(Set.of()).process(created("p.png", null), 1).orElseThrow();

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.renditions().get(1).crop().x()).isGreaterThan(1020 - 600 + 90);
    }

    @Test
    void givenACropRenditionWithTwoFormats_whenCompletedThenSkipped_thenEachFormatReportsTheSameCrop()
            throws Exception {
        byte[] scene = scene();
        store.upload(BUCKET, "p.png", scene, "image/png");
        String etag = InMemoryObjectStore.md5Hex(scene);
        ThumbnailJob job = job("small:320x320:fit:jpg,hero:200x200:crop=focus:jpg+png", PlaceholderKind.all());

        ThumbnailEvent done = job.process(focused(etag, 0.5), 1).orElseThrow();
        ThumbnailEvent skipped = job.process(focused(etag, 0.5), 1).orElseThrow();

        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThat(done.placeholder()).isNotNull();
        assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
        for (ThumbnailEvent event : List.of(done, skipped)) {
            assertThat(event.renditions())
                    .extracting(r -> r.name() + "." + r.format())
                    .containsExactly("small.jpg", "hero.jpg", "hero.png");
            assertThat(event.renditions())
                    .extracting(ThumbnailEvent.RenditionResult::crop)
                    .containsExactly(null, new Crop(300, 0, 600, 600), new Crop(300, 0, 600, 600));
        }
    }

    private ThumbnailJob job(Set<PlaceholderKind> placeholders) {
        return job(SPECS, placeholders);
    }

    private ThumbnailJob job(String specs, Set<PlaceholderKind> placeholders) {
        List<RenditionSpec> renditions = RenditionSpec.parseList(specs);
        return new ThumbnailJob(
                store,
                new ThumbnailRenderer(100_000_000).withPlaceholders(placeholders),
                renditions,
                new ThumbnailKeys(PREFIX),
                1024 * 1024,
                new ResultFactory(RenditionSpec.canonical(renditions), CLOCK));
    }

    /** 1200x600 with its only subject at (1020, 300). */
    private static byte[] scene() throws Exception {
        BufferedImage image = SalientScenes.withSubject(1200, 600, 1020, 300, 90);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
