package thumbstream.imaging;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import java.util.Optional;

/**
 * libheif's C API ({@code libheif.so.1}, Debian's {@code libheif1}): HEIC/HEIF and AVIF decoding,
 * AVIF encoding through its AV1 encoder (aom), bound through JNA interface mapping (its calls
 * return a {@code struct heif_error} by value, which interface mapping handles).
 *
 * <p>Only the functions the renderer uses. Every object (context, handle, image, encoder) is made
 * and released within one call of {@link HeifDecoder} or {@link AvifEncoder}; the library keeps no
 * per-thread state. Loaded once, on first use of {@link #api()}; empty when the library is missing.
 */
final class HeifLibrary {

    /** Debian package that ships the library; named in start-up errors. */
    static final String PACKAGE = "libheif1";

    // heif_error codes and the one subcode the decoder tells apart.
    static final int ERROR_UNSUPPORTED_FILETYPE = 3;
    static final int ERROR_UNSUPPORTED_FEATURE = 4;
    static final int SUBERROR_SECURITY_LIMIT = 1000;
    /** libheif's default for {@code heif_context_set_maximum_image_size_limit} (heif_limits.h). */
    static final int DEFAULT_MAXIMUM_SIDE = 32768;

    static final int COMPRESSION_HEVC = 1;
    static final int COMPRESSION_AV1 = 4;
    static final int COLORSPACE_RGB = 1;
    static final int CHROMA_INTERLEAVED_RGB = 10;
    static final int CHROMA_INTERLEAVED_RGBA = 11;
    static final int CHANNEL_INTERLEAVED = 10;
    /** heif_color_profile_type: fourccs of the two ICC kinds ('prof', 'rICC'). */
    static final int PROFILE_PROF = 0x70726f66;

    static final int PROFILE_RICC = 0x72494343;
    /** heif_encoding_options: offset of {@code image_orientation} (version 5, libheif 1.15+, LP64). */
    static final int OPTIONS_IMAGE_ORIENTATION = 20;

    private static final List<String> NAMES = List.of("libheif.so.1", "heif");

    private HeifLibrary() {}

    /** The bound API, or empty when libheif is not installed. */
    static Optional<Api> api() {
        return Holder.API;
    }

    /** The loaded library for logs, e.g. {@code libheif 1.15.1}; empty when absent. */
    static Optional<String> loaded() {
        return api().map(api -> "libheif " + api.heif_get_version());
    }

    /** {@code struct heif_error}: code 0 is success; message is always set by libheif. */
    @Structure.FieldOrder({"code", "subcode", "message"})
    public static class HeifError extends Structure {
        public int code;
        public int subcode;
        public Pointer message;

        /** The by-value form every libheif call returns. */
        public static class ByValue extends HeifError implements Structure.ByValue {}

        boolean failed() {
            return code != 0;
        }

        String describe() {
            return (message == null ? "error " + code : message.getString(0)) + " (" + code + "/" + subcode + ")";
        }
    }

    /** {@code struct heif_writer}: API version 1 and the write callback. */
    @Structure.FieldOrder({"writer_api_version", "write"})
    public static class HeifWriter extends Structure {
        public int writer_api_version = 1;
        public WriteCallback write;
    }

    /** The writer's callback: called with each chunk of the file, in order, on the writing thread. */
    public interface WriteCallback extends Callback {
        HeifError.ByValue invoke(Pointer context, Pointer data, long size, Pointer userdata);
    }

    /** The functions, named as in heif.h. */
    @SuppressWarnings("checkstyle:MethodName")
    public interface Api extends Library {
        HeifError.ByValue heif_init(Pointer params);

        String heif_get_version();

        int heif_have_decoder_for_format(int format);

        int heif_have_encoder_for_format(int format);

        Pointer heif_context_alloc();

        void heif_context_free(Pointer context);

