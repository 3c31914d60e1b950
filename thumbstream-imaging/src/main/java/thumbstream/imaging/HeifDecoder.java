package thumbstream.imaging;

import static thumbstream.imaging.HeifLibrary.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads HEIC/HEIF and AVIF files through libheif: the primary image, as it is meant to be seen.
 *
 * <p>{@link #open} parses the box structure only (no pixel data), so the renderer checks the
 * declared size against its limits before {@link Source#decode} allocates anything. libheif
 * applies the file's transformations (rotation {@code irot}, mirror {@code imir}, clean aperture
 * {@code clap}) while decoding and reports the size after them, so pixels come out upright; the
 * EXIF orientation inside a HEIF is ignored, as the HEIF standard requires (Apple writes both, in
 * agreement). An ICC profile ({@code prof}/{@code rICC}, e.g. the iPhone's Display P3) is applied
 * to convert the pixels to sRGB; an nclx colour description is taken as sRGB. Deeper than 8-bit
 * images are reduced to 8 bits by libheif. Not thread-safe per {@link Source}; the class is.
 */
final class HeifDecoder {

    /** ftyp brands of still HEIF/AVIF images (ISO/IEC 23008-12, AVIF spec). */
    private static final Set<String> BRANDS =
            Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis");

    private HeifDecoder() {}

    /** Whether {@code data} starts with an ISO-BMFF {@code ftyp} box naming a HEIF or AVIF brand. */
    static boolean isHeif(byte[] data) {
        if (data.length < 16 || !"ftyp".equals(ascii(data, 4))) {
            return false;
        }
        long boxSize =
                ((data[0] & 0xffL) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        int end = (int) Math.min(Math.max(boxSize, 16), Math.min(data.length, 4096));
        if (BRANDS.contains(ascii(data, 8))) {
            return true;
        }
        for (int offset = 16; offset + 4 <= end; offset += 4) { // compatible brands after minor_version
            if (BRANDS.contains(ascii(data, offset))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #open(byte[], long)} with libheif's own default limit. */
    static Source open(byte[] data) throws ImagingException {
        return open(data, Long.MAX_VALUE);
    }

    /**
     * Parses the file's structure and finds the primary image; decodes nothing.
     *
     * <p>libheif's own limit is set first: no image item in the file (the primary image, but also
     * the grid tiles, alpha and depth images and thumbnails the renderer never checks itself) may
     * be wider or taller than {@code maxPixels}, nor than libheif's default of {@value
     * HeifLibrary#DEFAULT_MAXIMUM_SIDE}. libheif 1.15 limits sides only; the renderer checks the
     * primary image's area.
     *
     * @param maxPixels the renderer's pixel limit (THUMBSTREAM_MAX_PIXELS)
     * @throws ImagingException UNSUPPORTED when libheif is not installed, CORRUPT when the structure
     *                          is broken, TOO_LARGE when an item is past libheif's limit
     */
    static Source open(byte[] data, long maxPixels) throws ImagingException {
        Api api = api().orElseThrow(() -> new ImagingException(
                ImagingException.Kind.UNSUPPORTED,
                "HEIC/HEIF and AVIF sources need libheif (Debian package " + PACKAGE + "), which is not installed"));
        return new Source(api, data, (int) Math.max(1, Math.min(DEFAULT_MAXIMUM_SIDE, maxPixels)));
    }

    /** One open file: its native copy, libheif context and primary image handle. Close it. */
    static final class Source implements AutoCloseable {

        private final Api api;
        private final Memory bytes;
        private final Pointer context;
        private final String format;
        private Pointer handle;

        private Source(Api api, byte[] data, int maximumSide) throws ImagingException {
            this.api = api;
            this.format = isAvif(data) ? "avif" : "heif";
            this.bytes = new Memory(data.length);
            bytes.write(0, data, 0, data.length);
            this.context = api.heif_context_alloc();
            try {
                api.heif_context_set_maximum_image_size_limit(context, maximumSide);
                check(api.heif_context_read_from_memory_without_copy(context, bytes, data.length, null), "read");
                PointerByReference primary = new PointerByReference();
                check(api.heif_context_get_primary_image_handle(context, primary), "find the primary image of");
                handle = primary.getValue();
            } catch (ImagingException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Format ({@code heif} or {@code avif}) and size of the primary image after its transformations. */
        ImageHeader header() throws ImagingException {
            int width = api.heif_image_handle_get_width(handle);
            int height = api.heif_image_handle_get_height(handle);
            if (width < 1 || height < 1) {
                throw new ImagingException(
                        ImagingException.Kind.CORRUPT,
                        "the " + format + " header declares an empty image (" + width + "x" + height + ")");
            }
            return new ImageHeader(format, width, height);
        }

        /**
         * Heap bytes one pixel of the primary image takes in {@link #decode}, for the pixel budget:
         * the packed int of the result, plus the interleaved bytes a profile conversion copies to
         * the heap first. 8-bit RGB or RGBA 4; with an ICC profile 7 (8 with alpha). What libheif
         * holds meanwhile is native: {@link #nativeBytes}.
         */
        int bytesPerPixel() {
            boolean alpha = api.heif_image_handle_has_alpha_channel(handle) != 0;
            return 4 + (hasIccProfile() ? (alpha ? 4 : 3) : 0);
        }

        /**
         * Native bytes {@link #decode} holds at its peak, for the native budget: this source's copy
         * and libheif's planes and converted image ({@link NativeCharges#heif}).
         */
        long nativeBytes() throws ImagingException {
            boolean alpha = api.heif_image_handle_has_alpha_channel(handle) != 0;
            int bits = api.heif_image_handle_get_luma_bits_per_pixel(handle);
            return NativeCharges.heif(bytes.size(), codedPixels(), alpha ? 4 : 3, bits);
        }

        /**
         * Pixels of the coded image ({@code ispe}), or of the displayed one when that is larger: a
         * clean-aperture crop shows a part of what libheif decodes, so the planes can be far larger
         * than {@link #header} says, and the renderer checks this against the pixel limit too.
         */
        long codedPixels() throws ImagingException {
            ImageHeader header = header();
            long coded = (long) Math.max(0, api.heif_image_handle_get_ispe_width(handle))
                    * Math.max(0, api.heif_image_handle_get_ispe_height(handle));
            return Math.max(coded, header.pixels());
        }

        /**
         * Decodes the primary image: upright, sRGB, TYPE_INT_RGB (TYPE_INT_ARGB with an alpha channel).
         *
         * @throws ImagingException CORRUPT when libheif decodes another size than {@link #header}
         *     says (libheif 1.15 does not compare the coded size with {@code ispe}); checked before
         *     the pixels are copied to the heap
         */
        BufferedImage decode() throws ImagingException {
            ImageHeader header = header();
            boolean alpha = api.heif_image_handle_has_alpha_channel(handle) != 0;
            int channels = alpha ? 4 : 3;
            PointerByReference decoded = new PointerByReference();
            check(
                    api.heif_decode_image(
                            handle,
                            decoded,
                            COLORSPACE_RGB,
                            alpha ? CHROMA_INTERLEAVED_RGBA : CHROMA_INTERLEAVED_RGB,
                            null),
                    "decode");
            Pointer image = decoded.getValue();
            try {
                int width = api.heif_image_get_width(image, CHANNEL_INTERLEAVED);
                int height = api.heif_image_get_height(image, CHANNEL_INTERLEAVED);
                IntByReference stride = new IntByReference();
                Pointer plane = api.heif_image_get_plane_readonly(image, CHANNEL_INTERLEAVED, stride);
                if (plane == null || width < 1 || height < 1) {
                    throw new ImagingException(
                            ImagingException.Kind.CORRUPT, "libheif returned no " + format + " pixels");
                }
                CheckedSize.require(
                        format,
                        new Dimensions(header.width(), header.height()),
                        "libheif's decoded image",
                        width,
                        height);
                ICC_Profile profile = iccProfile();
                return profile == null
                        ? packed(plane, stride.getValue(), width, height, channels)
                        : converted(plane, stride.getValue(), width, height, channels, profile);
            } finally {
                api.heif_image_release(image);
            }
        }

        @Override
        public void close() {
            if (handle != null) {
                api.heif_image_handle_release(handle);
                handle = null;
            }
            api.heif_context_free(context);
            bytes.close();
        }

        private boolean hasIccProfile() {
            int type = api.heif_image_handle_get_color_profile_type(handle);
            return type == PROFILE_PROF || type == PROFILE_RICC;
        }

        /** The embedded ICC profile, or null when there is none (or an nclx box, taken as sRGB) or it is unusable. */
        private ICC_Profile iccProfile() {
            if (!hasIccProfile()) {
                return null;
            }
            long size = api.heif_image_handle_get_raw_color_profile_size(handle);
            if (size < 128 || size > 4 << 20) {
                return null; // shorter than an ICC header, or absurd: ignore it as browsers do
            }
            byte[] raw = new byte[(int) size];
            if (api.heif_image_handle_get_raw_color_profile(handle, raw).failed()) {
                return null;
            }
            try {
                ICC_Profile profile = ICC_Profile.getInstance(raw);
                return profile.getColorSpaceType() == ColorSpace.TYPE_RGB ? profile : null;
            } catch (IllegalArgumentException e) {
                return null; // a broken profile: show the pixels as sRGB rather than fail the upload
            }
        }

        /**
         * Turns a libheif error into the renderer's kinds: an unsupported file type or feature
         * (e.g. a codec this libheif lacks) is UNSUPPORTED, libheif's own security limit (absurd
         * sizes or counts in the boxes) TOO_LARGE, anything else CORRUPT.
         */
        private void check(HeifError error, String action) throws ImagingException {
            if (error.failed()) {
                ImagingException.Kind kind = switch (error.code) {
                    case ERROR_UNSUPPORTED_FILETYPE, ERROR_UNSUPPORTED_FEATURE -> ImagingException.Kind.UNSUPPORTED;
                    default ->
                        error.subcode == SUBERROR_SECURITY_LIMIT
                                ? ImagingException.Kind.TOO_LARGE
                                : ImagingException.Kind.CORRUPT;
                };
                throw new ImagingException(kind, "cannot " + action + " the " + format + " file: " + error.describe());
            }
        }
    }

    /** Pixels without a profile: copied row by row into packed ints. */
    private static BufferedImage packed(Pointer plane, int stride, int width, int height, int channels) {
        BufferedImage out = new BufferedImage(
                width, height, channels == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        byte[] row = new byte[width * channels];
        for (int y = 0; y < height; y++) {
            plane.read((long) y * stride, row, 0, row.length);
            for (int x = 0, i = 0; x < width; x++, i += channels) {
                int argb = (row[i] & 0xff) << 16 | (row[i + 1] & 0xff) << 8 | (row[i + 2] & 0xff);
                pixels[y * width + x] = argb | (channels == 4 ? (row[i + 3] & 0xff) << 24 : 0);
            }
        }
        return out;
    }

    /** Pixels in the profile's colour space, converted to sRGB by Java2D's colour management. */
    private static BufferedImage converted(
            Pointer plane, int stride, int width, int height, int channels, ICC_Profile profile) {
        byte[] bytes = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            plane.read((long) y * stride, bytes, y * width * channels, width * channels);
        }
        boolean alpha = channels == 4;
        ComponentColorModel model = new ComponentColorModel(
                new ICC_ColorSpace(profile),
                alpha,
                false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        int[] offsets = alpha ? new int[] {0, 1, 2, 3} : new int[] {0, 1, 2};
        WritableRaster raster = Raster.createInterleavedRaster(
                new DataBufferByte(bytes, bytes.length), width, height, width * channels, channels, offsets, null);
        BufferedImage source = new BufferedImage(model, raster, false, null);
        BufferedImage out =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(source, out);
        return out;
    }

    private static boolean isAvif(byte[] data) {
        String major = data.length >= 12 ? ascii(data, 8) : "";
        return major.equals("avif") || major.equals("avis");
    }

    private static String ascii(byte[] data, int offset) {
        return new String(data, offset, 4, StandardCharsets.ISO_8859_1);
    }
}
