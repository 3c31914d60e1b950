package thumbstream.pipeline;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Which offsets of one partition may be committed.
 *
 * <p>How gaps are handled: every dispatched offset is "pending" until its work is finished (its
 * result acknowledged by the broker). Work may finish out of order, so the commit position is the
 * lowest pending offset: everything below it is finished, and nothing at or above it is claimed.
 * When nothing is pending, it is one past the highest dispatched offset.
 *
 * <p>Concurrency: {@link #begin} is called by the poll thread, {@link #complete} by worker threads,
 * {@link #committable} by the poll thread. {@code begin} must be called before the work is handed to
 * a worker, so a completion can never precede its begin.
 */
final class OffsetTracker {

    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private volatile long highestBegun = -1;

    /** Poll thread: offset {@code offset} has been handed out (offsets arrive in increasing order). */
    void begin(long offset) {
        // Add to pending before publishing the new high mark: committable() must never see the mark
        // without the pending entry, or it would commit past unfinished work.
        pending.add(offset);
        highestBegun = Math.max(highestBegun, offset);
    }

    /**
     * The work of {@code offset} is finished and its result acknowledged. Called by whichever thread
     * learns that: in at-least-once mode the thread that sees the result's send succeed; in
     * exactly-once mode the poll thread, once the transaction holding the result has committed.
     */
    void complete(long offset) {
        pending.remove(offset);
    }

    /** The offset to commit (next record to read), or empty when nothing has been dispatched. */
    OptionalLong committable() {
        long high = highestBegun; // read the mark first, then pending (reverse of begin's order)
        if (high < 0) {
            return OptionalLong.empty();
        }
        // ceiling() rather than isEmpty()+first(): a worker may complete the last pending offset
        // between those two calls, and first() would then throw.
        Long lowestPending = pending.ceiling(Long.MIN_VALUE);
        return OptionalLong.of(lowestPending != null ? lowestPending : high + 1);
    }

    int pendingCount() {
        return pending.size();
    }
}
