package thumbstream.imaging;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many decoded pixels all renders together may hold at once, shared by every renderer (and
 * so every worker thread) that is given the same instance.
 *
 * <p>Why: the per-source pixel limit bounds one decode, but eight workers each decoding a
 * 100 MP image still need 3.2 GB at once. A render asks for the pixels it will decode (after
 * subsampling) before decoding and gives them back when its thumbnails are encoded, so decodes
 * wait for memory instead of running out of it. A request larger than the whole budget takes all
 * of it: such a render runs alone rather than never.
 *
 * <p>Fairness: first come, first served, so a large request is not starved by a stream of small
 * ones; while it waits, later requests wait behind it. The capacity is counted in pixels of
 * {@link #BYTES_PER_PIXEL} bytes; a render is charged for the bytes it really decodes
 * ({@link #acquire(long, int)}): a 16-bit RGBA or CMYK pixel costs about twice an 8-bit RGB one.
 *
 * <p>Thread-safe.
 */
final class PixelBudget {

    /** Share of the maximum heap that decoded images may fill by default; the rest is for everything else. */
    static final double DEFAULT_HEAP_SHARE = 0.25;
    /** Bytes per decoded pixel assumed for the default: 8-bit RGBA, or RGB padded to an int. */
    static final int BYTES_PER_PIXEL = 4;

    private final int capacity;
    private final Semaphore permits;
    private final AtomicInteger holders = new AtomicInteger();
    private final AtomicInteger peakHolders = new AtomicInteger();
    private final AtomicInteger largestLease = new AtomicInteger();

    /**
     * @param pixels how many decoded pixels may be held at once, 1..{@link Integer#MAX_VALUE}
     */
    public PixelBudget(long pixels) {
        if (pixels < 1 || pixels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pixel budget must be 1.." + Integer.MAX_VALUE + ", got " + pixels);
        }
        this.capacity = (int) pixels;
        this.permits = new Semaphore(capacity, true);
    }

    /** A budget of {@link #DEFAULT_HEAP_SHARE} of {@code maxHeapBytes} at {@link #BYTES_PER_PIXEL} each. */
    public static PixelBudget forHeap(long maxHeapBytes) {
        long pixels = (long) (maxHeapBytes * DEFAULT_HEAP_SHARE) / BYTES_PER_PIXEL;
        return new PixelBudget(Math.max(1, Math.min(Integer.MAX_VALUE, pixels)));
    }

    /** The budget for this JVM's maximum heap, one instance shared by every renderer that is given no other. */
    public static PixelBudget shared() {
        return Shared.INSTANCE;
    }

    /** How many pixels the budget holds in total. */
    public long capacity() {
        return capacity;
    }

    /** How many pixels are not held by any render right now; for metrics. */
    public long available() {
        return permits.availablePermits();
    }

    /** The share of the budget renders hold right now, 0 to 1; for metrics. */
    public double use() {
        return 1 - (double) permits.availablePermits() / capacity;
    }

    /**
     * Blocks until {@code pixels} (at most the whole budget) are free and holds them until the
     * returned lease is closed.
     *
     * <p>Not interruptible: the wait lasts at most as long as the renders ahead of it, and an
     * interrupt that arrives meanwhile stays set on the thread for the caller to act on.
     */
    Lease acquire(long pixels) {
        return acquire(pixels, BYTES_PER_PIXEL);
    }

    /**
     * Like {@link #acquire(long)} for pixels of {@code bytesPerPixel} bytes each: charged as
     * {@code pixels * bytesPerPixel / }{@value #BYTES_PER_PIXEL} budget pixels (rounded up).
     */
    Lease acquire(long pixels, int bytesPerPixel) {
        long charged = Math.max(pixels, 0) / BYTES_PER_PIXEL * Math.max(1, bytesPerPixel)
                + (Math.max(pixels, 0) % BYTES_PER_PIXEL * Math.max(1, bytesPerPixel) + BYTES_PER_PIXEL - 1)
                        / BYTES_PER_PIXEL;
        int wanted = (int) Math.max(1, Math.min(capacity, charged));
        permits.acquireUninterruptibly(wanted);
        largestLease.accumulateAndGet(wanted, Math::max);
        peakHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
        return new Lease(wanted);
    }

    /** The most renders that held pixels at the same time since this budget was made; for tests. */
    int peakHolders() {
        return peakHolders.get();
    }

    /** The most budget pixels one lease has held since this budget was made; for tests. */
    int largestLease() {
        return largestLease.get();
    }

    /** Pixels held by one render; closing it gives them back (once, however often it is closed). */
    final class Lease implements AutoCloseable {

        private final int pixels;
        private boolean open = true;

        private Lease(int pixels) {
            this.pixels = pixels;
        }

        /** Confined to the thread that acquired it, like the render it belongs to. */
        @Override
        public void close() {
            if (open) {
                open = false;
                holders.decrementAndGet();
                permits.release(pixels);
            }
        }
    }

    /** Created on first use, so a JVM that never renders never sizes a budget. */
    private static final class Shared {
        static final PixelBudget INSTANCE = forHeap(Runtime.getRuntime().maxMemory());
    }
}
