package thumbstream.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once commits: each partition's finished prefix ({@link OffsetTracker#committable()}),
 * asynchronously at most once per interval, synchronously on revoke and shutdown. The results of
 * those offsets were acknowledged by the broker before they counted as finished.
 */
final class OffsetCommitter implements Committer {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

    private final long intervalNanos;
    private final CommitPositions positions = new CommitPositions();
    private long lastCommitNanos = System.nanoTime();

    OffsetCommitter(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers) {
        if (System.nanoTime() - lastCommitNanos < intervalNanos) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = positions.advanced(workers, workers.keySet());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (done, error) -> {
                // runs on the poll thread, inside a later poll()
                if (error == null) {
                    positions.committed(done);
                } else {
                    LOG.warn("commit failed (the next one covers it): {}", error.toString());
                }
            });
        }
    }

    @Override
    public void commitNow(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions) {
        commitSync(consumer, positions.advanced(workers, partitions));
    }

    @Override
    public void commitStopped(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions) {
        commitSync(consumer, positions.stopped(workers, partitions));
    }

    @Override
    public CommitPositions positions() {
        return positions;
    }

    private void commitSync(Consumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            positions.committed(offsets);
        }
    }
}
