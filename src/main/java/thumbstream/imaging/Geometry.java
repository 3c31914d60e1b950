package thumbstream.imaging;

import java.util.List;

/**
 * The arithmetic of thumbnail sizes: how big each rendition comes out, and how coarsely a source
 * may be decoded while still leaving the resizer enough pixels to work from.
 *
 * <p>Kept apart from the pixel code so the rules can be tested exhaustively without images. The
 * renderer forces these exact sizes on the resizer, so what this class says is what is stored.
 */
final class Geometry {

    private Geometry() {
    }

    /**
     * The output size of {@code spec} for a {@code srcWidth x srcHeight} source.
     *
     * <ul>
     *   <li>FIT: the largest size inside the box with the source's aspect ratio; without upscale
     *       never larger than the source.</li>
     *   <li>CROP: the box; without upscale, a source smaller than the box in either side gets the
     *       largest box-shaped size that the source still covers.</li>
     *   <li>EXACT: the box; without upscale each side is clamped to the source's.</li>
     * </ul>
     * Every side is at least 1, so a 10000x10 strip still yields a (thin) image.
     */
    static Dimensions targetSize(RenditionSpec spec, int srcWidth, int srcHeight) {
        if (srcWidth < 1 || srcHeight < 1) {
            throw new IllegalArgumentException("source must be at least 1x1, got " + srcWidth + "x" + srcHeight);
        }
        int boxW = spec.width();
        int boxH = spec.height();
        return switch (spec.mode()) {
            case FIT -> {
                double scale = Math.min((double) boxW / srcWidth, (double) boxH / srcHeight);
                if (!spec.upscale()) {
                    scale = Math.min(scale, 1.0);
                }
                yield new Dimensions(side(srcWidth * scale, boxW), side(srcHeight * scale, boxH));
            }
            case CROP -> {
                if (spec.upscale()) {
                    yield new Dimensions(boxW, boxH);
                }
                // Shrink the box uniformly until the source covers it, so the crop keeps the
                // box's shape (a square stays a square) without inventing pixels.
                double scale = Math.min(1.0, Math.min((double) srcWidth / boxW, (double) srcHeight / boxH));
                yield new Dimensions(side(boxW * scale, Math.min(boxW, srcWidth)),
                        side(boxH * scale, Math.min(boxH, srcHeight)));
            }
            case EXACT -> spec.upscale()
                    ? new Dimensions(boxW, boxH)
                    : new Dimensions(Math.min(boxW, srcWidth), Math.min(boxH, srcHeight));
        };
    }

    /**
     * The largest ImageIO source-subsampling factor that still decodes at least twice the pixels
     * each rendition needs in each direction, or 1 when no subsampling is safe.
     *
     * <p>Subsampling drops pixels (no filtering), so the margin of 2 leaves the resizer's own
     * filtering to produce the final quality. For CROP the need is the scaled source before the
     * centre is cut, not the cut itself.
     */
    static int subsampling(int srcWidth, int srcHeight, List<RenditionSpec> specs) {
        double neededW = 0;
        double neededH = 0;
        for (RenditionSpec spec : specs) {
            Dimensions target = targetSize(spec, srcWidth, srcHeight);
            if (spec.mode() == RenditionSpec.Mode.CROP) {
                double cover = Math.max((double) target.width() / srcWidth, (double) target.height() / srcHeight);
                neededW = Math.max(neededW, srcWidth * cover);
                neededH = Math.max(neededH, srcHeight * cover);
            } else {
                neededW = Math.max(neededW, target.width());
                neededH = Math.max(neededH, target.height());
            }
        }
        if (neededW == 0) {
            return 1;
        }
        // ImageIO rounds subsampled sides up (ceil(src / factor)), so floor here keeps the margin.
        double factor = Math.min(srcWidth / (2 * neededW), srcHeight / (2 * neededH));
        return Math.max(1, (int) Math.floor(factor));
    }

    /** Rounds a scaled side to whole pixels, within 1..max. */
    private static int side(double exact, int max) {
        return (int) Math.max(1, Math.min(max, Math.round(exact)));
    }
}
