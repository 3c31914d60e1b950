package thumbstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** THUMBSTREAM_BUCKETS, THUMBSTREAM_RENDER_TIMEOUT, THUMBSTREAM_HTTP_BIND and the source-size default. */
class SafeguardsConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("THUMBSTREAM_S3_ENDPOINT", "http://minio:9000");
        env.put("THUMBSTREAM_S3_ACCESS_KEY", "thumbstream");
        env.put("THUMBSTREAM_S3_SECRET_KEY", "s3cr3t-value");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void byDefaultEveryBucketIsAllowedRendersGetThirtySecondsAndTheServerListensEverywhere() {
        ThumbstreamConfig config = new EnvConfigLoader(env()).load();

        assertThat(config.safeguards().buckets().allowsEverything()).isTrue();
        assertThat(config.safeguards().renderTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.safeguards().httpBind()).isEqualTo("0.0.0.0");
        assertThat(config.maxSourceBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void readsTheAllowListTheDeadlineAndTheBindAddress() {
        ThumbstreamConfig config = new EnvConfigLoader(env(
                        "THUMBSTREAM_BUCKETS", "media,uploads/users/",
                        "THUMBSTREAM_RENDER_TIMEOUT", "1500ms",
                        "THUMBSTREAM_HTTP_BIND", "127.0.0.1"))
                .load();

        assertThat(config.safeguards().buckets().allows("uploads", "users/a.jpg"))
                .isTrue();
        assertThat(config.safeguards().buckets().allows("uploads", "admin/a.jpg"))
                .isFalse();
        assertThat(config.safeguards().renderTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.safeguards().httpBind()).isEqualTo("127.0.0.1");
        assertThat(config.toString()).contains("media,uploads/users/");
    }

    @Test
    void badValuesFailNamingTheVariable() {
        assertThatThrownBy(() -> new EnvConfigLoader(env("THUMBSTREAM_BUCKETS", "/x")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_BUCKETS:");
        assertThatThrownBy(() -> new EnvConfigLoader(env("THUMBSTREAM_RENDER_TIMEOUT", "0s")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_RENDER_TIMEOUT:");
        assertThatThrownBy(() -> new EnvConfigLoader(env("THUMBSTREAM_HTTP_BIND", "no such host.invalid")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_HTTP_BIND:");
    }
}
