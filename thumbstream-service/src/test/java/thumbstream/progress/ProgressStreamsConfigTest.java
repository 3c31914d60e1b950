package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import thumbstream.config.PipelineSettings;
import thumbstream.config.S3Settings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.imaging.RenditionSpec;

class ProgressStreamsConfigTest {

    private final ThumbstreamConfig config = new ThumbstreamConfig(
            Map.of(
                    "bootstrap.servers",
                    "kafka:9092",
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.mechanism",
                    "PLAIN",
                    "group.instance.id",
                    "pod-1",
                    "partition.assignment.strategy",
                    "x.CooperativeStickyAssignor",
                    "auto.offset.reset",
                    "latest"),
            new S3Settings("http://s3", "a", "b", "us-east-1", true),
            Topics.DEFAULT,
            "thumbstream",
            RenditionSpec.parseList(ThumbstreamConfig.DEFAULT_RENDITIONS),
            "thumbnails/",
            8080,
            1,
            1,
            PipelineSettings.defaults(),
            null);

    private final Properties props =
            ProgressStreamsConfig.properties(config, Path.of("/var/lib/thumbstream"), new HostInfo("10.0.0.7", 8080));

    @Test
    void everyInstanceSharesAnApplicationIdDerivedFromTheGroup() {
        assertThat(props).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "thumbstream-progress");
        assertThat(props).containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.0.0.7:8080");
        assertThat(props).containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/thumbstream");
    }

    @Test
    void theMainConsumerFetchesResultsInBatchesNotOneRecordAtATime() {
        assertThat(props)
                .containsEntry(StreamsConfig.mainConsumerPrefix("fetch.min.bytes"), 64 << 10)
                .containsEntry(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"), 500);
        // and the repartition topic's records, read by the same consumer, the same way: Kafka
        // Streams gives the main consumer's settings to the one consumer of both
        assertThat(new StreamsConfig(props).getMainConsumerConfigs("g", "c", 0))
                .containsEntry("fetch.min.bytes", 64 << 10)
                .containsEntry("fetch.max.wait.ms", 500);
    }

    @Test
    void countsAreCommittedExactlyOnce() {
        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void takesTheConnectionSettingsButNotThePipelinesOwnConsumerSettings() {
        assertThat(props)
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKeys("group.instance.id", "partition.assignment.strategy", "auto.offset.reset");
    }

    @Test
    void theKafkaAclDocsGrantWhatTheTopologyUses() throws Exception {
        // Its group, internal topics and (exactly-once) transactional ids all start with the application id.
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        String doc = Files.readString(root.resolve("docs/operations.md"));

        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("thumbstream-progress");
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(doc)
                .contains(
                        "| topics, groups and transactional ids with the prefix `thumbstream-progress` (PREFIXED) | `ALL` |")
                .contains("| | topics `thumbnails`, `thumbstream.jobs` | `READ` |");
    }
}
