package thumbstream.upload;

import java.util.concurrent.Semaphore;

/**
 * How many bytes of downloaded originals all jobs together may hold at once. A job takes the
 * object's size (known from a ranged GET) before the download starts and gives it back once the
 * render is done with the bytes.
 *
 * <p>Why: {@code THUMBSTREAM_MAX_SOURCE_BYTES} bounds one download, but eight workers each pulling a
 * 200 MB object still need 1.6 GB at once, before the render gate or the pixel budget see anything.
 * With this budget, downloads wait for memory instead of running out of it, whatever producers
 * announce. A request larger than the whole budget takes all of it: it runs alone rather than never.
 *
 * <p>The pipeline bounds the heap of record values being decoded at once with an instance of its
 * own ({@code RecordHandler}): one byte budget class for both, separate amounts.
 *
 * <p>First come, first served (a fair semaphore), counted in KiB so budgets above 2 GiB fit.
 * Thread-safe; waiting is not interruptible (a wait lasts at most as long as the downloads and
 * renders ahead of it), and an interrupt that arrives meanwhile stays set for the caller.
 */
public final class SourceBudget {

    /** Share of the maximum heap that downloaded originals may fill by default. */
    public static final double DEFAULT_HEAP_SHARE = 0.25;

    private static final int UNIT = 1024;

    private final int capacityUnits;
    private final Semaphore permits;

    /** @param bytes how many source bytes may be held at once; at least 1 KiB is used */
    public SourceBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("source budget must be at least 1 byte, got " + bytes);
        }
        this.capacityUnits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / UNIT));
        this.permits = new Semaphore(capacityUnits, true);
    }

    /** {@link #DEFAULT_HEAP_SHARE} of {@code maxHeapBytes}. */
    public static SourceBudget forHeap(long maxHeapBytes) {
        return new SourceBudget(Math.max(UNIT, (long) (maxHeapBytes * DEFAULT_HEAP_SHARE)));
    }

    /** No limit worth the name: for tests and tools that download one object at a time. */
    public static SourceBudget unlimited() {
        return new SourceBudget((long) Integer.MAX_VALUE * UNIT);
    }

    /** Total bytes the budget holds. */
    public long capacityBytes() {
        return (long) capacityUnits * UNIT;
    }

    /** Bytes no job holds right now; for metrics and tests. */
    public long availableBytes() {
        return (long) permits.availablePermits() * UNIT;
    }

    /** The share of the budget jobs hold right now, 0 to 1; for metrics. */
    public double use() {
        return 1 - (double) permits.availablePermits() / capacityUnits;
    }

    /** Blocks until {@code bytes} (at most the whole budget) are free; the lease gives them back. */
    public Lease acquire(long bytes) {
        int wanted = (int) Math.max(1, Math.min(capacityUnits, (bytes + UNIT - 1) / UNIT));
        permits.acquireUninterruptibly(wanted);
        return new Lease(wanted);
    }

    /** Bytes held by one job; closing gives them back, once however often it is closed. */
    public final class Lease implements AutoCloseable {

        private final int units;
        private boolean open = true;

        private Lease(int units) {
            this.units = units;
        }

        /**
         * Any thread: the lease can outlive the job's thread (a source handed on to the render, a
         * fetch abandoned on stop), so only the first close gives the bytes back, under the lease's
         * lock.
         */
        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                permits.release(units);
            }
        }
    }
}
