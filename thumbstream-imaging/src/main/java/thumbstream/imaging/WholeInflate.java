package thumbstream.imaging;

import static thumbstream.imaging.DeflateLibrary.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inflates a PNG's image data in one call into one native buffer through libdeflate, for
 * {@link PngRows} to read row by row; only used when {@link DeflateLibrary#loaded()} is present,
 * the raw size is at most {@link #MAX_BYTES}, and {@code -Dthumbstream.png=zlib} is not set.
 *
 * <p>Memory: one native block per thread holds the IDAT data (copied in, concatenated) and the raw
 * rows ({@code height * (1 + rowBytes)}), so a decode holds {@link #workingBytes} more than the
 * streaming path; the renderer charges that to the pixel budget. Blocks up to {@link #KEEP_BYTES}
 * stay with their thread for the next image (a fresh block costs a page fault per 4 KiB, about
 * a tenth of the inflate); larger ones are freed after each image. Pixels and data never cross
 * into native memory as Java arrays (JNA copies those whole on every call).
 *
 * <p>Damage: libdeflate reads at most the bytes given and writes at most the buffer's size, which
 * is the raw size of the checked header: a stream that inflates further stops there
 * (INSUFFICIENT_SPACE), however much more it holds. Any
 * result but a complete, checksummed stream of exactly the raw size returns null, and the caller
 * decodes with the streaming {@code Inflater} instead, which judges damage as it always has.
 *
 * <p>Threads: each thread has its own decompressor and block ({@link ThreadState}), freed by a
 * {@link Cleaner} once the thread has ended and its state is unreachable.
 */
final class WholeInflate {

    /** Raw sizes above this inflate through the streaming path (256 KiB at a time) instead. */
    static final long MAX_BYTES = 64L << 20;
    /** A thread's native block up to this size is kept for its next image. */
    static final long KEEP_BYTES = 8L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(WholeInflate.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LIVE_DECOMPRESSORS = new AtomicInteger();
    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    private WholeInflate() {}

    /** Whether a PNG with {@code rawBytes} of inflated rows is inflated here. */
    static boolean takes(long rawBytes) {
        return Enabled.YES && rawBytes > 0 && rawBytes <= MAX_BYTES;
    }

    /** Native bytes a decode holds while it inflates whole: the IDAT data plus the raw rows. */
    static long workingBytes(PngChunks chunks, long rawBytes) {
        return idatBytes(chunks) + rawBytes;
    }

    /**
     * Inflates all IDAT data of {@code png} into this thread's block.
     *
     * @return the {@code rawBytes} inflated bytes, valid until this thread's next call of
     *         {@link #inflate} or {@link #release}; null when the stream is damaged, ends early or
     *         runs long (the streaming path then decides), or when {@link #takes} says no
     */
    static ByteBuffer inflate(byte[] png, PngChunks chunks, long rawBytes) {
        if (!takes(rawBytes)) {
            return null; // not loaded (nothing bound yet), disabled, or too large
        }
        long in = idatBytes(chunks);
        ThreadState state = STATE.get();
        Memory block = state.block(in + rawBytes);
        long at = 0;
        for (int[] chunk : chunks.idat()) {
            block.write(at, png, chunk[0], chunk[1]);
            at += chunk[1];
        }
        Pointer out = block.share(in, rawBytes);
        long[] actual = new long[1];
        int rc = libdeflate_zlib_decompress(state.decompressor.handle, block, in, out, rawBytes, actual);
        if (rc != SUCCESS || actual[0] != rawBytes) {
            return null;
        }
        return block.getByteBuffer(in, rawBytes);
    }

    /** Frees this thread's block if it is larger than {@link #KEEP_BYTES}; call after each decode. */
    static void release() {
        STATE.get().trim();
    }

    /** Decompressors alive in this JVM; for leak tests. */
    static int liveDecompressors() {
        return LIVE_DECOMPRESSORS.get();
    }

    private static long idatBytes(PngChunks chunks) {
        long bytes = 0;
        for (int[] chunk : chunks.idat()) {
            bytes += chunk[1];
        }
        return bytes;
    }

    /** Decided and logged once. */
    private static final class Enabled {
        static final boolean YES = decide();

        private static boolean decide() {
            if ("zlib".equals(System.getProperty(PngRows.PROPERTY))) {
                LOG.info("PNG inflate: java.util.zip (forced by -D{}=zlib)", PngRows.PROPERTY);
                return false;
            }
            return DeflateLibrary.loaded()
                    .map(library -> {
                        LOG.info("PNG inflate: {} (native)", library);
                        return true;
                    })
                    .orElseGet(() -> {
                        LOG.info(
                                "PNG inflate: java.util.zip (libdeflate not found; install {} for faster PNG"
                                        + " thumbnails)",
                                PACKAGE);
                        return false;
                    });
        }
    }

    /** One thread's decompressor and block. Confined to its thread; freed by the cleaner after it. */
    private static final class ThreadState {

        final Decompressor decompressor = new Decompressor();
        private Memory block;

        ThreadState() {
            CLEANER.register(this, decompressor);
        }

        Memory block(long bytes) {
            if (block == null || block.size() < bytes) {
                if (block != null) {
                    block.close();
                }
                // Round up so that slightly larger images do not reallocate each time.
                block = new Memory(Math.max(bytes, Math.min(KEEP_BYTES, bytes + bytes / 4)));
            }
            return block;
        }

        void trim() {
            if (block != null && block.size() > KEEP_BYTES) {
                block.close();
                block = null;
            }
        }
    }

    /** The native decompressor of one thread; run by the cleaner, so it must not refer to its ThreadState. */
    private static final class Decompressor implements Runnable {

        final Pointer handle;

        Decompressor() {
            handle = libdeflate_alloc_decompressor();
            if (handle == null) {
                throw new IllegalStateException("libdeflate could not allocate a decompressor (out of memory?)");
            }
            LIVE_DECOMPRESSORS.incrementAndGet();
        }

        @Override
        public void run() {
            libdeflate_free_decompressor(handle);
            LIVE_DECOMPRESSORS.decrementAndGet();
        }
    }
}
