package thumbstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.RenditionSpec;

/** {@link ThumbstreamConfig#with} and {@link PipelineSettings#with}: copies that change only what they are told. */
class ConfigBuilderTest {

    private final ThumbstreamConfig config = new EnvConfigLoader(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "THUMBSTREAM_S3_ENDPOINT", "http://minio:9000",
                    "THUMBSTREAM_S3_ACCESS_KEY", "thumbstream",
                    "THUMBSTREAM_S3_SECRET_KEY", "s3cr3t-value",
                    "THUMBSTREAM_HTTP_PORT", "9090",
                    "THUMBSTREAM_MAX_PIXELS", "1000",
                    "THUMBSTREAM_MAX_SOURCE_BYTES", "2000",
                    "THUMBSTREAM_STATE_DIR", "/var/lib/thumbstream",
                    "THUMBSTREAM_PLACEHOLDERS", "blurhash",
                    "THUMBSTREAM_MAX_ATTEMPTS", "7"))
            .load();

    @Test
    void aCopyChangingNothingEqualsTheOriginal() {
        assertThat(config.with(b -> {})).isEqualTo(config);
        assertThat(config.pipeline().with(p -> {})).isEqualTo(config.pipeline());
    }

    @Test
    void aCopyDiffersOnlyInWhatTheBuilderWasTold() {
        ThumbstreamConfig copy = config.with(b -> {
            b.httpPort = 0;
            b.renditions = RenditionSpec.parseList("tiny:16x16:fit:png");
            b.placeholders = Set.of();
        });

        assertThat(copy.httpPort()).isZero();
        assertThat(RenditionSpec.canonical(copy.renditions())).isEqualTo("tiny:16x16:fit:png");
        assertThat(copy.placeholders()).isEmpty();
        assertThat(copy.with(b -> {
                    b.httpPort = config.httpPort();
                    b.renditions = config.renditions();
                    b.placeholders = config.placeholders();
                }))
                .isEqualTo(config);
    }

    @Test
    void pipelineCopiesKeepEverySettingTheyAreNotTold() {
        PipelineSettings p = config.pipeline();

        PipelineSettings eos = p.with(b -> {
            b.delivery = PipelineSettings.Delivery.EXACTLY_ONCE;
            b.shutdownGrace = Duration.ofSeconds(3);
        });

        assertThat(eos.delivery()).isEqualTo(PipelineSettings.Delivery.EXACTLY_ONCE);
        assertThat(eos.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(eos.maxAttempts()).isEqualTo(7);
        assertThat(eos.with(b -> {
                    b.delivery = p.delivery();
                    b.shutdownGrace = p.shutdownGrace();
                }))
                .isEqualTo(p);
    }
}
