package thumbstream.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The commit positions of the assigned partitions, for both delivery modes: what was committed,
 * what may be committed now, and the {@link HeadMarker} each commit carries. Poll thread only.
 */
final class CommitPositions {

    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /**
     * The partitions among {@code partitions} whose position moved past their last commit, each
     * marked as worked on from there.
     */
    Map<TopicPartition, OffsetAndMetadata> advanced(
            Map<TopicPartition, PartitionWorker> workers, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OptionalLong next = position(workers.get(tp));
            if (next.isPresent() && next.getAsLong() > committed.getOrDefault(tp, -1L)) {
                long head = next.getAsLong();
                offsets.put(tp, new OffsetAndMetadata(head, HeadMarker.working(head, 1)));
            }
        }
        return offsets;
    }

    /**
     * Every partition among {@code partitions} with a position, marked as stopped cleanly there:
     * committed even when the position did not move, so the next owner counts no death.
     */
    Map<TopicPartition, OffsetAndMetadata> stopped(
            Map<TopicPartition, PartitionWorker> workers, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OptionalLong next = position(workers.get(tp));
            if (next.isPresent()) {
                offsets.put(tp, new OffsetAndMetadata(next.getAsLong(), HeadMarker.stopped(next.getAsLong())));
            }
        }
        return offsets;
    }

    /** {@code offsets} are committed. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
    }

    /** The last committed position of {@code tp} this owner knows of, or -1. */
    long committed(TopicPartition tp) {
        return committed.getOrDefault(tp, -1L);
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }

    /** Where the partition's worker stands: its finished prefix, or its head when it has read nothing yet. */
    private static OptionalLong position(PartitionWorker w) {
        if (w == null) {
            return OptionalLong.empty();
        }
        OptionalLong next = w.tracker().committable();
        if (next.isPresent() || w.head() < 0) {
            return next;
        }
        return OptionalLong.of(w.head());
    }
}
