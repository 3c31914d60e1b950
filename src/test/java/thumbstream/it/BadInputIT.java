package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import thumbstream.ThumbstreamService;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.dev.ResultsReader;
import thumbstream.dev.UploadPublisher;
import thumbstream.event.EventJson;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.storage.MinioObjectStore;
import thumbstream.storage.ObjectStore;

/** Bad input becomes a failed result; the uploads after it on the same partition still complete. */
class BadInputIT {

    @Test
    void malformedEventAndMissingObjectFailWithTheirReasonAndThePartitionKeepsMoving() throws Exception {
        ThumbstreamConfig config = SharedInfrastructure.newScenario("bad-input", 1);
        ObjectStore store = new MinioObjectStore(config.s3());
        String prefix = "bad-input-" + UUID.randomUUID() + "/";
        for (String name : List.of("good-1.jpg", "good-2.jpg", "good-3.jpg")) {
            store.put("media", prefix + name, TestImages.jpeg(800, 600), "image/jpeg", Map.of());
        }
        byte[] malformed = "{\"bucket\": \"media\", \"key\": ".getBytes(StandardCharsets.UTF_8);

        List<ThumbnailEvent> results;
        try (ThumbstreamService service = new ThumbstreamService(config)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ResultsReader reader = new ResultsReader(config.bootstrapServers(), config.topics().results());
                UploadPublisher publisher = new UploadPublisher(config.bootstrapServers(), config.topics().uploads())) {
            // given, in this order on partition 0: good, malformed, good, missing object, good
            publisher.publishRaw(0, "media/" + prefix + "good-1.jpg", upload(prefix + "good-1.jpg"));
            publisher.publishRaw(0, "garbage", malformed);
            publisher.publishRaw(0, "media/" + prefix + "good-2.jpg", upload(prefix + "good-2.jpg"));
            publisher.publishRaw(0, "media/" + prefix + "nope.jpg", upload(prefix + "nope.jpg"));
            publisher.publishRaw(0, "media/" + prefix + "good-3.jpg", upload(prefix + "good-3.jpg"));

            results = reader.read(5, Duration.ofMinutes(2));
            assertThat(service.isReady()).as("service still ready").isTrue();
        }

        assertThat(results).hasSize(5);
        assertThat(results).filteredOn(r -> r.status() == ThumbnailEvent.Status.COMPLETED)
                .extracting(ThumbnailEvent::key)
                .containsExactlyInAnyOrder(prefix + "good-1.jpg", prefix + "good-2.jpg", prefix + "good-3.jpg");
        assertThat(results).filteredOn(r -> r.status() == ThumbnailEvent.Status.FAILED)
                .extracting(r -> r.error().reason(), ThumbnailEvent::key)
                .containsExactlyInAnyOrder(tuple(FailureReason.INVALID_EVENT, null),
                        tuple(FailureReason.NOT_FOUND, prefix + "nope.jpg"));

        // the malformed record is on the dead-letter topic, byte for byte, with the reason
        ConsumerRecord<byte[], byte[]> dead = readOne(config.bootstrapServers(), config.topics().deadLetters());
        assertThat(dead.value()).isEqualTo(malformed);
        assertThat(new String(dead.headers().lastHeader("thumbstream.reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("invalid-event");
        assertThat(new String(dead.headers().lastHeader("thumbstream.source.offset").value(), StandardCharsets.UTF_8))
                .isEqualTo("1");
    }

    private static byte[] upload(String key) {
        return EventJson.toBytes(UploadEvent.created("media", key));
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    return r;
                }
            }
            throw new AssertionError("no record on " + topic);
        }
    }
}
