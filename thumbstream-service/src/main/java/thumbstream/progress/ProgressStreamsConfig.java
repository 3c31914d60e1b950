package thumbstream.progress;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import thumbstream.config.KafkaClientSettings;
import thumbstream.config.ThumbstreamConfig;

/** The Kafka Streams settings of the progress topology, derived from the service's configuration. */
final class ProgressStreamsConfig {

    static final int FETCH_MIN_BYTES = 64 << 10;
    static final int FETCH_MAX_WAIT_MS = 500;

    private ProgressStreamsConfig() {}

    /** The application id shared by every instance: the consumer group id plus {@code -progress}. */
    static String applicationId(ThumbstreamConfig config) {
        return config.groupId() + "-progress";
    }

    static Properties properties(ThumbstreamConfig config, Path stateDir, HostInfo self) {
        Properties p = new Properties();
        // Connection and security settings only: Kafka Streams decides its group, offsets and
        // delivery settings itself (KafkaClientSettings leaves the pipeline's own ones out).
        p.putAll(KafkaClientSettings.forClient(KafkaClientSettings.Client.STREAMS, config.kafka()));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // The processor updates two stores per result (the job and the object's counted outcome);
        // exactly-once commits both with the input offsets, so a crash cannot count a result twice
        // or leave one store ahead of the other.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // Under exactly-once Kafka Streams commits (a transaction) every 100 ms by default; the
        // benchmark profile showed this thread as the service's largest CPU user after rendering.
        // Progress is for people watching a bar: once a second is enough. KAFKA_COMMIT_INTERVAL_MS
        // overrides it.
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        // The topology reads every result, and most belong to no job: fetched a few at a time (the
        // default answers a fetch as soon as one record is there), each record costs a poll round of
        // its own. Fetches of at least 64 KiB or after 500 ms make it a few rounds per burst; a
        // progress bar half a second behind is still a progress bar. KAFKA_FETCH_MIN_BYTES and
        // KAFKA_FETCH_MAX_WAIT_MS override them.
        if (!p.containsKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), FETCH_MIN_BYTES);
        }
        if (!p.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
        }
        // RocksDB's native memory in one bounded, shared cache (docs/memory.md), not ~100 MiB a store.
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        // There is no global state; this only keeps Kafka Streams from warning about it at start-up.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }
}
