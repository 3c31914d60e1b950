package thumbstream.imaging;

import static thumbstream.imaging.TurboJpegLibrary.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scaled JPEG decoding and JPEG encoding through libjpeg-turbo; only usable when
 * {@link TurboJpegLibrary#loaded()} is present.
 *
 * <p>Why: libjpeg-turbo decodes straight to 1/8..8/8 of the size in the DCT domain (a filtered
 * reduction, not dropped pixels) with SIMD code, several times faster than ImageIO's full-size
 * decode, and encodes faster too. Pixels cross into Java as {@code TYPE_INT_RGB}, the layout
 * the resizer and encoder handle fastest.
 *
 * <p>Threads: each thread has its own decompress and compress handles and native buffers
 * ({@link ThreadState}); they are freed by a {@link Cleaner} once the thread has ended and its
 * state is unreachable. Buffers that grew beyond {@link #KEEP_BYTES} are freed after each use so
 * that one huge image does not pin native memory for the life of a worker.
 */
final class TurboJpeg {

    /**
     * Native buffers up to this size stay with their thread for the next image: at most three
     * (source, pixels, encoder output) per render thread outside any budget lease, a fixed part of
     * the memory model (docs/memory.md). 8 MiB holds a 1024x1024 rendition's pixels and most
     * camera JPEGs; larger ones are allocated for one image and freed after it.
     */
    static final long KEEP_BYTES = 8L << 20;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LIVE_HANDLES = new AtomicInteger();
    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);
    /** BGRX bytes read as one native-order int are 0xXXRRGGBB, which is what TYPE_INT_RGB stores. */
    private static final int INT_RGB_FORMAT =
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;

    /** What the JPEG header says. */
    record Header(int width, int height, int colorspace) {

        /** Whether libjpeg-turbo gives correct sRGB-ish pixels by itself: not CMYK or YCCK, which need profiles. */
        boolean directlyDecodable() {
            return colorspace == TJCS_YCBCR || colorspace == TJCS_GRAY || colorspace == TJCS_RGB;
        }
    }

    /** A DCT scaling factor, num/denom. */
    record Scale(int num, int denom) {

        /** What libjpeg-turbo makes of a side of {@code length} pixels (TJSCALED: rounded up). */
        int apply(int length) {
            return (int) (((long) length * num + denom - 1) / denom);
        }
    }

    private TurboJpeg() {}

    /** The reductions the library offers (factors of at most 1), largest first. */
    static List<Scale> reductions() {
        return Reductions.LIST;
    }

    /**
     * Opens {@code jpeg} for reading its header and decoding it, copying the whole array to native
     * memory for the header; the renderer uses {@link #open(byte[], int)}.
     */
    static Session open(byte[] jpeg) {
        return new Session(jpeg, jpeg.length);
    }

    /**
     * Opens {@code jpeg}, copying only its first {@code headerLength} bytes to native memory to read
     * the header: the segments up to and including the first SOS ({@link JpegFrame#scanStart}), all
     * libjpeg reads for a header. The whole source is copied by {@link Session#decode}, once the
     * render holds its native budget lease, never while it waits for one.
     */
    static Session open(byte[] jpeg, int headerLength) {
        return new Session(jpeg, headerLength);
    }

    /**
     * One source being read by this thread's decompressor: its header, read when opened, and its
     * decode. Close it when done with the source (the caller may then refill the same array with
     * another image): closing ends the reuse of this thread's native copy of the source and frees
     * buffers that grew beyond {@link #KEEP_BYTES}. Confined to the thread that opened it, whose
     * handles and buffers it uses.
     */
    static final class Session implements AutoCloseable {

        private final byte[] jpeg;
        private final Header header;

        private Session(byte[] jpeg, int headerLength) {
            this.jpeg = jpeg;
            this.header = readHeader(jpeg, headerLength);
        }

        /** What the header says, or null when libjpeg-turbo cannot parse it (ImageIO then decides). */
        Header header() {
            return header;
        }

        /**
         * Decodes the source at {@code scale} into a new {@code TYPE_INT_RGB} image, or returns
         * null when libjpeg-turbo reports any error or warning (truncated or damaged data): the
         * caller then lets ImageIO decode, so damaged files are judged by one policy whichever path
         * is active.
         *
         * @throws ImagingException TOO_LARGE for a progressive JPEG over the scan limit
         *                          ({@link TurboJpegLibrary#TJFLAG_LIMITSCANS})
         * @throws IllegalStateException when the header could not be read
         */
        BufferedImage decode(Scale scale) throws ImagingException {
            if (header == null) {
                throw new IllegalStateException("no header was read: nothing to decode");
            }
            return TurboJpeg.decode(jpeg, header, scale);
        }

        @Override
        public void close() {
            ThreadState state = STATE.get();
            state.forgetSource();
            state.trim();
        }
    }

    private static Header readHeader(byte[] jpeg, int length) {
        ThreadState state = STATE.get();
        int prefix = Math.max(0, Math.min(length, jpeg.length));
        Pointer src = state.prefix(jpeg, prefix);
        int[] width = new int[1];
        int[] height = new int[1];
        int[] subsampling = new int[1];
        int[] colorspace = new int[1];
        int rc = tjDecompressHeader3(state.decompressor, src, prefix, width, height, subsampling, colorspace);
        if (rc != 0) {
            state.trim();
        }
        return rc == 0 && width[0] > 0 && height[0] > 0 ? new Header(width[0], height[0], colorspace[0]) : null;
    }

    private static BufferedImage decode(byte[] jpeg, Header header, Scale scale) throws ImagingException {
        int width = scale.apply(header.width());
        int height = scale.apply(header.height());
        ThreadState state = STATE.get();
        try {
            Pointer src = state.source(jpeg);
            Memory pixels = state.pixels((long) width * height * 4);
            int rc = tjDecompress2(
                    state.decompressor, src, jpeg.length, pixels, width, 0, height, INT_RGB_FORMAT, TJFLAG_LIMITSCANS);
            if (rc != 0) {
                String error = String.valueOf(tjGetErrorStr2(state.decompressor));
                if (error.toLowerCase(Locale.ROOT).contains("scans")) {
                    // Not a damaged file for ImageIO to judge: ImageIO would walk every scan.
                    throw new ImagingException(
                            ImagingException.Kind.TOO_LARGE, "cannot decode jpeg image: libjpeg-turbo: " + error);
                }
                return null;
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            pixels.read(0, ((DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0, width * height);
            return image;
        } finally {
            state.forgetSource();
            state.trim();
        }
    }

    /** Encodes an opaque RGB image as a baseline 4:2:0 JPEG with a JFIF header and nothing else. */
    static byte[] encode(BufferedImage rgb, int quality) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        ThreadState state = STATE.get();
        try {
            Memory pixels = state.pixels((long) width * height * 4);
            pixels.write(0, packedPixels(rgb), 0, width * height);
            long capacity = tjBufSize(width, height, TJSAMP_420);
            Memory out = state.output(capacity);
            long[] size = {capacity};
            int rc = tjCompress2(
                    state.compressor(),
                    pixels,
                    width,
                    0,
                    height,
                    INT_RGB_FORMAT,
                    new PointerByReference(out),
                    size,
                    TJSAMP_420,
                    quality,
                    TJFLAG_NOREALLOC);
            if (rc != 0) {
                // Encoding pixels we made cannot fail for reasons of input: this is a bug or no memory.
                throw new IllegalStateException("libjpeg-turbo cannot encode " + width + "x" + height + ": "
                        + tjGetErrorStr2(state.compressor()));
            }
            return out.getByteArray(0, (int) size[0]);
        } finally {
            state.trim();
        }
    }

    /** Native decompress/compress handles alive in this JVM; for leak tests. */
    static int liveHandles() {
        return LIVE_HANDLES.get();
    }

    /** The pixels of a TYPE_INT_RGB image as a packed array, without a copy when the raster allows. */
    private static int[] packedPixels(BufferedImage rgb) {
        int width = rgb.getWidth();
        if (rgb.getType() == BufferedImage.TYPE_INT_RGB
                && rgb.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == width
                && rgb.getRaster().getSampleModelTranslateX() == 0
                && rgb.getRaster().getSampleModelTranslateY() == 0
                && rgb.getRaster().getDataBuffer().getOffset() == 0) {
            return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        }
        return rgb.getRGB(0, 0, width, rgb.getHeight(), null, 0, width);
    }

    /** One thread's handles and buffers. Confined to its thread; freed by the cleaner after it. */
    private static final class ThreadState {

        final Pointer decompressor;
        private final Handles handles;
        private Memory source;
        private byte[] loaded;
        private Memory pixels;
        private Memory output;

        ThreadState() {
            handles = new Handles();
            decompressor = handles.open(tjInitDecompress(), "decompress");
            CLEANER.register(this, handles);
        }

        Pointer compressor() {
            if (handles.compressor == null) {
                handles.compressor = handles.open(tjInitCompress(), "compress");
            }
            return handles.compressor;
        }

        /** The first {@code length} bytes of {@code jpeg} in native memory, for a session's header. */
        Pointer prefix(byte[] jpeg, int length) {
            source = atLeast(source, Math.max(1, length));
            source.write(0, jpeg, 0, length);
            loaded = null; // not the whole array: a decode copies it afresh
            return source;
        }

        /**
         * {@code jpeg} copied into native memory. A second call for the same array reuses the copy
         * until {@link #forgetSource}; any other call copies afresh.
         */
        Pointer source(byte[] jpeg) {
            if (loaded != jpeg) {
                source = atLeast(source, jpeg.length);
                source.write(0, jpeg, 0, jpeg.length);
                loaded = jpeg;
            }
            return source;
        }

        /** Forgets which array the source buffer holds: the next call copies again. */
        void forgetSource() {
            loaded = null;
        }

        Memory pixels(long bytes) {
            return pixels = atLeast(pixels, bytes);
        }

        Memory output(long bytes) {
            return output = atLeast(output, bytes);
        }

        /** Frees buffers above {@link #KEEP_BYTES} now, rather than whenever the GC finds them. */
        void trim() {
            source = trimmed(source);
            pixels = trimmed(pixels);
            output = trimmed(output);
        }

        private static Memory atLeast(Memory current, long bytes) {
            if (current != null && current.size() >= bytes) {
                return current;
            }
            if (current != null) {
                current.close();
            }
            // Round up so that slowly growing images do not reallocate each time.
            return new Memory(Math.max(bytes, Math.min(KEEP_BYTES, Math.max(64 << 10, bytes + bytes / 4))));
        }

        private static Memory trimmed(Memory buffer) {
            if (buffer != null && buffer.size() > KEEP_BYTES) {
                buffer.close();
                return null;
            }
            return buffer;
        }
    }

    /** The native handles of one thread; run by the cleaner, so it must not refer to its ThreadState. */
    private static final class Handles implements Runnable {

        private final List<Pointer> open = new ArrayList<>(2);
        Pointer compressor;

        Pointer open(Pointer handle, String kind) {
            if (handle == null) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT, "libjpeg-turbo could not create a %s handle (out of memory?)", kind));
            }
            open.add(handle);
            LIVE_HANDLES.incrementAndGet();
            return handle;
        }

        @Override
        public void run() {
            for (Pointer handle : open) {
                tjDestroy(handle);
                LIVE_HANDLES.decrementAndGet();
            }
            open.clear();
        }
    }

    /** Read once: the list is a static table in the library. */
    private static final class Reductions {
        static final List<Scale> LIST = load();

        private static List<Scale> load() {
            int[] count = new int[1];
            Pointer table = tjGetScalingFactors(count);
            List<Scale> scales = new ArrayList<>();
            for (int i = 0; table != null && i < count[0]; i++) {
                Scale scale = new Scale(table.getInt(8L * i), table.getInt(8L * i + 4));
                if (scale.num() > 0 && scale.num() <= scale.denom()) {
                    scales.add(scale);
                }
            }
            scales.sort((a, b) -> Long.compare((long) b.num() * a.denom(), (long) a.num() * b.denom()));
            return List.copyOf(scales);
        }
    }
}
