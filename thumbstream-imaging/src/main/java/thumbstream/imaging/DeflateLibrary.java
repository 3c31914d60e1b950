package thumbstream.imaging;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.Optional;

/**
 * libdeflate's whole-buffer zlib decompressor ({@code libdeflate.so.0}, Debian's {@code
 * libdeflate0}) bound through JNA direct mapping, and whether it could be loaded.
 *
 * <p>Why: inflate is nearly 90% of decoding a PNG through {@link PngRows} with zlib, and libdeflate
 * inflates the same data about twice as fast by decoding into one buffer it can see whole (no
 * sliding window, no resumable state). Only the three functions {@link WholeInflate} needs. A
 * decompressor belongs to one thread at a time; the library keeps no global state. Loading happens
 * once, on first use of {@link #loaded()}; when the library is missing the answer stays empty and
 * PNGs inflate through {@code java.util.zip.Inflater} as before.
 */
final class DeflateLibrary {

    /** Debian package that ships the library; named in logs and the README. */
    static final String PACKAGE = "libdeflate0";

    /** LIBDEFLATE_SUCCESS; the other results are BAD_DATA (1), SHORT_OUTPUT (2) and INSUFFICIENT_SPACE (3). */
    static final int SUCCESS = 0;

    /** The Debian/Ubuntu soname first (no dev package needed), then JNA's own search. */
    private static final List<String> NAMES = List.of("libdeflate.so.0", "deflate");

    private DeflateLibrary() {}

    /** What was loaded, for logs: {@code libdeflate}; empty when absent. */
    static Optional<String> loaded() {
        return Holder.DESCRIPTION;
    }

    static native Pointer libdeflate_alloc_decompressor();

    static native void libdeflate_free_decompressor(Pointer decompressor);

    /**
     * Sizes are C {@code size_t}, passed as Java long: right on LP64 only (checked at load). With
     * {@code actualOut} given, a stream that ends early is SUCCESS with fewer bytes, not
     * SHORT_OUTPUT; a stream that needs more than {@code outAvailable} is INSUFFICIENT_SPACE. The
     * library reads at most {@code inBytes} and writes at most {@code outAvailable}.
     */
    static native int libdeflate_zlib_decompress(
            Pointer decompressor, Pointer in, long inBytes, Pointer out, long outAvailable, long[] actualOut);

    /** Loads on first access (class initialisation is lazy and thread-safe). */
    private static final class Holder {
        static final Optional<String> DESCRIPTION = NativeLoading.unlessJnaFails(DeflateLibrary::loadNative);
    }

    private static Optional<String> loadNative() {
        if (Native.SIZE_T_SIZE != 8) {
            return Optional.empty(); // size_t as Java long
        }
        for (String name : NAMES) {
            try {
                NativeLibrary library = NativeLibrary.getInstance(name);
                library.getFunction("libdeflate_zlib_decompress");
                Native.register(DeflateLibrary.class, library);
                return Optional.of("libdeflate");
            } catch (LinkageError e) {
                // not this name: try the next one, else report absence
            }
        }
        return Optional.empty();
    }
}
