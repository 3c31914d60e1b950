package thumbstream.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The committers take the concrete {@link KafkaConsumer} (the poll loop's), so this is one whose
 * commit and group-metadata calls go to Kafka's {@link MockConsumer} and are recorded. It never
 * polls, so it never connects; the bootstrap address is only parsed. Poll thread only, like the real one.
 */
final class CommitRecordingConsumer extends KafkaConsumer<byte[], byte[]> {

    static final String GROUP = "thumbstream-test";

    private final MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
    private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new CopyOnWriteArrayList<>();

    CommitRecordingConsumer(TopicPartition... assigned) {
        super(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "localhost:9",
                        ConsumerConfig.GROUP_ID_CONFIG,
                        GROUP,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        mock.assign(List.of(assigned));
    }

    /** Every commit the code under test made, sync or async, in order. */
    List<Map<TopicPartition, OffsetAndMetadata>> commits() {
        return List.copyOf(commits);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commits.add(Map.copyOf(offsets));
        mock.commitSync(offsets);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        commits.add(Map.copyOf(offsets));
        mock.commitAsync(offsets, callback);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return mock.committed(partitions);
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return mock.groupMetadata();
    }

    @Override
    public void close() {
        mock.close();
        super.close(CloseOptions.timeout(Duration.ZERO));
    }
}
