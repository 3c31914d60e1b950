package thumbstream.imaging;

import java.util.concurrent.Semaphore;

/**
 * How many bytes of native memory (outside the Java heap) all renders together may hold at once:
 * what libjpeg-turbo, libheif and libdeflate allocate for one decode, as {@link NativeCharges}
 * counts it. Shared by every renderer given the same instance.
 *
 * <p>Why: the heap is capped by {@code -Xmx} and the {@link PixelBudget} keeps decoded images
 * inside it, but native buffers are capped by nothing except the container's memory limit, where
 * going over is an OOM kill, not an exception. A progressive 40 MP JPEG makes libjpeg-turbo hold
 * its full-resolution DCT coefficients (about 120 MB at 4:2:0, 240 MB at 4:4:4) whatever the
 * scale it decodes to; two render threads doing that at once need twice that on top of the heap.
 * With this budget a render waits for native memory like it waits for heap: the native headroom of
 * the memory model (docs/memory.md) is this budget plus fixed amounts, whatever arrives.
 *
 * <p>A render takes its native lease before its {@link PixelBudget} lease and gives both back when
 * done; every render takes them in that order, so two renders never wait for each other in a
 * cycle. A request larger than the whole budget takes all of it: such a render runs alone rather
 * than never. First come, first served (a fair semaphore), counted in KiB so budgets above 2 GiB
 * fit. Thread-safe; waiting is not interruptible (it lasts at most as long as the renders ahead).
 */
public final class NativeBudget {

    /**
     * Native bytes all renders may hold by default, as a share of the maximum heap: the same amount
     * the {@link PixelBudget} gives decoded images on the heap. With the image's heap of 60 % of the
     * container limit that is 15 % of the limit (230 MiB of 1536 MiB).
     */
    public static final double DEFAULT_HEAP_SHARE = 0.25;

    /**
     * Native buffers one render thread keeps between images, outside any lease: libjpeg-turbo's
     * source, pixel and output buffers and libdeflate's block, each up to 8 MiB ({@code
     * TurboJpeg.KEEP_BYTES}, {@code WholeInflate.KEEP_BYTES}). A fixed line of the memory model.
     */
    public static final long KEPT_PER_RENDER_THREAD_BYTES = 4 * (8L << 20);

    private static final int UNIT = 1024;

    private final int capacityUnits;
    private final Semaphore permits;
    private volatile long largestLeaseBytes;

    /** @param bytes native bytes all renders may hold at once; at least 1 KiB is used */
    public NativeBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("native budget must be at least 1 byte, got " + bytes);
        }
        this.capacityUnits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / UNIT));
        this.permits = new Semaphore(capacityUnits, true);
    }

    /** {@link #DEFAULT_HEAP_SHARE} of {@code maxHeapBytes}. */
    public static NativeBudget forHeap(long maxHeapBytes) {
        return new NativeBudget(Math.max(UNIT, (long) (maxHeapBytes * DEFAULT_HEAP_SHARE)));
    }

    /** The budget for this JVM's maximum heap, one instance shared by every renderer given no other. */
    public static NativeBudget shared() {
        return Shared.INSTANCE;
    }

    /** Total bytes the budget holds. */
    public long capacityBytes() {
        return (long) capacityUnits * UNIT;
    }

    /** Bytes no render holds right now; for tests. */
    long availableBytes() {
        return (long) permits.availablePermits() * UNIT;
    }

    /** The share of the budget renders hold right now, 0 to 1; for metrics. */
    public double use() {
        return 1 - (double) permits.availablePermits() / capacityUnits;
    }

    /** The most bytes one lease has held since this budget was made (after capping); for tests. */
    long largestLeaseBytes() {
        return largestLeaseBytes;
    }

    /** Blocks until {@code bytes} (at most the whole budget) are free; the lease gives them back. */
    Lease acquire(long bytes) {
        int wanted = (int) Math.max(1, Math.min(capacityUnits, (Math.max(0, bytes) + UNIT - 1) / UNIT));
        permits.acquireUninterruptibly(wanted);
        synchronized (this) {
            largestLeaseBytes = Math.max(largestLeaseBytes, (long) wanted * UNIT);
        }
        return new Lease(wanted);
    }

    /** Bytes held by one render; closing gives them back, once however often it is closed. */
    final class Lease implements AutoCloseable {

        private final int units;
        private boolean open = true;

        private Lease(int units) {
            this.units = units;
        }

        /** Confined to the thread that acquired it, like the render it belongs to. */
        @Override
        public void close() {
            if (open) {
                open = false;
                permits.release(units);
            }
        }
    }

    /** Created on first use, so a JVM that never renders never sizes a budget. */
    private static final class Shared {
        static final NativeBudget INSTANCE = forHeap(Runtime.getRuntime().maxMemory());
    }
}
