package thumbstream.imaging;

import java.awt.image.BufferedImage;

/**
 * The eight EXIF orientations: how a viewer must turn the stored pixels to show the picture
 * upright. Phones store pixels as the sensor read them and only set this tag, so a portrait photo
 * is usually stored landscape with {@link #ROTATE_90} (tag 6).
 *
 * <p>The renderer computes sizes from the {@linkplain #displayed displayed} dimensions, resizes
 * the stored pixels to the {@linkplain #stored stored} shape of that size, and then turns only the
 * small result upright with {@link #apply}. Scaling and centre-cropping commute with these eight
 * transforms, so the result is the same as turning first, without copying the full-size decode.
 */
enum Orientation {
    /** Tag 1: stored upright. */
    NORMAL,
    /** Tag 2: mirrored left to right. */
    FLIP_HORIZONTAL,
    /** Tag 3: upside down. */
    ROTATE_180,
    /** Tag 4: mirrored top to bottom. */
    FLIP_VERTICAL,
    /** Tag 5: mirrored along the main diagonal (the stored top-left stays the displayed top-left). */
    TRANSPOSE,
    /** Tag 6: turn 90 degrees clockwise to view. */
    ROTATE_90,
    /** Tag 7: mirrored along the anti-diagonal. */
    TRANSVERSE,
    /** Tag 8: turn 90 degrees counter-clockwise to view. */
    ROTATE_270;

    /** The orientation for EXIF tag value {@code tag}; values outside 1..8 mean "as stored". */
    static Orientation ofTag(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : NORMAL;
    }

    /** Whether width and height trade places when the image is turned upright (tags 5 to 8). */
    boolean swapsAxes() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /** The size a viewer shows for stored pixels of {@code stored} size. */
    Dimensions displayed(Dimensions stored) {
        return swapsAxes() ? new Dimensions(stored.height(), stored.width()) : stored;
    }

    /** The stored shape of an image that displays at {@code displayed} size; the inverse of {@link #displayed}. */
    Dimensions stored(Dimensions displayed) {
        return displayed(displayed); // every one of the eight swaps, or not, both ways alike
    }

    /**
     * Returns {@code image} turned upright: {@code image} itself for {@link #NORMAL}, else a new
     * {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB} image. Pixels are moved, never resampled.
     */
    BufferedImage apply(BufferedImage image) {
        if (this == NORMAL) {
            return image;
        }
        int sw = image.getWidth();
        int sh = image.getHeight();
        int dw = swapsAxes() ? sh : sw;
        int dh = swapsAxes() ? sw : sh;
        int[] stored = image.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] upright = new int[stored.length];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                upright[y * dw + x] = stored[sourceIndex(x, y, sw, sh)];
            }
        }
        BufferedImage result = new BufferedImage(
                dw, dh, image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, dw, dh, upright, 0, dw);
        return result;
    }

    /** Where in the stored {@code sw x sh} pixels the displayed pixel (x, y) comes from. */
    private int sourceIndex(int x, int y, int sw, int sh) {
        return switch (this) {
            case NORMAL -> y * sw + x;
            case FLIP_HORIZONTAL -> y * sw + (sw - 1 - x);
            case ROTATE_180 -> (sh - 1 - y) * sw + (sw - 1 - x);
            case FLIP_VERTICAL -> (sh - 1 - y) * sw + x;
            case TRANSPOSE -> x * sw + y;
            case ROTATE_90 -> (sh - 1 - x) * sw + y;
            case TRANSVERSE -> (sh - 1 - x) * sw + (sw - 1 - y);
            case ROTATE_270 -> x * sw + (sw - 1 - y);
        };
    }
}
