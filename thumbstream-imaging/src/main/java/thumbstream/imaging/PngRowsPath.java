package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The common PNGs through the row decoder of our own ({@link PngRows}), box-reducing while it
 * decodes. A box filter averages instead of dropping pixels (no aliasing), so its image is reduced
 * further than ImageIO's subsampled one. PNGs it does not take, and data it gives up on, are left
 * to ImageIO.
 */
final class PngRowsPath implements DecodePath {

    /**
     * How much larger than the largest rendition the PNG row decoder's box-reduced image is. A box
     * filter does not alias, but the resizer's last bilinear step then works best from at least
     * 1.5x: in PngRowsTest's detailed images, the thumbnails' mean difference from an area average
     * of the full image was 2.95 / 2.11 levels at margin 1, 1.01 / 0.64 at 1.5, against 1.85 / 1.98
     * for the ImageIO path (subsampling, margin 2).
     */
    static final double PNG_BOX_MARGIN = 1.5;

    @Override
    public Attempt open(Source source) throws ImagingException {
        ImageHeader header = source.imageIoLayout().header();
        if (!"png".equals(header.formatName())) {
            return null;
        }
        PngChunks chunks = PngRows.taken(source.bytes());
        return chunks == null ? null : new RowsAttempt(source.bytes(), header, chunks);
    }

    private static final class RowsAttempt implements Attempt {

        private final byte[] bytes;
        private final ImageHeader header;
        private final PngChunks chunks;
        private Dimensions displayed;
        private int factor;

        RowsAttempt(byte[] bytes, ImageHeader header, PngChunks chunks) {
            this.bytes = bytes;
            this.header = header;
            this.chunks = chunks;
        }

        @Override
        public ImageHeader header() {
            return header;
        }

        @Override
        public Cost plan(List<RenditionSpec> specs) throws ImagingException {
            ImageIoPath.requireNoHeaderDefect(bytes, header);
            displayed = new Dimensions(header.width(), header.height());
            factor = Math.min(
                    PngRows.MAX_FACTOR,
                    Geometry.boxFactor(displayed.width(), displayed.height(), specs, PNG_BOX_MARGIN));
            // the rows would be allocated for a size that was not checked against the limit
            CheckedSize.require(
                    "png", ImageIoPath.sizeOf(header, 1), "the row decoder's IHDR", chunks.width(), chunks.height());
            Dimensions reduced = PngRows.reduced(header.width(), header.height(), factor);
            // libdeflate's native block (IDAT data + raw rows) goes to the native budget.
            return new Cost(
                    PngRows.workingBytes(chunks), (long) reduced.width() * reduced.height(), Budget.BYTES_PER_PIXEL);
        }

        @Override
        public Decoded decode() {
            BufferedImage decoded = PngRows.decode(bytes, chunks, factor, true);
            return decoded == null ? null : new Decoded(decoded, displayed, Orientation.NORMAL);
        }
    }
}
