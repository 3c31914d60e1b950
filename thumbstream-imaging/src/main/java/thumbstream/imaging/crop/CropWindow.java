package thumbstream.imaging.crop;

/**
 * The arithmetic of crop rectangles: the largest window of a rendition's shape that fits in the
 * source, placed centred, on a point, or wherever a saliency search put it, never outside the
 * source. Pure functions, so every gravity reports rectangles made by the same rules.
 */
public final class CropWindow {

    private CropWindow() {}

    /**
     * Width and height of the largest rectangle with the aspect ratio of {@code boxWidth x
     * boxHeight} inside a {@code srcWidth x srcHeight} source (each side at least 1).
     */
    public static int[] size(int srcWidth, int srcHeight, int boxWidth, int boxHeight) {
        double boxRatio = (double) boxWidth / boxHeight;
        if ((double) srcWidth / srcHeight > boxRatio) {
            // The source is wider than the box: keep its full height, cut the sides.
            return new int[] {clamp((int) Math.round(srcHeight * boxRatio), 1, srcWidth), srcHeight};
        }
        return new int[] {srcWidth, clamp((int) Math.round(srcWidth / boxRatio), 1, srcHeight)};
    }

    /** The window centred in the source: what the plain {@code crop} mode shows. */
    public static CropRect centred(int srcWidth, int srcHeight, int boxWidth, int boxHeight) {
        return around(srcWidth, srcHeight, boxWidth, boxHeight, srcWidth / 2.0, srcHeight / 2.0);
    }

    /**
     * The window whose centre is as close to {@code (cx, cy)} (source pixels) as the source's
     * edges allow: a focus point near a corner gives a window in that corner, not one hanging over
     * the edge.
     */
    public static CropRect around(int srcWidth, int srcHeight, int boxWidth, int boxHeight, double cx, double cy) {
        int[] size = size(srcWidth, srcHeight, boxWidth, boxHeight);
        int x = clamp((int) Math.round(cx - size[0] / 2.0), 0, srcWidth - size[0]);
        int y = clamp((int) Math.round(cy - size[1] / 2.0), 0, srcHeight - size[1]);
        return new CropRect(x, y, size[0], size[1]);
    }

    /** The window centred on {@code focus}. */
    public static CropRect on(int srcWidth, int srcHeight, int boxWidth, int boxHeight, FocusPoint focus) {
        return around(srcWidth, srcHeight, boxWidth, boxHeight, focus.x() * srcWidth, focus.y() * srcHeight);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
