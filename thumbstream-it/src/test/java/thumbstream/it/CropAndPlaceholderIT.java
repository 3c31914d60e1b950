package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Crop;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.crop.SalientScenes;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.testkit.ResultsReader;

/**
 * Focal points from object metadata (through the S3 API) and from events, smart crops, and
 * placeholders, on the real broker and S3 server.
 */
class CropAndPlaceholderIT {

    private static final String BUCKET = "media";

    @Test
    void givenFocusInMetadataOrEventOrNowhere_whenProcessed_thenEachCropIsWhereItShouldBeAndCarriesAPlaceholder()
            throws Exception {
        ThumbstreamConfig config = SharedInfrastructure.newScenario("crop", 2)
                .with(b -> b.renditions = RenditionSpec.parseList(
                        "small:160x160:fit:jpg,hero:200x200:crop=focus:jpg,square:128x128:crop=smart:png"));
        ObjectStore store = new MinioObjectStore(config.s3());
        String prefix = "crop-" + UUID.randomUUID() + "/";
        // given one 1200x600 picture whose only subject is at (1020, 300), stored three times
        byte[] scene = png(SalientScenes.withSubject(1200, 600, 1020, 300, 90));
        store.put(BUCKET, prefix + "metadata.png", scene, "image/png", Map.of("thumbstream-focus", "0.1,0.5"));
        store.put(BUCKET, prefix + "event.png", scene, "image/png", Map.of("thumbstream-focus", "0.1,0.5"));
        store.put(BUCKET, prefix + "none.png", scene, "image/png", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results());
                RawPublisher publisher = new RawPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            // when announced: one plain, one with a focus in the event, one with a broken focus
            publish(publisher, prefix + "metadata.png", "");
            publish(publisher, prefix + "event.png", ",\"focus\":{\"x\":0.5,\"y\":0.5}");
            publish(publisher, prefix + "none.png", "");
            publish(publisher, prefix + "broken.png", ",\"focus\":{\"x\":2,\"y\":0.5}");
            results = reader.read(4, Duration.ofMinutes(2));
        }

        Map<String, ThumbnailEvent> byKey = results.stream()
                .filter(r -> r.key() != null)
                .collect(Collectors.toMap(ThumbnailEvent::key, Function.identity()));
        // then the metadata focus is honoured, the event's focus wins over the metadata, and
        // without either the focus crop falls back to the smart one, which finds the subject
        assertThat(hero(byKey.get(prefix + "metadata.png"))).isEqualTo(new Crop(0, 0, 600, 600));
        assertThat(hero(byKey.get(prefix + "event.png"))).isEqualTo(new Crop(300, 0, 600, 600));
        Crop fallback = hero(byKey.get(prefix + "none.png"));
        assertThat(fallback.x()).isBetween(1020 + 90 - 600, 1020 - 90);
        assertThat(byKey.get(prefix + "none.png").renditions().get(2).crop()).isEqualTo(fallback);
        assertThat(byKey.get(prefix + "none.png").renditions().get(0).crop()).isNull();
        // and every completed event carries every placeholder
        for (String name : List.of("metadata.png", "event.png", "none.png")) {
            ThumbnailEvent completed = byKey.get(prefix + name);
            assertThat(completed.status()).isEqualTo(Status.COMPLETED);
            assertThat(completed.placeholder()).as(name).isNotNull();
            assertThat(completed.placeholder().blurhash()).hasSize(28);
            assertThat(completed.placeholder().thumbhash()).isNotBlank();
            assertThat(completed.placeholder().dominantColor()).matches("#[0-9a-f]{6}");
            assertThat(completed.placeholder().averageColor()).matches("#[0-9a-f]{6}");
        }
        // and a focus outside the picture is an invalid event, not a crop somewhere
        ThumbnailEvent broken = results.stream()
                .filter(r -> r.status() == Status.FAILED)
                .findFirst()
                .orElseThrow();
        assertThat(broken.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
        assertThat(broken.error().message()).contains("focus.x");
    }

    private static Crop hero(ThumbnailEvent event) {
        assertThat(event.status()).as(event.key()).isEqualTo(Status.COMPLETED);
        assertThat(event.renditions().get(1).name()).isEqualTo("hero");
        return event.renditions().get(1).crop();
    }

    private static void publish(RawPublisher publisher, String key, String extra) throws Exception {
        String json = "{\"bucket\":\"" + BUCKET + "\",\"key\":\"" + key + "\"" + extra + "}";
        publisher.publishRaw(null, BUCKET + "/" + key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
