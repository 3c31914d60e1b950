package thumbstream.imaging;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of one kind of memory all holders together may hold at once; a holder asks for
 * what it will allocate before allocating it and gives it back when done, so work waits for
 * memory instead of running out of it. The service keeps one for each kind: decoded pixels on the
 * heap ({@link #pixelsForHeap}), native codec buffers and downloaded originals ({@link
 * #forHeap}), record values being parsed.
 *
 * <p>Why: a per-item limit bounds one decode or download, but eight workers each holding a large
 * one still need eight times that at once.
 *
 * <p>A request larger than the whole budget takes all of it: such a holder runs alone rather than
 * never. First come, first served (a fair semaphore), so a large request is not starved by a
 * stream of small ones; while it waits, later requests wait behind it. Counted in units (a KiB,
 * or a 4-byte pixel for the pixel budget) so budgets above 2 GiB fit; a request is rounded up to
 * whole units and takes at least one.
 *
 * <p>Thread-safe. Waiting is not interruptible: a wait lasts at most as long as the holders ahead
 * of it, and an interrupt that arrives meanwhile stays set on the thread for the caller to act on.
 * A holder that takes two budgets takes them in the same order as every other holder (native
 * before pixels in the renderer), so two holders never wait for each other in a cycle.
 */
public final class Budget {

    /** Share of the maximum heap that each budget made by {@link #forHeap} takes by default. */
    public static final double DEFAULT_HEAP_SHARE = 0.25;
    /** Bytes per decoded pixel a pixel budget counts in: 8-bit RGBA, or RGB padded to an int. */
    public static final int BYTES_PER_PIXEL = 4;

    private static final int KIB = 1024;

    private final int unitBytes;
    private final int capacityUnits;
    private final Semaphore permits;
    private final AtomicInteger holders = new AtomicInteger();
    private final AtomicInteger peakHolders = new AtomicInteger();
    private final AtomicLong largestLeaseBytes = new AtomicLong();

    private Budget(long bytes, int unitBytes) {
        this.unitBytes = unitBytes;
        this.capacityUnits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / unitBytes));
        this.permits = new Semaphore(capacityUnits, true);
    }

    /** @param bytes how many bytes may be held at once; at least 1 KiB is used */
    public static Budget ofBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("budget must be at least 1 byte, got " + bytes);
        }
        return new Budget(bytes, KIB);
    }

    /** @param pixels how many {@value #BYTES_PER_PIXEL}-byte pixels may be held at once, 1..{@link Integer#MAX_VALUE} */
    public static Budget ofPixels(long pixels) {
        if (pixels < 1 || pixels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pixel budget must be 1.." + Integer.MAX_VALUE + ", got " + pixels);
        }
        return new Budget(pixels * BYTES_PER_PIXEL, BYTES_PER_PIXEL);
    }

    /** {@link #DEFAULT_HEAP_SHARE} of {@code maxHeapBytes}, counted in KiB. */
    public static Budget forHeap(long maxHeapBytes) {
        return new Budget(Math.max(KIB, (long) (maxHeapBytes * DEFAULT_HEAP_SHARE)), KIB);
    }

    /** {@link #DEFAULT_HEAP_SHARE} of {@code maxHeapBytes}, counted in {@value #BYTES_PER_PIXEL}-byte pixels. */
    public static Budget pixelsForHeap(long maxHeapBytes) {
        return new Budget((long) (maxHeapBytes * DEFAULT_HEAP_SHARE), BYTES_PER_PIXEL);
    }

    /** No limit worth the name: for tests and tools that work on one item at a time. */
    public static Budget unlimited() {
        return new Budget((long) Integer.MAX_VALUE * KIB, KIB);
    }

    /** Total bytes the budget holds. */
    public long capacityBytes() {
        return (long) capacityUnits * unitBytes;
    }

    /** Bytes no holder holds right now; for metrics and tests. */
    public long availableBytes() {
        return (long) permits.availablePermits() * unitBytes;
    }

    /** The share of the budget holders hold right now, 0 to 1; for metrics. */
    public double use() {
        return 1 - (double) permits.availablePermits() / capacityUnits;
    }

    /** Blocks until {@code bytes} (at most the whole budget) are free; the lease gives them back. */
    public Lease acquire(long bytes) {
        long units = Math.max(0, bytes) / unitBytes + (Math.max(0, bytes) % unitBytes == 0 ? 0 : 1);
        int wanted = (int) Math.max(1, Math.min(capacityUnits, units));
        permits.acquireUninterruptibly(wanted);
        largestLeaseBytes.accumulateAndGet((long) wanted * unitBytes, Math::max);
        peakHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
        return new Lease(wanted);
    }

    /** {@link #acquire(long)} for {@code count} items of {@code bytesEach} bytes (at least 1 each). */
    public Lease acquire(long count, int bytesEach) {
        long each = Math.max(1, bytesEach);
        long n = Math.max(0, count);
        return acquire(n > Long.MAX_VALUE / each ? Long.MAX_VALUE : n * each);
    }

    /** The most holders at the same time since this budget was made; for tests. */
    int peakHolders() {
        return peakHolders.get();
    }

    /** The most bytes one lease has held since this budget was made (after rounding and capping); for tests. */
    long largestLeaseBytes() {
        return largestLeaseBytes.get();
    }

    /** Bytes held by one holder; closing gives them back, once however often it is closed. */
    public final class Lease implements AutoCloseable {

        private final int units;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(int units) {
            this.units = units;
        }

        /**
         * Any thread: a lease can outlive the thread that took it (a downloaded source handed on to
         * the render, a fetch abandoned on stop); only the first close gives the bytes back.
         */
        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                holders.decrementAndGet();
                permits.release(units);
            }
        }
    }
}
