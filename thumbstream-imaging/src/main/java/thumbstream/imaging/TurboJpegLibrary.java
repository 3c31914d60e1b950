package thumbstream.imaging;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TurboJPEG C API of libjpeg-turbo ({@code libturbojpeg.so.0}, Debian's {@code libturbojpeg0}),
 * bound through JNA direct mapping, and whether it could be loaded.
 *
 * <p>Only the functions and constants the renderer uses. Every call takes a handle that belongs to
 * one thread ({@link TurboJpeg} keeps them per thread); the library itself keeps no global state.
 * Loading happens once, on first use of {@link #loaded()}; when the library is missing or too old
 * the answer is empty and stays so, and callers use ImageIO instead.
 */
final class TurboJpegLibrary {

    // Pixel formats (enum TJPF): 4 bytes per pixel, the X byte unused.
    static final int TJPF_BGRX = 3;
    static final int TJPF_XRGB = 5;
    // Colour spaces reported by tjDecompressHeader3 (enum TJCS).
    static final int TJCS_RGB = 0;
    static final int TJCS_YCBCR = 1;
    static final int TJCS_GRAY = 2;
    // Chroma subsampling (enum TJSAMP): 4:2:0, what ImageIO, Pillow and libvips write by default.
    static final int TJSAMP_420 = 2;
    // Flags and error codes.
    static final int TJFLAG_NOREALLOC = 1024;
    /**
     * Fail a progressive JPEG with more than 500 scans (libjpeg-turbo 2.1+; older versions ignore
     * the flag): each scan walks the whole coefficient buffer, so a few KB of repeated scans can
     * keep a decoder busy for minutes.
     */
    static final int TJFLAG_LIMITSCANS = 32768;

    static final int TJERR_WARNING = 0;

    /** Names tried in order: the Debian/Ubuntu soname first (no dev package needed), then JNA's search. */
    private static final List<String> NAMES = List.of("libturbojpeg.so.0", "turbojpeg");

    private static final Pattern VERSION = Pattern.compile("libjpeg-turbo version (\\d+\\.\\d+(?:\\.\\d+)?)");

    private TurboJpegLibrary() {}

    /** What was loaded, if anything: a description for the log, e.g. {@code libjpeg-turbo 2.1.5}. */
    static Optional<String> loaded() {
        return Holder.DESCRIPTION;
    }

    static native Pointer tjInitDecompress();

    static native Pointer tjInitCompress();

    static native int tjDestroy(Pointer handle);

    static native int tjDecompressHeader3(
            Pointer handle,
            Pointer jpeg,
            long jpegSize,
            int[] width,
            int[] height,
            int[] subsampling,
            int[] colorspace);

    static native Pointer tjGetScalingFactors(int[] count);

    static native int tjDecompress2(
            Pointer handle,
            Pointer jpeg,
            long jpegSize,
            Pointer dst,
            int width,
            int pitch,
            int height,
            int pixelFormat,
            int flags);

    static native int tjCompress2(
            Pointer handle,
            Pointer src,
            int width,
            int pitch,
            int height,
            int pixelFormat,
            PointerByReference jpeg,
            long[] jpegSize,
            int subsampling,
            int quality,
            int flags);

    static native long tjBufSize(int width, int height, int subsampling);

    static native String tjGetErrorStr2(Pointer handle);

    static native int tjGetErrorCode(Pointer handle);

    /** Loads on first access (class initialisation is lazy and thread-safe). */
    private static final class Holder {
        static final Optional<String> DESCRIPTION = NativeLoading.unlessJnaFails(TurboJpegLibrary::loadNative);
    }

    private static Optional<String> loadNative() {
        // The bindings pass sizes as Java long for C unsigned long: right on LP64 (Linux, macOS) only.
        if (Native.LONG_SIZE != 8) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            try {
                NativeLibrary library = NativeLibrary.getInstance(name);
                library.getFunction("tjGetErrorCode"); // TurboJPEG API 2.0+ (libjpeg-turbo 2.0, 2018)
                Native.register(TurboJpegLibrary.class, library);
                return Optional.of(describe(library));
            } catch (LinkageError e) {
                // not this name, or too old: try the next one, else report absence
            }
        }
        return Optional.empty();
    }

    /**
     * The TurboJPEG API has no version call before 3.0, but the library carries libjpeg's version
     * string: read it from the file the dynamic linker mapped (Linux: /proc/self/maps) for the log
     * line. Falls back to the API level.
     */
    private static String describe(NativeLibrary library) {
        try {
            // getFile() is only a real path when JNA found the file itself, not when dlopen searched.
            Path file = library.getFile() != null
                            && library.getFile().isAbsolute()
                            && library.getFile().isFile()
                    ? library.getFile().toPath()
                    : mappedFile();
            if (file != null) {
                Matcher version = VERSION.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                if (version.find()) {
                    return "libjpeg-turbo " + version.group(1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // only the log line loses detail
        }
        return "libjpeg-turbo (TurboJPEG API 2.x)";
    }

    private static Path mappedFile() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.startsWith("/") && path.contains("libturbojpeg"))
                    .findFirst()
                    .map(Path::of)
                    .orElse(null);
        }
    }
}
