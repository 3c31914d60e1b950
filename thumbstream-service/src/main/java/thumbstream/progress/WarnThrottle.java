package thumbstream.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most one warning per interval for records a producer can send in any number (undecodable
 * records, over-long job ids): the first of an interval is logged as a warning with the number
 * left out since the last one, the rest at debug level. Thread-safe.
 */
final class WarnThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastNanos;
    private boolean warned;
    private long suppressed;

    WarnThrottle(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * @return -1 when this occurrence should be logged at debug level only, else the number of
     *         occurrences left out since the last warning (log this one as a warning)
     */
    synchronized long next() {
        long now = nanoTime.getAsLong();
        if (warned && now - lastNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        warned = true;
        lastNanos = now;
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
