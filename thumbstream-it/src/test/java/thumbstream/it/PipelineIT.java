package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.RenditionResult;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;
import thumbstream.testkit.ResultsReader;
import thumbstream.testkit.UploadPublisher;

/** The whole path on a real broker and S3 server: upload event in, thumbnails stored, result out. */
class PipelineIT {

    /** A source size and the sizes its small (320 box) and medium (1024 box) fit renditions must have. */
    private record Case(String ext, int w, int h, int smallW, int smallH, int mediumW, int mediumH) {}

    private static final List<Case> CASES = List.of(
            new Case("jpg", 1600, 1200, 320, 240, 1024, 768),
            new Case("jpg", 600, 900, 213, 320, 600, 900), // medium: smaller than the box, not upscaled
            new Case("png", 2000, 500, 320, 80, 1024, 256));

    @Test
    void threeHundredUploadsGiveThreeHundredCompletedResultsAndCorrectThumbnails() throws Exception {
        ThumbstreamConfig config = SharedInfrastructure.newScenario("pipeline", 6);
        ObjectStore store = new MinioObjectStore(config.s3());
        String bucket = "media";
        String prefix = "pipeline-" + UUID.randomUUID() + "/";

        // given 300 originals of three shapes in the bucket
        Map<Case, byte[]> bytes = new HashMap<>();
        for (Case c : CASES) {
            bytes.put(c, c.ext().equals("png") ? TestImages.png(c.w(), c.h()) : TestImages.jpeg(c.w(), c.h()));
        }
        Map<String, Case> caseByKey = new HashMap<>();
        List<UploadEvent> uploads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Case c = CASES.get(i % CASES.size());
            String key = prefix + "img " + i + "." + c.ext();
            store.put(bucket, key, bytes.get(c), "image/" + (c.ext().equals("png") ? "png" : "jpeg"), Map.of());
            caseByKey.put(key, c);
            uploads.add(UploadEvent.created(bucket, key));
        }

        // when they are announced to a running service
        List<ThumbnailEvent> results;
        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results());
                UploadPublisher publisher = new UploadPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            publisher.publish(uploads);
            results = reader.read(300, Duration.ofMinutes(4));
            // read a little longer: a duplicate would show up here
            results.addAll(reader.read(1, Duration.ofSeconds(2)));

            // and the metrics moved with the work
            Metrics metrics = Metrics.scrape(service.httpPort());
            assertThat(metrics.value("thumbstream_results_total{reason=\"none\",status=\"completed\"}"))
                    .isEqualTo(300.0);
            assertThat(metrics.value("thumbstream_render_seconds_count")).isEqualTo(300.0);
            assertThat(metrics.value("thumbstream_end_to_end_seconds_count")).isEqualTo(300.0);
            assertThat(metrics.value("thumbstream_source_bytes_total")).isPositive();
            assertThat(metrics.value("thumbstream_thumbnail_bytes_total")).isPositive();
            assertThat(metrics.value("thumbstream_partitions_assigned"))
                    .as("6 live + 6 backfill partitions")
                    .isEqualTo(12.0);
            assertThat(metrics.has("kafka_consumer_fetch_manager_records_lag"))
                    .as("consumer lag metric")
                    .isTrue();
            assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();

            // then every offset is committed once its result is out
            try (Admin admin = SharedInfrastructure.get().admin()) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(GroupOffsets.committed(
                                        admin, config.groupId(), config.topics().uploads()))
                                .isEqualTo(
                                        GroupOffsets.end(admin, config.topics().uploads())));
            }
        }

        // then: exactly one completed result per upload
        assertThat(results).hasSize(300);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED));
        assertThat(results.stream().map(ThumbnailEvent::key).distinct()).hasSize(300);

        // and every thumbnail exists, decodes, and has the size the result claims and the spec demands
        for (ThumbnailEvent r : results) {
            Case c = caseByKey.get(r.key());
            assertThat(r.renditions()).extracting(RenditionResult::name).containsExactly("small", "medium");
            assertRendition(store, bucket, r.renditions().get(0), c.smallW(), c.smallH());
            assertRendition(store, bucket, r.renditions().get(1), c.mediumW(), c.mediumH());
        }
    }

    private static void assertRendition(
            ObjectStore store, String bucket, RenditionResult rendition, int width, int height) throws Exception {
        assertThat(rendition.width()).isEqualTo(width);
        assertThat(rendition.height()).isEqualTo(height);
        assertThat(rendition.contentType()).isEqualTo("image/jpeg");
        BufferedImage image = TestImages.decode(
                store.get(bucket, rendition.key(), Long.MAX_VALUE).bytes());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }
}
