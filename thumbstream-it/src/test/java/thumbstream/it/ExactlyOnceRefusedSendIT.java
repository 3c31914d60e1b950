package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
 * Exactly-once mode, a send that can never succeed: the dead-letter topic's {@code
 * max.message.bytes} is lowered after the service read it at start, so the dead letter of a 200 KB
 * invalid record is refused by the broker and its transaction aborted. The outcome is sent again
 * cut to a minimum, as in at-least-once, and the partition moves on: the failure result, the cut
 * dead letter and the upload after it are committed, instead of the transaction being aborted and
 * the partition rewound over and over. In-process service, real broker and S3 server.
 */
class ExactlyOnceRefusedSendIT {

    private static final int LOWERED_LIMIT = 64 * 1024;

    @Test
    void aDeadLetterTheTopicRefusesIsCommittedCutDownAndThePartitionMovesOn() throws Exception {
        Scenario s = new Scenario("eos-refused", 1);
        ThumbstreamConfig config = exactlyOnce(s.config);
        byte[] poison = new byte[200_000];
        new Random(7).nextBytes(poison);
        s.store.put("media", s.prefix + "after.jpg", TestImages.jpeg(96, 64), "image/jpeg", Map.of());

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = new ThumbstreamService(config)
                        .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Admin admin = SharedInfrastructure.get().admin();
                ResultsReader reader = new ResultsReader(
                        config.bootstrapServers(), config.topics().results(), "read_committed");
                RawPublisher publisher = new RawPublisher(
                        config.bootstrapServers(), config.topics().uploads())) {
            // given: the dead-letter topic accepts less than the service read at start
            lowerMaxMessageBytes(admin, config.topics().deadLetters(), LOWERED_LIMIT);

            // when: a record whose dead letter is over that limit, then a good upload, on the same partition
            publisher.publishRaw(0, "poison", poison);
            publisher.publishRaw(
                    0, s.prefix + "after.jpg", EventJson.toBytes(UploadEvent.created("media", s.prefix + "after.jpg")));
            results = reader.read(2, Duration.ofMinutes(2));
            awaitAllCommitted(s);
            assertThat(Metrics.scrape(service.httpPort()).value("thumbstream_undeliverable_total"))
                    .as("nothing was given up")
                    .isZero();
        }

        // then: both results are committed once, the upload after the refused one completed
        assertThat(results).hasSize(2);
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .singleElement()
                .satisfies(r -> assertThat(r.error().reason()).isEqualTo(FailureReason.INVALID_EVENT));
        assertThat(results)
                .filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .containsExactly(s.prefix + "after.jpg");
        // and the dead letter is there once, cut to the minimum
        List<ConsumerRecord<byte[], byte[]>> dead =
                DeadLetters.readAll(config.bootstrapServers(), config.topics().deadLetters(), Duration.ofSeconds(10));
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value().length).isLessThan(LOWERED_LIMIT);
            assertThat(new String(
                            r.headers().lastHeader("thumbstream.truncated").value()))
                    .isEqualTo("value");
        });
    }

    private static ThumbstreamConfig exactlyOnce(ThumbstreamConfig config) {
        return config.with(
                b -> b.pipeline = config.pipeline().with(p -> p.delivery = PipelineSettings.Delivery.EXACTLY_ONCE));
    }

    private static void lowerMaxMessageBytes(Admin admin, String topic, int bytes) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(
                        resource,
                        List.of(new AlterConfigOp(
                                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
                                AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);
        // The broker applies a topic config change asynchronously: wait until it reports it.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String value = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                    .value();
            if (Integer.toString(bytes).equals(value)) {
                Thread.sleep(1000); // and a moment for the log to take it
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(topic + ": max.message.bytes was not lowered within 30 s");
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
}
