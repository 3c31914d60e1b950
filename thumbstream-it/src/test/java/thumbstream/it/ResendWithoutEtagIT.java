package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.StoredObject;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/**
 * Native events without an ETag (replays, manual re-announces) sent twice to a running service on
 * the real broker and S3 server: the second time nothing is rendered and no thumbnail is written.
 */
class ResendWithoutEtagIT {

    private static final int UPLOADS = 12;
    private static final byte[] MARKER = {1, 2, 3};

    @Test
    void resendingTheSameEventsWithoutEtagRendersNothing() throws Exception {
        Scenario scenario = new Scenario("resend", 3);
        ThumbstreamConfig config = scenario.config;
        try (MinioObjectStore store = new MinioObjectStore(config.s3());
                ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            // given uploads announced without ETag and rendered once
            List<UploadEvent> uploads = scenario.uploadImages(UPLOADS);
            assertThat(uploads).allSatisfy(u -> assertThat(u.etag()).isNull());
            publisher.publish(uploads);
            List<ThumbnailEvent> first = reader.read(UPLOADS, Duration.ofMinutes(2));
            assertThat(first)
                    .hasSize(UPLOADS)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED));
            // and every thumbnail replaced by a marker with the same metadata, so a rewrite would show
            List<RenditionResult> thumbnails = new ArrayList<>();
            first.forEach(r -> thumbnails.addAll(r.renditions()));
            for (RenditionResult t : thumbnails) {
                StoredObject stored = store.stat("media", t.key()).orElseThrow();
                store.put("media", t.key(), MARKER, stored.contentType(), stored.userMetadata());
            }

            // when the same events are sent again
            publisher.publish(uploads);
            List<ThumbnailEvent> second = reader.read(UPLOADS, Duration.ofMinutes(2));

            // then each is skipped, with the ETag the source has now, and no thumbnail was written
            assertThat(second).hasSize(UPLOADS).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.SKIPPED);
                assertThat(r.sourceEtag()).isNotBlank();
            });
            for (RenditionResult t : thumbnails) {
                assertThat(store.get("media", t.key(), Long.MAX_VALUE).bytes())
                        .as(t.key())
                        .isEqualTo(MARKER);
            }
            assertThat(store.stat("media", thumbnails.get(0).key()).map(s -> s.userMetadata()))
                    .get()
                    .isNotEqualTo(Map.of());
        }
    }
}
