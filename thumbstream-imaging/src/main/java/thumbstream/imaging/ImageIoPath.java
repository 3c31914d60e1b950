package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Every source no other path took, through ImageIO and the TwelveMonkeys plugins ({@link Decoder})
 * with source subsampling: all formats but HEIF, and the JPEGs libjpeg-turbo would get wrong
 * (CMYK, YCCK, an embedded ICC profile), cannot read or is not installed for. Always the last path.
 */
final class ImageIoPath implements DecodePath {

    @Override
    public Attempt open(Source source) throws ImagingException {
        return new ImageIoAttempt(source, source.imageIoLayout());
    }

    /**
     * A PNG's chunk structure names one size ({@link PngChunks#headerDefect}).
     *
     * @throws ImagingException CORRUPT when it does not
     */
    static void requireNoHeaderDefect(byte[] bytes, ImageHeader header) throws ImagingException {
        if ("png".equals(header.formatName())) {
            String defect = PngChunks.headerDefect(bytes);
            if (defect != null) {
                throw new ImagingException(ImagingException.Kind.CORRUPT, defect);
            }
        }
    }

    /** What ImageIO allocates for {@code subsampling}: each side rounded up. */
    static Dimensions sizeOf(ImageHeader header, int subsampling) {
        return new Dimensions((int) ((header.width() + subsampling - 1L) / subsampling), (int)
                ((header.height() + subsampling - 1L) / subsampling));
    }

    private static final class ImageIoAttempt implements Attempt {

        private final Source source;
        private final ImageProbe.Layout layout;
        private Orientation orientation;
        private Dimensions displayed;
        private int subsampling;
        private Dimensions expected;

        ImageIoAttempt(Source source, ImageProbe.Layout layout) {
            this.source = source;
            this.layout = layout;
        }

        @Override
        public ImageHeader header() {
            return layout.header();
        }

        @Override
        public Cost plan(List<RenditionSpec> specs) throws ImagingException {
            ImageHeader header = layout.header();
            orientation = source.imageIoOrientation();
            // Sizes are about the picture as people see it: a portrait phone photo stored as
            // 4000x3000 with orientation 6 is 3000x4000 and must fit the box that way round.
            displayed = orientation.displayed(new Dimensions(header.width(), header.height()));
            requireNoHeaderDefect(source.bytes(), header);
            // Only here, not before the row decoder: that one stops at the checked size by itself.
            CheckedSize.requireCodedAsChecked(source.bytes(), header);
            subsampling = Geometry.subsampling(displayed.width(), displayed.height(), specs);
            expected = sizeOf(header, subsampling);
            // The JDK's JPEG reader is native libjpeg: its coefficients and rows are native memory.
            long nativeBytes = "jpeg".equals(header.formatName())
                    ? NativeCharges.imageIoJpeg(source.bytes(), source.frame(), header.width(), header.height())
                    : 0;
            return new Cost(nativeBytes, (long) expected.width() * expected.height(), layout.bytesPerPixel());
        }

        @Override
        public Decoded decode() throws ImagingException {
            BufferedImage decoded = Decoder.decode(source.bytes(), subsampling);
            CheckedSize.require(
                    layout.header().formatName(),
                    expected,
                    "the image its reader decoded",
                    decoded.getWidth(),
                    decoded.getHeight());
            return new Decoded(decoded, displayed, orientation);
        }
    }
}
