package thumbstream.imaging;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * libwebp's advanced encoding API ({@code libwebp.so.7}, Debian's {@code libwebp7}) bound through
 * JNA direct mapping, and whether it could be loaded.
 *
 * <p>The advanced API (WebPConfig + WebPPicture) rather than {@code WebPEncodeRGB}: only it takes
 * the "method" (effort) setting. Both structs are plain C structs whose layout is fixed by the
 * encoder ABI version; {@link WebpEncoder} allocates them as zeroed native blocks larger than
 * their size and lets libwebp's init functions fill them, touching only the fields named below by
 * offset (x86-64/arm64 LP64 layout of libwebp 1.x, ABI 0x020f). Loading happens once, on first
 * use of {@link #loaded()}; when the library is missing the answer stays empty.
 */
final class WebpLibrary {

    /** WEBP_ENCODER_ABI_VERSION of libwebp 1.2.x; the init functions refuse other major versions. */
    static final int ENCODER_ABI_VERSION = 0x020f;
    /** Debian package that ships the library; named in start-up errors. */
    static final String PACKAGE = "libwebp7";

    /** Bytes allocated for a WebPConfig (116 in 1.2.4) and a WebPPicture (256): room to spare. */
    static final int CONFIG_BYTES = 512;

    static final int PICTURE_BYTES = 1024;
    // WebPConfig field offsets.
    static final int CONFIG_METHOD = 8;
    // WebPPicture field offsets.
    static final int PICTURE_WIDTH = 8;
    static final int PICTURE_HEIGHT = 12;
    static final int PICTURE_WRITER = 96;
    static final int PICTURE_CUSTOM_PTR = 104;
    static final int PICTURE_ERROR_CODE = 136;
    /** WebPMemoryWriter {mem, size, max_size, pad}: 32 bytes; the first two fields are read back. */
    static final int MEMORY_WRITER_BYTES = 64;

    private static final List<String> NAMES = List.of("libwebp.so.7", "webp");

    private WebpLibrary() {}

    /** The loaded library's version for logs, e.g. {@code libwebp 1.2.4}; empty when absent. */
    static Optional<String> loaded() {
        return Holder.VERSION;
    }

    /** libwebp's own writer that appends to a WebPMemoryWriter; set as the picture's writer. */
    static Pointer memoryWrite() {
        return Holder.memoryWrite;
    }

    static native int WebPGetEncoderVersion();

    static native int WebPConfigInitInternal(Pointer config, int preset, float quality, int version);

    static native int WebPValidateConfig(Pointer config);

    static native int WebPPictureInitInternal(Pointer picture, int version);

    static native int WebPPictureImportBGRX(Pointer picture, Pointer bgrx, int stride);

    static native int WebPPictureImportBGRA(Pointer picture, Pointer bgra, int stride);

    static native void WebPPictureFree(Pointer picture);

    static native void WebPMemoryWriterInit(Pointer writer);

    static native void WebPMemoryWriterClear(Pointer writer);

    static native int WebPEncode(Pointer config, Pointer picture);

    private static final class Holder {
        static Function memoryWrite;
        static final Optional<String> VERSION = NativeLoading.unlessJnaFails(WebpLibrary::loadNative);
    }

    private static Optional<String> loadNative() {
        // Offsets above are for LP64, and the pixel import reads Java's packed ints as B,G,R,X bytes.
        if (Native.POINTER_SIZE != 8 || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            try {
                NativeLibrary library = NativeLibrary.getInstance(name);
                Holder.memoryWrite = library.getFunction("WebPMemoryWrite");
                library.getFunction("WebPMemoryWriterClear"); // libwebp 0.5+
                Native.register(WebpLibrary.class, library);
                int version = WebPGetEncoderVersion();
                if ((version >> 16) != 1) {
                    return Optional.empty(); // a future libwebp 2 may change the struct layouts
                }
                return Optional.of(
                        "libwebp " + (version >> 16) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff));
            } catch (LinkageError e) {
                // not this name: try the next one, else report absence
            }
        }
        return Optional.empty();
    }
}
