package thumbstream.imaging;

import static thumbstream.imaging.HeifLibrary.*;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

/**
 * Encodes an image as AVIF through libheif's AV1 encoder (aom on Debian); only usable when
 * {@link HeifLibrary#api()} is present and {@link #available()}.
 *
 * <p>Transparency is kept (AVIF has an alpha plane), as for PNG and WebP. Only the pixels are
 * written, with an nclx box saying sRGB: no EXIF, XMP or ICC. The libheif
 * context, encoder and image are made for one call and released before it returns. The AV1
 * encoder runs single-threaded: the service already renders one upload per core, and extra
 * encoder threads would only compete with them. Thread-safe.
 */
final class AvifEncoder {

    /** Collects the chunks libheif writes; the write callback runs on the encoding thread. */
    private static final ThreadLocal<ByteArrayOutputStream> OUTPUT = new ThreadLocal<>();

    /** One native callback for every encode (JNA keeps it reachable through this field). */
    private static final WriteCallback WRITE = (context, data, size, userdata) -> {
        byte[] chunk = data.getByteArray(0, Math.toIntExact(size));
        OUTPUT.get().write(chunk, 0, chunk.length);
        return new HeifError.ByValue();
    };

    private static final HeifWriter WRITER = new HeifWriter();

    static {
        WRITER.write = WRITE;
        WRITER.write();
    }

    private AvifEncoder() {}

    /** Whether libheif is installed and has an AV1 encoder. */
    static boolean available() {
        return api().map(api -> api.heif_have_encoder_for_format(COMPRESSION_AV1) != 0)
                .orElse(false);
    }

    /**
     * @param quality 1..100, libheif's lossy quality
     * @param speed   0..9, the AV1 encoder's speed: higher is faster and larger
     */
    static byte[] encode(BufferedImage image, int quality, int speed) {
        return encode(image, quality, speed, 1);
    }

    /**
     * As {@link #encode(BufferedImage, int, int)}, also recording {@code orientation} (EXIF 1–8) as
     * irot/imir boxes: for tests that need a file a viewer must turn.
     */
    static byte[] encode(BufferedImage image, int quality, int speed, int orientation) {
        Api api = api().orElseThrow(() -> new IllegalStateException("libheif (" + PACKAGE + ") is not installed"));
        Pointer context = api.heif_context_alloc();
        Pointer encoder = null;
        Pointer heifImage = null;
        Pointer options = null;
        try {
            PointerByReference found = new PointerByReference();
            check(api.heif_context_get_encoder_for_format(context, COMPRESSION_AV1, found), "find an AV1 encoder");
            encoder = found.getValue();
            check(api.heif_encoder_set_lossy_quality(encoder, quality), "set quality " + quality);
            check(api.heif_encoder_set_parameter_integer(encoder, "speed", speed), "set speed " + speed);
            api.heif_encoder_set_parameter_integer(encoder, "threads", 1); // absent in some encoders: ignore
            heifImage = rgbImage(api, image);
            options = api.heif_encoding_options_alloc();
            if (orientation != 1) {
                if (options.getByte(0) < 5) {
                    throw new IllegalStateException("this libheif cannot record an orientation (needs 1.15+)");
                }
                options.setInt(OPTIONS_IMAGE_ORIENTATION, orientation);
            }
            check(api.heif_context_encode_image(context, heifImage, encoder, options, null), "encode");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OUTPUT.set(out);
            try {
                check(api.heif_context_write(context, WRITER, null), "write");
            } finally {
                OUTPUT.remove();
            }
            return out.toByteArray();
        } finally {
            if (options != null) {
                api.heif_encoding_options_free(options);
            }
            if (heifImage != null) {
                api.heif_image_release(heifImage);
            }
            if (encoder != null) {
                api.heif_encoder_release(encoder);
            }
            api.heif_context_free(context);
        }
    }

    /** A libheif image holding {@code image}'s pixels as interleaved 8-bit RGB (RGBA with alpha). */
    private static Pointer rgbImage(Api api, BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        PointerByReference created = new PointerByReference();
        check(
                api.heif_image_create(
                        width,
                        height,
                        COLORSPACE_RGB,
                        alpha ? CHROMA_INTERLEAVED_RGBA : CHROMA_INTERLEAVED_RGB,
                        created),
                "create an image");
        Pointer heifImage = created.getValue();
        try {
            check(api.heif_image_add_plane(heifImage, CHANNEL_INTERLEAVED, width, height, 8), "add a plane");
            describeAsSrgb(api, heifImage);
            IntByReference stride = new IntByReference();
            Pointer plane = api.heif_image_get_plane(heifImage, CHANNEL_INTERLEAVED, stride);
            int[] pixels = PackedPixels.of(image);
            byte[] row = new byte[width * channels];
            for (int y = 0; y < height; y++) {
                for (int x = 0, i = 0; x < width; x++, i += channels) {
                    int argb = pixels[y * width + x];
                    row[i] = (byte) (argb >> 16);
                    row[i + 1] = (byte) (argb >> 8);
                    row[i + 2] = (byte) argb;
                    if (alpha) {
                        row[i + 3] = (byte) (argb >>> 24);
                    }
                }
                plane.write((long) y * stride.getValue(), row, 0, row.length);
            }
            return heifImage;
        } catch (RuntimeException e) {
            api.heif_image_release(heifImage);
            throw e;
        }
    }

    /**
     * Says in the file that the pixels are sRGB (BT.709 primaries, sRGB transfer, BT.601 matrix,
     * full range) rather than leaving primaries and transfer "unspecified", as libheif would:
     * viewers then need not guess.
     */
    private static void describeAsSrgb(Api api, Pointer heifImage) {
        Pointer nclx = api.heif_nclx_color_profile_alloc();
        try {
            check(api.heif_nclx_color_profile_set_color_primaries(nclx, (short) 1), "set colour primaries");
            check(api.heif_nclx_color_profile_set_transfer_characteristics(nclx, (short) 13), "set transfer");
            check(api.heif_nclx_color_profile_set_matrix_coefficients(nclx, (short) 6), "set matrix");
            check(api.heif_image_set_nclx_color_profile(heifImage, nclx), "set the colour profile");
        } finally {
            api.heif_nclx_color_profile_free(nclx);
        }
    }

    private static void check(HeifError error, String action) {
        if (error.failed()) {
            // Encoding pixels we made cannot fail because of the input: a bug, no memory, or no encoder.
            throw new IllegalStateException("libheif cannot " + action + " (AVIF): " + error.describe());
        }
    }
}
