package thumbstream.pipeline;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Bounded buffering and the priority lane, decided each pass of the poll loop. Pure: the loop
 * applies the decision to its consumer.
 *
 * <p>A partition with a full backlog (records or record bytes) is paused until it is half drained in
 * both. The backfill lane buffers a tenth of a live partition's backlog and is paused altogether while any live partition has work
 * queued, so live uploads never queue behind a backfill.
 *
 * <p>Finished outcomes that wait for a commit to carry them (exactly-once: until the next
 * transaction, longer while transactions abort) are counted by their serialized bytes: over
 * {@code maxPendingBytes} every partition is paused, until they are down to half. A burst of large
 * results can then hold at most that much plus what the paused partitions' backlogs still produce.
 */
final class Backpressure {

    /** What the policy needs to know of one assigned partition. */
    record Lane(TopicPartition partition, boolean urgent, int backlog, long backlogBytes) {}

    /** Partitions to pause and to resume now; each set holds only partitions whose state changes. */
    record Decision(Set<TopicPartition> pause, Set<TopicPartition> resume) {}

    private final int maxBacklog;
    private final long maxBacklogBytes;
    private final long maxPendingBytes;

    /** Without a limit on outcomes waiting for a commit (at-least-once publishes before it finishes). */
    Backpressure(int maxBacklog, long maxBacklogBytes) {
        this(maxBacklog, maxBacklogBytes, Long.MAX_VALUE);
    }

    /**
     * @param maxBacklog      records buffered per live partition before it is paused
     * @param maxBacklogBytes record keys and values buffered per live partition before it is paused
     * @param maxPendingBytes serialized bytes of finished outcomes waiting for a commit before every
     *                        partition is paused
     */
    Backpressure(int maxBacklog, long maxBacklogBytes, long maxPendingBytes) {
        if (maxBacklog < 1 || maxBacklogBytes < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("maxBacklog, maxBacklogBytes and maxPendingBytes must be at least 1");
        }
        this.maxBacklog = maxBacklog;
        this.maxBacklogBytes = maxBacklogBytes;
        this.maxPendingBytes = maxPendingBytes;
    }

    Decision decide(Collection<Lane> lanes, Set<TopicPartition> paused) {
        return decide(lanes, paused, 0);
    }

    /** @param pendingBytes serialized bytes of finished outcomes waiting for a commit ({@link Committer#pendingBytes}) */
    Decision decide(Collection<Lane> lanes, Set<TopicPartition> paused, long pendingBytes) {
        boolean pendingFull = pendingBytes >= maxPendingBytes;
        boolean pendingDrained = pendingBytes <= maxPendingBytes / 2;
        boolean liveWaiting = lanes.stream().anyMatch(l -> l.urgent() && l.backlog() > 0);
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        for (Lane lane : lanes) {
            int limit = limit(lane);
            long byteLimit = lane.urgent() ? maxBacklogBytes : Math.max(1, maxBacklogBytes / 10);
            boolean full = lane.backlog() >= limit || lane.backlogBytes() >= byteLimit;
            boolean drained = lane.backlog() <= limit / 2 && lane.backlogBytes() <= byteLimit / 2;
            boolean yieldToLive = !lane.urgent() && liveWaiting;
            boolean isPaused = paused.contains(lane.partition());
            if (!isPaused && (full || yieldToLive || pendingFull)) {
                pause.add(lane.partition());
            } else if (isPaused && !yieldToLive && drained && pendingDrained) {
                resume.add(lane.partition());
            }
        }
        return new Decision(Set.copyOf(pause), Set.copyOf(resume));
    }

    private int limit(Lane lane) {
        return lane.urgent() ? maxBacklog : Math.max(1, maxBacklog / 10);
    }
}
