package thumbstream.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
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
    private final Map<TopicPartition, Long> committed = new HashMap<>();
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
        Map<TopicPartition, OffsetAndMetadata> offsets = advanced(workers, workers.keySet());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (done, error) -> {
                // runs on the poll thread, inside a later poll()
                if (error == null) {
                    done.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
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
        Map<TopicPartition, OffsetAndMetadata> offsets = advanced(workers, partitions);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            offsets.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
        }
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }

    private Map<TopicPartition, OffsetAndMetadata> advanced(
            Map<TopicPartition, PartitionWorker> workers, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionWorker w = workers.get(tp);
            OptionalLong next = w == null ? OptionalLong.empty() : w.tracker().committable();
            if (next.isPresent() && next.getAsLong() > committed.getOrDefault(tp, -1L)) {
                offsets.put(tp, new OffsetAndMetadata(next.getAsLong()));
            }
        }
        return offsets;
    }
}
