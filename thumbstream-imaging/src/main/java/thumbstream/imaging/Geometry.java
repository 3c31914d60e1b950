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

    private Geometry() {}

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
                yield new Dimensions(
                        side(boxW * scale, Math.min(boxW, srcWidth)), side(boxH * scale, Math.min(boxH, srcHeight)));
            }
            case EXACT ->
                spec.upscale()
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
        double[] needed = needed(srcWidth, srcHeight, specs);
        if (needed[0] == 0) {
            return 1;
        }
        // ImageIO rounds subsampled sides up (ceil(src / factor)), so floor here keeps the margin.
        double factor = Math.min(srcWidth / (2 * needed[0]), srcHeight / (2 * needed[1]));
        return Math.max(1, (int) Math.floor(factor));
    }

    /**
     * The largest box size whose reduced image (sides rounded up) is still {@code margin} times what
     * every rendition needs; 1 when none is smaller.
     */
    static int boxFactor(int srcWidth, int srcHeight, List<RenditionSpec> specs, double margin) {
        double[] needed = needed(srcWidth, srcHeight, specs);
        if (needed[0] == 0 || needed[1] == 0) {
            return 1;
        }
        return Math.max(1, (int)
                Math.floor(Math.min(srcWidth / (margin * needed[0]), srcHeight / (margin * needed[1]))));
    }

    /**
     * The smallest of the libjpeg-turbo {@code reductions} (num/denom at most 1, any order) whose
     * decoded sides are still at least {@code margin} times what every rendition needs, or 1/1.
     *
     * <p>Unlike subsampling, DCT-domain scaling filters: it keeps the low frequencies of each 8x8
     * block, so it does not alias and needs no safety margin of its own; with a margin of 1 the
     * resizer still only ever reduces. The sides are rounded up as libjpeg-turbo does (TJSCALED).
     */
    static TurboJpeg.Scale dctScale(
            int srcWidth, int srcHeight, List<RenditionSpec> specs, List<TurboJpeg.Scale> reductions, double margin) {
        double[] needed = needed(srcWidth, srcHeight, specs);
        TurboJpeg.Scale best = new TurboJpeg.Scale(1, 1);
        for (TurboJpeg.Scale scale : reductions) {
            boolean smaller = (long) scale.num() * best.denom() < (long) best.num() * scale.denom();
            if (smaller
                    && scale.apply(srcWidth) >= margin * needed[0]
                    && scale.apply(srcHeight) >= margin * needed[1]) {
                best = scale;
            }
        }
        return best;
    }

    /**
     * Width and height of the largest image any rendition is resized from (see
     * {@link #needed(RenditionSpec, int, int)}). Zero when {@code specs} is empty.
     */
    private static double[] needed(int srcWidth, int srcHeight, List<RenditionSpec> specs) {
        double neededW = 0;
        double neededH = 0;
        for (RenditionSpec spec : specs) {
            double[] need = needed(spec, srcWidth, srcHeight);
            neededW = Math.max(neededW, need[0]);
            neededH = Math.max(neededH, need[1]);
        }
        return new double[] {neededW, neededH};
    }

    /**
     * Width and height of the whole picture as {@code spec} needs it before its own cut: the
     * target for FIT and EXACT, the scaled source before the centre is cut for CROP.
     */
    static double[] needed(RenditionSpec spec, int srcWidth, int srcHeight) {
        Dimensions target = targetSize(spec, srcWidth, srcHeight);
        if (spec.mode() == RenditionSpec.Mode.CROP) {
            double cover = Math.max((double) target.width() / srcWidth, (double) target.height() / srcHeight);
            return new double[] {srcWidth * cover, srcHeight * cover};
        }
        return new double[] {target.width(), target.height()};
    }

    /** Rounds a scaled side to whole pixels, within 1..max. */
    private static int side(double exact, int max) {
        return (int) Math.max(1, Math.min(max, Math.round(exact)));
    }
}
