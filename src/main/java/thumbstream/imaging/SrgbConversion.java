package thumbstream.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Converts decoded pixels that a reader left in another RGB colour space (an embedded Adobe RGB or
 * Display P3 profile) to sRGB, the space thumbnails are encoded and viewed in.
 *
 * <p>The TwelveMonkeys JPEG and WebP readers already convert embedded profiles while decoding, so
 * for them this finds nothing to do. Others (TIFF) return an image in the profile's space; Java2D
 * would then convert every pixel on its own through {@code ColorModel.getRGB} while resizing, which
 * gives the right colours but took about 6x longer than a bulk conversion on a 3 MP TIFF. This
 * converts once, in bulk, in place and in strips, so it needs only a strip's worth of extra memory
 * beyond what the pixel budget accounted for.
 *
 * <p>Grey images are left alone: Java2D draws 8-bit grey as display grey, which is what grey
 * files mean in practice.
 */
final class SrgbConversion {

    /** Rows converted at a time: large enough for the CMM's per-call cost to vanish, small in memory. */
    private static final int STRIP_ROWS = 64;

    private SrgbConversion() {
    }

    /** Returns {@code image} with sRGB pixels: itself when already sRGB or not RGB, else converted. */
    static BufferedImage toSrgb(BufferedImage image) {
        ColorModel model = image.getColorModel();
        ColorSpace space = model.getColorSpace();
        if (space.isCS_sRGB() || space.getType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        if (!(model instanceof ComponentColorModel)) {
            // Rare layouts (packed or indexed pixels in a non-sRGB space): convert into a new image.
            BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(),
                    model.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            return new ColorConvertOp(null).filter(image, converted);
        }
        convertColourBandsInPlace(image.getRaster(), new ColorConvertOp(space, srgb, null));
        // Same raster, same layout; only what the numbers mean has changed.
        ColorModel srgbModel = new ComponentColorModel(srgb, model.getComponentSize(), model.hasAlpha(),
                model.isAlphaPremultiplied(), model.getTransparency(), model.getTransferType());
        return new BufferedImage(srgbModel, image.getRaster(), model.isAlphaPremultiplied(), null);
    }

    private static void convertColourBandsInPlace(WritableRaster raster, ColorConvertOp op) {
        int[] colourBands = {0, 1, 2}; // alpha, if any, is the last band and needs no conversion
        int width = raster.getWidth();
        WritableRaster converted = null;
        for (int y = 0; y < raster.getHeight(); y += STRIP_ROWS) {
            int rows = Math.min(STRIP_ROWS, raster.getHeight() - y);
            Raster strip = raster.createChild(0, y, width, rows, 0, 0, colourBands);
            if (converted == null || converted.getHeight() != rows) {
                converted = strip.createCompatibleWritableRaster(width, rows);
            }
            op.filter(strip, converted);
            raster.createWritableChild(0, y, width, rows, 0, 0, colourBands).setRect(converted);
        }
    }
}
