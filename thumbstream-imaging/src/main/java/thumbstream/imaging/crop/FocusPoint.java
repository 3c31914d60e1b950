package thumbstream.imaging.crop;

import java.util.Locale;

/**
 * The point of a picture that a crop should keep, as fractions of its width and height measured
 * from the top-left corner of the picture as it is viewed (after EXIF orientation).
 *
 * <p>Comes from untrusted producers (an upload event's {@code focus}, an object's
 * {@code thumbstream-focus} metadata), so both coordinates must be finite numbers in 0..1.
 *
 * @param x 0 = left edge, 1 = right edge
 * @param y 0 = top edge, 1 = bottom edge
 */
public record FocusPoint(double x, double y) {

    /** The name of the user metadata (without {@code x-amz-meta-}) that carries a focus point. */
    public static final String METADATA_KEY = "thumbstream-focus";

    /** @throws IllegalArgumentException if a coordinate is not a finite number in 0..1 */
    public FocusPoint {
        requireFraction("x", x);
        requireFraction("y", y);
    }

    private static void requireFraction(String name, double value) {
        if (!Double.isFinite(value) || value < 0 || value > 1) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 1, got " + value);
        }
    }

    /**
     * Reads the metadata form {@code "0.31,0.62"} (x then y, optional spaces).
     *
     * @throws IllegalArgumentException if the text is not two numbers in 0..1
     */
    public static FocusPoint parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(",", -1);
        if (parts.length != 2 || text.length() > 64) {
            throw new IllegalArgumentException("focus point must be 'x,y' with each from 0 to 1, e.g. 0.31,0.62");
        }
        try {
            return new FocusPoint(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("focus point must be 'x,y' with each from 0 to 1, e.g. 0.31,0.62", e);
        }
    }

    /** The metadata form, e.g. {@code 0.31,0.62}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s,%s", x, y);
    }
}
