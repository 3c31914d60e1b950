package thumbstream.backfill;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces calls evenly so that no more than {@code perSecond} pass per second (no bursts: the
 * service's lanes fill as smoothly as the rate says). Thread-safe.
 */
final class RateLimiter {

    /** Sleeps for the given nanoseconds; replaced in tests. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long next;
    private boolean started;

    RateLimiter(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
        this.intervalNanos = perSecond <= 0 ? 0 : Math.max(1, Math.round(1e9 / perSecond));
        this.clock = nanoClock;
        this.sleeper = sleeper;
    }

    /** No limit when {@code perSecond} is 0. */
    static RateLimiter perSecond(double perSecond) {
        return new RateLimiter(perSecond, System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    }

    /** Returns when the next call may go. Callers wait in parallel; the lock only hands out slots. */
    void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    private synchronized long reserve() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (!started || now - next > 0) {
            // idle for a while: start afresh instead of letting a backlog of "saved" slots burst out
            next = now;
            started = true;
        }
        long wait = next - now;
        next += intervalNanos;
        return wait;
    }
}
