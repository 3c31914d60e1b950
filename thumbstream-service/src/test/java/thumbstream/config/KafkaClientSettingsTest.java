package thumbstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.config.KafkaClientSettings.Client;

class KafkaClientSettingsTest {

    /** What a user might set: connection, security, a consumer and a producer setting, and a transactional id. */
    private static final Map<String, String> USER = Map.of(
            "bootstrap.servers", "kafka:9092",
            "security.protocol", "SASL_SSL",
            "group.instance.id", "pod-1",
            "max.poll.records", "50",
            "linger.ms", "7",
            "transactional.id", "thumbstream-pod-1",
            "key.serializer", "com.example.Evil");

    @Test
    void neverPassesTheTransactionalIdOrSerialisersToAnyClient() {
        for (Client client : Client.values()) {
            assertThat(KafkaClientSettings.forClient(client, USER))
                    .as(client.name())
                    .doesNotContainKeys("transactional.id", "key.serializer")
                    .containsEntry("bootstrap.servers", "kafka:9092")
                    .containsEntry("security.protocol", "SASL_SSL");
        }
    }

    @Test
    void givesEachClientOnlyTheSettingsItKnows() {
        assertThat(KafkaClientSettings.forClient(Client.CONSUMER, USER))
                .containsEntry("max.poll.records", "50")
                .doesNotContainKey("linger.ms");
        assertThat(KafkaClientSettings.forClient(Client.PRODUCER, USER))
                .containsEntry("linger.ms", "7")
                .doesNotContainKey("max.poll.records");
        assertThat(KafkaClientSettings.forClient(Client.ADMIN, USER))
                .doesNotContainKeys("linger.ms", "max.poll.records");
    }

    @Test
    void keepsThePipelinesGroupSettingsAwayFromKafkaStreams() {
        assertThat(KafkaClientSettings.forClient(Client.STREAMS, USER))
                .doesNotContainKey("group.instance.id")
                .containsEntry("linger.ms", "7");
    }
}
