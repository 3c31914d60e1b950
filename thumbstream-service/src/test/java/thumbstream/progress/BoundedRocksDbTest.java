package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thumbstream.config.PipelineSettings;
import thumbstream.config.S3Settings;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;
import thumbstream.event.EventJson;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.imaging.RenditionSpec;

/**
 * The progress topology's RocksDB stores run on the one bounded cache the memory model counts
 * (docs/memory.md): the setter is in the service's Streams settings, and a real topology run
 * (RocksDB on disk, under Kafka Streams' TopologyTestDriver) gives both stores that cache.
 */
class BoundedRocksDbTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void theServicesStreamsSettingsBoundRocksDb() {
        Properties props = ProgressStreamsConfig.properties(config(), stateDir, new HostInfo("127.0.0.1", 8080));

        assertThat(props).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        assertThat(BoundedRocksDb.TOTAL_BYTES).isEqualTo(16L << 20);
        assertThat(BoundedRocksDb.MEMTABLE_BYTES).isLessThan(BoundedRocksDb.TOTAL_BYTES);
    }

    @Test
    void everyStoreOfARealTopologyRunUsesTheSharedBoundedCache() {
        Properties settings = ProgressStreamsConfig.properties(config(), stateDir, new HostInfo("127.0.0.1", 8080));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(
                StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                settings.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, Topics.DEFAULT);

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> results = driver.createInputTopic(
                    Topics.DEFAULT.results(), new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> jobs =
                    driver.createInputTopic(Topics.DEFAULT.jobs(), new StringSerializer(), new ByteArraySerializer());
            jobs.pipeInput(
                    "job-1", JobAnnouncement.started("job-1", "media", "", T0).toBytes());
            for (int i = 0; i < 2_000; i++) {
                String key = i + ".jpg";
                results.pipeInput("media/" + key, EventJson.toBytes(result(key)));
            }

            assertThat(BoundedRocksDb.configuredStores())
                    .contains(ProgressTopology.JOBS_STORE, ProgressTopology.SEEN_STORE);
            assertThat(BoundedRocksDb.cacheUsage())
                    .as("memtables reserve their memory in the shared cache")
                    .isPositive()
                    .isLessThanOrEqualTo(BoundedRocksDb.TOTAL_BYTES);
        }
    }

    private static ThumbnailEvent result(String key) {
        return new ThumbnailEvent(
                "id-" + key, Status.COMPLETED, "media", key, "etag-" + key, "job-1", List.of(), null, 1, 5, T0);
    }

    private static ThumbstreamConfig config() {
        return new ThumbstreamConfig(
                Map.of("bootstrap.servers", "127.0.0.1:9092"),
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
    }
}
