package thumbstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupTypeConfigTest {

    @Test
    void aConsumerGroupIsTheDefault() {
        PipelineSettings p = load().pipeline();
        assertThat(p.groupType()).isEqualTo(PipelineSettings.GroupType.CONSUMER);
        assertThat(p.shareDeliveryLimit()).isEqualTo(5);
    }

    @Test
    void aShareGroupIsChosenByName() {
        PipelineSettings p = load("THUMBSTREAM_GROUP_TYPE", "share", "THUMBSTREAM_SHARE_DELIVERY_LIMIT", "8")
                .pipeline();
        assertThat(p.groupType()).isEqualTo(PipelineSettings.GroupType.SHARE);
        assertThat(p.shareDeliveryLimit()).isEqualTo(8);
    }

    @Test
    void exactlyOnceWithAShareGroupIsAnErrorNamingBothVariables() {
        assertThatThrownBy(() -> load("THUMBSTREAM_GROUP_TYPE", "share", "THUMBSTREAM_DELIVERY", "exactly-once"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_DELIVERY")
                .hasMessageContaining("THUMBSTREAM_GROUP_TYPE");
    }

    @Test
    void anUnknownGroupTypeIsAnError() {
        assertThatThrownBy(() -> load("THUMBSTREAM_GROUP_TYPE", "queue"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_GROUP_TYPE")
                .hasMessageContaining("consumer or share");
    }

    private static ThumbstreamConfig load(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "THUMBSTREAM_S3_ENDPOINT", "http://minio:9000",
                "THUMBSTREAM_S3_ACCESS_KEY", "thumbstream",
                "THUMBSTREAM_S3_SECRET_KEY", "s3cr3t-value"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return new EnvConfigLoader(env).load();
    }
}
