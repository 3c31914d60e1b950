package thumbstream.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's {@link MockConsumer} that also records every commit the code under test made, sync or
 * async, in order. Poll thread only, like the real consumer.
 */
class CommitRecordingConsumer extends MockConsumer<byte[], byte[]> {

    private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new CopyOnWriteArrayList<>();
    /** MockConsumer's commitSync goes through commitAsync: record that commit once. */
    private boolean inSync;

    CommitRecordingConsumer(TopicPartition... assigned) {
        super("earliest");
        if (assigned.length > 0) {
            assign(List.of(assigned));
        }
    }

    /** Every commit the code under test made, sync or async, in order. */
    List<Map<TopicPartition, OffsetAndMetadata>> commits() {
        return List.copyOf(commits);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commits.add(Map.copyOf(offsets));
        inSync = true;
        try {
            super.commitSync(offsets);
        } finally {
            inSync = false;
        }
    }

    @Override
    public synchronized void commitAsync(
            Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        if (!inSync) {
            commits.add(Map.copyOf(offsets));
        }
        super.commitAsync(offsets, callback);
    }
}
