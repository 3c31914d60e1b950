package thumbstream.pipeline;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How finished work becomes committed: plain offset commits (at-least-once) or Kafka transactions
 * that hold results and offsets together (exactly-once). Every commit carries a {@link HeadMarker}
 * ({@link CommitPositions}). Called on the poll thread only.
 */
interface Committer {

    /** Each pass of the poll loop: commit if it is time to. */
    void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers);

    /** Commit now, synchronously, what is finished in {@code partitions}, marked as still worked on. */
    void commitNow(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions);

    /**
     * On revoke and shutdown, after the workers of {@code partitions} stopped: commit what they
     * finished, marked as a clean stop, even where the position did not move.
     */
    void commitStopped(
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, PartitionWorker> workers,
            Collection<TopicPartition> partitions);

    /**
     * On assignment, before any work starts: commit the {@link CrashLoopGuard}'s markers at the
     * partitions' heads (plain offset commits in both modes: no result goes with them).
     */
    default void commitMarkers(Consumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> markers) {
        if (!markers.isEmpty()) {
            consumer.commitSync(markers);
            positions().committed(markers);
        }
    }

    /** The partitions are gone (revoked or lost): forget what was committed for them. */
    default void forget(Collection<TopicPartition> partitions) {
        positions().forget(partitions);
    }

    /** The last committed position of {@code tp} this owner knows of, or -1. */
    default long committed(TopicPartition tp) {
        return positions().committed(tp);
    }

    /**
     * Any thread: serialized bytes of finished outcomes waiting for a commit to carry them
     * (exactly-once); 0 when outcomes are published before they finish (at-least-once).
     */
    default long pendingBytes() {
        return 0;
    }

    /** Any thread: transactions aborted in a row (exactly-once); 0 otherwise. */
    default int abortsInARow() {
        return 0;
    }

    /** This committer's positions. */
    CommitPositions positions();
}
