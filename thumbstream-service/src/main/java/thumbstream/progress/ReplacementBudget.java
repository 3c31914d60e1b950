package thumbstream.progress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * How many failed stream threads job progress may replace: at most {@code max} within any
 * {@code window}. A failure older than the window is forgotten, so a process that has been healthy
 * for that long gets its whole budget back — three failures over weeks never switch progress off,
 * three in a few minutes (a failure that repeats) do.
 *
 * <p>Thread-safe: Kafka Streams calls the uncaught-exception handler on the failing stream thread.
 */
final class ReplacementBudget {

    private final int max;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** When each replacement still inside the window was granted, oldest first. */
    private final Deque<Long> granted = new ArrayDeque<>();

    ReplacementBudget(int max, Duration window, LongSupplier nanoClock) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True, and counted, when one more thread may be replaced now; false when the budget is spent. */
    synchronized boolean tryReplace() {
        long now = nanoClock.getAsLong();
        while (!granted.isEmpty() && now - granted.peekFirst() >= windowNanos) {
            granted.removeFirst();
        }
        if (granted.size() >= max) {
            return false;
        }
        granted.addLast(now);
        return true;
    }

    /** Replacements granted within the current window. */
    synchronized int recent() {
        return granted.size();
    }
}
