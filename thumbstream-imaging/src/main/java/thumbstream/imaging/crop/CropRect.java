package thumbstream.imaging.crop;

/**
 * The part of the source a cropped rendition shows, in source pixels of the picture as viewed
 * (after EXIF orientation), top-left origin.
 *
 * @param x      left edge, 0..source width - width
 * @param y      top edge, 0..source height - height
 * @param width  at least 1
 * @param height at least 1
 */
public record CropRect(int x, int y, int width, int height) {

    public CropRect {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("not a crop rectangle: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** True when {@code (px, py)} lies inside the rectangle. */
    public boolean contains(double px, double py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }
}
