package thumbstream.imaging;

/**
 * A width and height in pixels, both at least 1.
 *
 * @param width  width in pixels
 * @param height height in pixels
 */
record Dimensions(int width, int height) {

    public Dimensions {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1x1, got " + width + "x" + height);
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
