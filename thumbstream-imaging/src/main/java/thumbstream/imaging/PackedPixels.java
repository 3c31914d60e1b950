package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/** An image's pixels as packed ints for handing to a native encoder, without a copy where possible. */
final class PackedPixels {

    private PackedPixels() {}

    /**
     * {@code 0xAARRGGBB} (or {@code 0x00RRGGBB} when {@code image} is TYPE_INT_RGB, whose top byte
     * is unused), row after row, {@code width} ints a row. The returned array may be the image's
     * own buffer: read it, never write it.
     */
    static int[] of(BufferedImage image) {
        int width = image.getWidth();
        boolean packed =
                image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB;
        if (packed
                && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == width
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && image.getRaster().getDataBuffer().getOffset() == 0) {
            return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        }
        return image.getRGB(0, 0, width, image.getHeight(), null, 0, width);
    }
}
