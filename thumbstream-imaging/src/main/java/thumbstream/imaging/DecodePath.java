package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One way of turning a source into pixels: whether it takes the source, what decoding it costs and
 * into what size, and the decode. The renderer asks its paths in turn ({@link DecodeChain}, which
 * alone checks the pixel limit and takes the budgets' leases); one path per decoder: libjpeg-turbo
 * ({@link TurboJpegPath}), libheif ({@link HeifPath}), the PNG row decoder ({@link PngRowsPath})
 * and ImageIO ({@link ImageIoPath}), which takes every source no other path took.
 *
 * <p>A path reads headers only until {@link Attempt#decode}: nothing it allocates before then grows
 * with the image's declared size. Paths hold only settings; an {@link Attempt} is one render's,
 * confined to its thread.
 */
interface DecodePath {

    /**
     * Whether this path decodes {@code source}: an attempt that has read the headers it needs, or
     * null when the path does not take the source (the next one is asked).
     *
     * @throws ImagingException when the source is for this path but its header is broken or
     *                          refused (the render then fails: no other path is asked)
     */
    Attempt open(Source source) throws ImagingException;

    /** One path's decode of one source, from its header to the decoded image. Close it (after the renditions). */
    interface Attempt extends AutoCloseable {

        /** The size the source declares, as the path reads it: what is checked against the pixel limit. */
        ImageHeader header();

        /**
         * Pixels the decoder will really produce, checked against the limit too; {@link #header}'s
         * unless the coded image is larger than the one shown (a HEIF clean-aperture crop).
         */
        default long codedPixels() {
            return header().pixels();
        }

        /**
         * After the limit check: the path's own checks that its decoder will decode the checked
         * size ({@link CheckedSize}), then what decoding for {@code specs} costs.
         *
         * @throws ImagingException CORRUPT when the source's headers disagree on its size
         */
        Cost plan(List<RenditionSpec> specs) throws ImagingException;

        /**
         * Decodes as {@link #plan} said, under leases of its cost; null when the decoder gave up on
         * data another path may still read (the next path is then asked).
         */
        Decoded decode() throws ImagingException;

        /** Gives back what the attempt holds besides the leases (a native session); by default nothing. */
        @Override
        default void close() {}
    }

    /**
     * What one decode takes while it and the renditions made from it run: {@code nativeBytes} of
     * native codec memory ({@link NativeCharges}) and {@code pixels} decoded pixels of {@code
     * bytesPerPixel} bytes each on the heap.
     */
    record Cost(long nativeBytes, long pixels, int bytesPerPixel) {}

    /**
     * A decoded image in stored orientation, with the size of the picture as viewed (from the
     * header, not from the image: reduced decodes round their sides) and the orientation that
     * turns the image upright.
     */
    record Decoded(BufferedImage image, Dimensions displayed, Orientation orientation) {}

    /**
     * The source being rendered, with what several paths read of it: the JPEG frame (null for
     * anything else) and, for the ImageIO family, the probed layout. One render's; not thread-safe.
     */
    final class Source {

        /**
         * Most scans a JPEG may have when ImageIO decodes it (no libjpeg-turbo, an ICC profile, or
         * data libjpeg-turbo refused): ImageIO's progressive decoder redoes far more work per scan
         * than libjpeg-turbo's, so its limit is lower. Still ten times what real progressive files
         * have.
         */
        static final int MAX_IMAGEIO_SCANS = 100;

        private final byte[] bytes;
        private final JpegFrame frame;
        private ImageProbe.Layout layout;

        Source(byte[] bytes) {
            this.bytes = bytes;
            this.frame = JpegFrame.parse(bytes);
        }

        byte[] bytes() {
            return bytes;
        }

        /** The JPEG frame header, or null when the source is not a JPEG whose frame could be read. */
        JpegFrame frame() {
            return frame;
        }

        /**
         * The size, format and bytes per pixel ImageIO's readers see ({@link ImageProbe}), read
         * once; a JPEG with more than {@link #MAX_IMAGEIO_SCANS} scans is refused first.
         *
         * @throws ImagingException TOO_LARGE for too many scans, else as {@link ImageProbe#probeLayout}
         */
        ImageProbe.Layout imageIoLayout() throws ImagingException {
            if (layout == null) {
                if (JpegSegments.scanCount(bytes, MAX_IMAGEIO_SCANS) > MAX_IMAGEIO_SCANS) {
                    throw new ImagingException(
                            ImagingException.Kind.TOO_LARGE,
                            "progressive JPEG with more than " + MAX_IMAGEIO_SCANS
                                    + " scans for the ImageIO decoder (used without libjpeg-turbo, for an ICC profile,"
                                    + " or for data libjpeg-turbo refused); each scan is a pass over the whole image");
                }
                layout = ImageProbe.probeLayout(bytes);
            }
            return layout;
        }

        /**
         * The orientation the picture is viewed in: a JPEG's EXIF orientation ({@link
         * ExifOrientation}), upright for every other format ImageIO reads.
         */
        Orientation imageIoOrientation() throws ImagingException {
            return "jpeg".equals(imageIoLayout().header().formatName())
                    ? ExifOrientation.of(bytes)
                    : Orientation.NORMAL;
        }
    }
}