        /**
         * libheif 1.15's only security limit: the largest width, and the largest height, of any
         * image item ({@code ispe}), grid or overlay canvas in a file read afterwards by this
         * context (32768 by default). {@code heif_context_set_security_limits} is 1.19+.
         */
        void heif_context_set_maximum_image_size_limit(Pointer context, int maximumWidth);

        HeifError.ByValue heif_context_read_from_memory_without_copy(
                Pointer context, Pointer memory, long size, Pointer options);

        HeifError.ByValue heif_context_get_primary_image_handle(Pointer context, PointerByReference handle);

        int heif_image_handle_get_width(Pointer handle);

        int heif_image_handle_get_height(Pointer handle);

        /** The coded size ({@code ispe}), before rotation and clean-aperture crop; what the planes are allocated at. */
        int heif_image_handle_get_ispe_width(Pointer handle);

        int heif_image_handle_get_ispe_height(Pointer handle);

        int heif_image_handle_has_alpha_channel(Pointer handle);

        /** Bits per luma sample as coded (8, 10, 12...); -1 when undefined. */
        int heif_image_handle_get_luma_bits_per_pixel(Pointer handle);

        int heif_image_handle_get_color_profile_type(Pointer handle);

        long heif_image_handle_get_raw_color_profile_size(Pointer handle);

        HeifError.ByValue heif_image_handle_get_raw_color_profile(Pointer handle, byte[] out);

        void heif_image_handle_release(Pointer handle);

        HeifError.ByValue heif_decode_image(
                Pointer handle, PointerByReference image, int colorspace, int chroma, Pointer options);

        Pointer heif_image_get_plane_readonly(Pointer image, int channel, IntByReference stride);

        Pointer heif_image_get_plane(Pointer image, int channel, IntByReference stride);

        int heif_image_get_width(Pointer image, int channel);

        int heif_image_get_height(Pointer image, int channel);

        HeifError.ByValue heif_image_create(
                int width, int height, int colorspace, int chroma, PointerByReference image);

        HeifError.ByValue heif_image_add_plane(Pointer image, int channel, int width, int height, int bitDepth);

        void heif_image_release(Pointer image);

        HeifError.ByValue heif_context_get_encoder_for_format(Pointer context, int format, PointerByReference encoder);

        void heif_encoder_release(Pointer encoder);

        HeifError.ByValue heif_encoder_set_lossy_quality(Pointer encoder, int quality);

        HeifError.ByValue heif_encoder_set_parameter_integer(Pointer encoder, String name, int value);

        Pointer heif_nclx_color_profile_alloc();

        void heif_nclx_color_profile_free(Pointer nclx);

        HeifError.ByValue heif_nclx_color_profile_set_color_primaries(Pointer nclx, short primaries);

        HeifError.ByValue heif_nclx_color_profile_set_transfer_characteristics(Pointer nclx, short transfer);

        HeifError.ByValue heif_nclx_color_profile_set_matrix_coefficients(Pointer nclx, short matrix);

        HeifError.ByValue heif_image_set_nclx_color_profile(Pointer image, Pointer nclx);

        Pointer heif_encoding_options_alloc();

        void heif_encoding_options_free(Pointer options);

        HeifError.ByValue heif_context_encode_image(
                Pointer context, Pointer image, Pointer encoder, Pointer options, Pointer outHandle);

        HeifError.ByValue heif_context_write(Pointer context, HeifWriter writer, Pointer userdata);
    }

    private static final class Holder {
        static final Optional<Api> API = NativeLoading.unlessJnaFails(HeifLibrary::loadNative);
    }

    private static Optional<Api> loadNative() {
        // size_t is bound as long and the encoding options offset assumes LP64.
        if (Native.POINTER_SIZE != 8) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            try {
                Api api = Native.load(name, Api.class);
                api.heif_init(null); // loads plugins where the build has them; harmless otherwise
                return Optional.of(api);
            } catch (LinkageError e) {
                // not this name: try the next one, else report absence
            }
        }
        return Optional.empty();
    }
}
