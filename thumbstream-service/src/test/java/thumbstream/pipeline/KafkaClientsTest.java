package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;

/**
 * The clients the service builds, as Kafka's own config validation sees them (constructing a
 * client does not connect).
 */
class KafkaClientsTest {

    @Test
    void theConsumerIsValidUnderKip848sConsumerProtocol() {
        // KAFKA_GROUP_PROTOCOL=consumer: the broker assigns, and the client refuses an assignor setting
        ThumbstreamConfig config = config(Map.of("KAFKA_GROUP_PROTOCOL", "consumer"));

        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, false)) {
            assertThat(consumer).isNotNull();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, true)) {
            assertThat(consumer).isNotNull();
        }
    }

    @Test
    void theClassicProtocolKeepsTheCooperativeAssignor() {
        assertThat(KafkaClients.isConsumerProtocol(Map.of())).isFalse();
        assertThat(KafkaClients.isConsumerProtocol(Map.of("group.protocol", "classic")))
                .isFalse();
        assertThat(KafkaClients.isConsumerProtocol(Map.of("group.protocol", " CONSUMER ")))
                .isTrue();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config(Map.of()), false)) {
            assertThat(consumer).isNotNull();
        }
    }

    @Test
    void theConsumerNeverCreatesTopicsAndLooksForNewOnesEveryThirtySeconds() {
        // a subscribed backfill topic that is created later is found on the next metadata refresh
        Map<String, Object> settings = KafkaClients.consumerSettings(config(Map.of()), false);

        assertThat(settings)
                .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)
                .containsEntry(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
    }

    @Test
    void theRefreshIntervalCanBeChangedButTopicCreationStaysOff() {
        Map<String, Object> settings = KafkaClients.consumerSettings(
                config(Map.of("KAFKA_METADATA_MAX_AGE_MS", "5000", "KAFKA_ALLOW_AUTO_CREATE_TOPICS", "true")), false);

        assertThat(settings.get(ConsumerConfig.METADATA_MAX_AGE_CONFIG)).hasToString("5000");
        assertThat(settings).containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    }

    private static ThumbstreamConfig config(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
                "THUMBSTREAM_S3_ENDPOINT", "http://127.0.0.1:9",
                "THUMBSTREAM_S3_ACCESS_KEY", "thumbstream",
                "THUMBSTREAM_S3_SECRET_KEY", "s3cr3t-value"));
        env.putAll(extra);
        return new EnvConfigLoader(env).load();
    }
}
