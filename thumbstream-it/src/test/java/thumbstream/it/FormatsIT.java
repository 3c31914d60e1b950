package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.UploadEvent;
import thumbstream.imaging.Codecs;
import thumbstream.imaging.RenditionSpec;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * WebP and AVIF output and HEIC input through the whole service, on the real broker and S3 server:
 * one object per format, each listed in the result with its format.
 */
class FormatsIT {

    @Test
    void givenAHeicAndAJpeg_whenAnnounced_thenEachGetsAJpgWebpAndAvifThumbnailFromOneRendition() throws Exception {
        assumeTrue(Codecs.canEncode(RenditionSpec.Format.WEBP), "needs libwebp: apt-get install libwebp7");
        assumeTrue(Codecs.canEncode(RenditionSpec.Format.AVIF), "needs libheif: apt-get install libheif1");
        ThumbstreamConfig config = SharedInfrastructure.newScenario("formats", 2)
                .with(b -> b.renditions = RenditionSpec.parseList("small:320x320:fit:jpg+webp+avif"));
        ObjectStore store = new MinioObjectStore(config.s3());
        String bucket = "media";
        String prefix = "formats-" + UUID.randomUUID() + "/";
        store.put(bucket, prefix + "IMG_0001.HEIC", fixture("halves.heic"), "image/heic", Map.of());
        store.put(bucket, prefix + "photo.jpg", TestImages.jpeg(1600, 1200), "image/jpeg", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            publisher.publish(List.of(
                    UploadEvent.created(bucket, prefix + "IMG_0001.HEIC"),
                    UploadEvent.created(bucket, prefix + "photo.jpg")));
            results = reader.read(2, Duration.ofMinutes(2));
        }

        assertThat(results).hasSize(2);
        ThumbnailEvent heic = results.stream()
                .filter(r -> r.key().endsWith(".HEIC"))
                .findFirst()
                .orElseThrow();
        assertThat(heic.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
        assertThat(heic.renditions())
                .extracting(
                        RenditionResult::name,
                        RenditionResult::format,
                        RenditionResult::key,
                        RenditionResult::contentType)
                .containsExactly(
                        tuple("small", "jpg", "thumbnails/small/" + prefix + "IMG_0001.HEIC.jpg", "image/jpeg"),
                        tuple("small", "webp", "thumbnails/small/" + prefix + "IMG_0001.HEIC.webp", "image/webp"),
                        tuple("small", "avif", "thumbnails/small/" + prefix + "IMG_0001.HEIC.avif", "image/avif"));
        for (ThumbnailEvent result : results) {
            assertThat(result.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED);
            for (RenditionResult rendition : result.renditions()) {
                byte[] stored =
                        store.get(bucket, rendition.key(), Long.MAX_VALUE).bytes();
                assertThat(stored).hasSize((int) rendition.bytes());
                BufferedImage image = Codecs.decode(stored);
                assertThat(image.getWidth()).as(rendition.key()).isEqualTo(rendition.width());
                assertThat(image.getHeight()).as(rendition.key()).isEqualTo(rendition.height());
            }
        }
        // the HEIC fixture is 64x48 (not upscaled), the JPEG 1600x1200 fits as 320x240
        assertThat(heic.renditions()).allSatisfy(r -> assertThat(r.width()).isEqualTo(64));
        assertThat(results.stream()
                        .filter(r -> r.key().endsWith(".jpg"))
                        .findFirst()
                        .orElseThrow()
                        .renditions())
                .allSatisfy(r -> assertThat(r.width()).isEqualTo(320));
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = FormatsIT.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
