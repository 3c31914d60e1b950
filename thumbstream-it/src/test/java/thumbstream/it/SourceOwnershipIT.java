package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.StoredObject;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * Issue 19 items 7 and 8 on the real broker and S3 server, through a running service: a key
 * without extension and the same key with one keep separate thumbnails, each recording its own
 * source, and removing one leaves the other's; a producer's forged sequencer does not keep the
 * thumbnails of content that has since been replaced.
 */
class SourceOwnershipIT {

    private static final String BUCKET = "media";
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aKeyWithoutExtensionAndTheSameKeyWithOneKeepSeparateThumbnails() throws Exception {
        Scenario s = new Scenario("ownership", 1);
        ThumbstreamConfig config = s.config;
        String withExtension = s.prefix + "a/x.jpg";
        String without = s.prefix + "a/x";
        try (MinioObjectStore store = new MinioObjectStore(config.s3());
                ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            // given a/x.jpg (landscape) and a/x (portrait), both rendered
            store.put(BUCKET, withExtension, TestImages.jpeg(400, 300), "image/jpeg", Map.of());
            store.put(BUCKET, without, TestImages.jpeg(300, 400), "image/jpeg", Map.of());
            publisher.publish(List.of(UploadEvent.created(BUCKET, withExtension)));
            ThumbnailEvent first = reader.read(1, WAIT).get(0);
            publisher.publish(List.of(UploadEvent.created(BUCKET, without)));
            ThumbnailEvent second = reader.read(1, WAIT).get(0);

            // then they have thumbnails of their own, each recording its source
            assertThat(first.status()).isEqualTo(Status.COMPLETED);
            assertThat(second.status()).isEqualTo(Status.COMPLETED);
            assertThat(keys(first)).doesNotContainAnyElementsOf(keys(second));
            assertThat(keys(first)).contains("thumbnails/small/" + withExtension + ".jpg");
            assertThat(keys(second)).contains("thumbnails/small/" + without + ".jpg");
            for (RenditionResult r : first.renditions()) {
                StoredObject thumbnail = store.stat(BUCKET, r.key()).orElseThrow();
                assertThat(thumbnail.userMetadata())
                        .containsEntry("thumbstream-source-bucket", BUCKET)
                        .containsEntry("thumbstream-source-key", withExtension)
                        .containsEntry("thumbstream-width", Integer.toString(r.width()));
                assertThat(r.width()).as(r.key()).isGreaterThan(r.height()); // a/x.jpg's, not a/x's
            }

            // when a/x is deleted and its removal announced
            store.delete(BUCKET, without);
            publisher.publish(List.of(
                    new UploadEvent(UploadEvent.Action.REMOVED, BUCKET, without, null, null, null, null, null, null)));
            ThumbnailEvent removal = reader.read(1, WAIT).get(0);

            // then a/x's thumbnails are gone and a/x.jpg's are untouched
            assertThat(removal.status()).isEqualTo(Status.DELETED);
            for (RenditionResult r : second.renditions()) {
                assertThat(store.stat(BUCKET, r.key())).as(r.key()).isEmpty();
            }
            for (RenditionResult r : first.renditions()) {
                assertThat(store.stat(BUCKET, r.key()))
                        .as(r.key())
                        .get()
                        .satisfies(t -> assertThat(t.size()).isEqualTo(r.bytes()));
            }
        }
    }

    @Test
    void aForgedSequencerDoesNotKeepTheThumbnailsOfReplacedContent() throws Exception {
        Scenario s = new Scenario("forged-sequencer", 1);
        ThumbstreamConfig config = s.config;
        String key = s.prefix + "photo.jpg";
        try (MinioObjectStore store = new MinioObjectStore(config.s3());
                ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            // given thumbnails made for a producer's event with the highest sequencer accepted
            store.put(BUCKET, key, TestImages.jpeg(400, 300), "image/jpeg", Map.of());
            publisher.publish(List.of(created(key, "FFFFFFFFFFFFFFFFFFFF")));
            assertThat(reader.read(1, WAIT).get(0).status()).isEqualTo(Status.COMPLETED);

            // when the object is replaced and its real event (a MinIO-style sequencer) arrives
            store.put(BUCKET, key, TestImages.jpeg(300, 400), "image/jpeg", Map.of());
            String current = store.stat(BUCKET, key).orElseThrow().etag();
            publisher.publish(List.of(created(key, "187D5F3A9C0B1E2D")));
            ThumbnailEvent real = reader.read(1, WAIT).get(0);

            // then the new content's thumbnails are written
            assertThat(real.status()).isEqualTo(Status.COMPLETED);
            assertThat(real.sourceEtag()).isEqualTo(current);
            RenditionResult small = real.renditions().get(0);
            assertThat(small.height()).isGreaterThan(small.width());
            assertThat(store.stat(BUCKET, small.key()).orElseThrow().userMetadata())
                    .containsEntry("thumbstream-source-etag", current);
        }
    }

    private static UploadEvent created(String key, String sequencer) {
        return new UploadEvent(UploadEvent.Action.CREATED, BUCKET, key, null, null, null, null, null, sequencer);
    }

    private static List<String> keys(ThumbnailEvent result) {
        return result.renditions().stream().map(RenditionResult::key).collect(Collectors.toList());
    }
}
