package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import thumbstream.ThumbstreamService;
import thumbstream.config.PipelineSettings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * Records that used to stop a partition, on the real broker and S3 server: each is followed by a
 * good upload on the same partition, which must complete, and every offset must be committed.
 */
class PoisonRecordIT {

    @Test
    void aValueJustUnderOneMebibyteIsDeadLetteredCutToFitAndTheUploadAfterItCompletes() throws Exception {
        Scenario s = new Scenario("poison-1mib", 1);
        oneMebibyteValueThenAGoodUpload(s, s.config, "read_uncommitted");
    }

    @Test
    void inExactlyOnceModeTheSameValueDoesNotAbortTransactionsOverAndOver() throws Exception {
        Scenario s = new Scenario("poison-1mib-eos", 1);
        ThumbstreamConfig exactlyOnce = s.config.with(
                b -> b.pipeline = s.config.pipeline().with(p -> p.delivery = PipelineSettings.Delivery.EXACTLY_ONCE));
        oneMebibyteValueThenAGoodUpload(s, exactlyOnce, "read_committed");
    }

    private static void oneMebibyteValueThenAGoodUpload(Scenario s, ThumbstreamConfig config, String isolation)
            throws Exception {
        // given: 1,048,300 random bytes (accepted by the broker; value plus DLQ headers are not)
        byte[] poison = new byte[1_048_300];
        new Random(42).nextBytes(poison);
        s.store.put("media", s.prefix + "after.jpg", TestImages.jpeg(96, 64), "image/jpeg", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = start(config);
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results(), isolation);
                RawPublisher publisher = new RawPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            // when
            publisher.publishRaw(0, "poison", poison);
            publisher.publishRaw(0, s.prefix + "after.jpg", upload(s.prefix + "after.jpg"));
            results = reader.read(2, Duration.ofMinutes(2));
            awaitAllCommitted(s);
        }

        // then: the poison record failed as invalid-event, keyed by its record key; the upload after it completed
        // (results of different keys may arrive in any order: the results topic has several partitions)
        assertThat(results).hasSize(2);
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .singleElement()
                .satisfies(r -> assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT));
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .containsExactly(s.prefix + "after.jpg");
        // and its dead letter is there, cut to fit, saying so and how large the original was
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.readAll(
                s.config.bootstrapServers(), s.config.topics().deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, "thumbstream.truncated")).isEqualTo("value");
            assertThat(header(r, "thumbstream.original.size")).isEqualTo("1048300");
            assertThat(header(r, "thumbstream.reason")).isEqualTo("invalid-event");
            assertThat(r.value().length).isLessThan(poison.length).isGreaterThan(900_000);
            assertThat(r.value()).isEqualTo(Arrays.copyOf(poison, r.value().length));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        });
    }

    @Test
    void aNotificationWithTenThousandRecordsFailsWholeAsInvalidEventAndIsDeadLetteredWhole() throws Exception {
        // given: one S3 notification naming 10,000 objects (the limit is 100 by default)
        Scenario s = new Scenario("poison-records", 1);
        byte[] notification = notification(10_000);
        s.store.put("media", s.prefix + "after.jpg", TestImages.jpeg(96, 64), "image/jpeg", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = start(s.config);
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                RawPublisher publisher = new RawPublisher(
                        s.config.bootstrapServers(), s.config.topics().uploads())) {
            // when
            publisher.publishRaw(0, "media/bulk", notification);
            publisher.publishRaw(0, s.prefix + "after.jpg", upload(s.prefix + "after.jpg"));
            results = reader.read(2, Duration.ofMinutes(2));
            results.addAll(reader.read(1, Duration.ofSeconds(2))); // nothing per object may follow
            awaitAllCommitted(s);
        }

        // then: one result for the whole notification, none per object, and the upload after it completed
        assertThat(results).hasSize(2);
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT);
                    // refused by the parser's token limit (256 per allowed record) before all 10,000 are read
                    assertThat(r.error().message()).contains("THUMBSTREAM_MAX_RECORDS_PER_EVENT (100)");
                });
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .containsExactly(s.prefix + "after.jpg");
        // and the dead letter holds the notification byte for byte, so it can be replayed with a higher limit
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.readAll(
                s.config.bootstrapServers(), s.config.topics().deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(notification);
            assertThat(r.headers().lastHeader("thumbstream.truncated")).isNull();
        });
    }

    private static ThumbstreamService start(ThumbstreamConfig config) throws Exception {
        return new ThumbstreamService(config).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static void awaitAllCommitted(Scenario s) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!s.allCommitted()) {
            assertThat(System.nanoTime())
                    .as("every offset committed within a minute")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** An S3 notification of {@code count} created objects, as compact as S3 allows (under 1 MiB). */
    private static byte[] notification(int count) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},")
                    .append("\"object\":{\"key\":\"o")
                    .append(i)
                    .append("\"}}}");
        }
        byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).as("notification size").isLessThan(1024 * 1024);
        return bytes;
    }

    private static byte[] upload(String key) {
        return EventJson.toBytes(UploadEvent.created("media", key));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
