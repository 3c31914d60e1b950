package thumbstream.imaging.placeholder;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import thumbstream.imaging.AreaAverage;

/**
 * Computes the selected placeholders of a picture from one copy of it no larger than 100x100
 * (halvings of the rendition, so usually 50..100 pixels on the longer side).
 *
 * <p>The renderer hands in its smallest rendition (already resized and upright), so the copy made
 * here is a second, cheap reduction (2x2 means, or an area average for images with alpha).
 * Every placeholder is a low-frequency summary, so nothing is lost by computing it at that size,
 * and the cost stays a small fraction of the render (see {@code make bench}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Placeholders {

    /** The side that the working copy is reduced to fit; ThumbHash's own limit. */
    static final int WORKING_SIDE = ThumbHash.MAX_SIDE;

    /** Computes nothing. */
    public static final Placeholders NONE = new Placeholders(Set.of());

    private final Set<PlaceholderKind> kinds;

    /** @param kinds which placeholders to compute; empty for none */
    public Placeholders(Set<PlaceholderKind> kinds) {
        this.kinds = Set.copyOf(Objects.requireNonNull(kinds, "kinds"));
    }

    /** The selected placeholders of {@code image}, or null when none are selected. */
    public Placeholder compute(BufferedImage image) {
        if (kinds.isEmpty()) {
            return null;
        }
        AreaAverage.Reduced small = AreaAverage.fit(image, WORKING_SIDE);
        int width = small.width();
        int height = small.height();
        int[] argb = small.argb();
        String blurhash = null;
        if (kinds.contains(PlaceholderKind.BLURHASH)) {
            // More components along the longer side keep the preview's detail even in both directions.
            blurhash = width >= height
                    ? BlurHash.encode(argb, width, height, 4, 3)
                    : BlurHash.encode(argb, width, height, 3, 4);
        }
        String thumbhash = kinds.contains(PlaceholderKind.THUMBHASH)
                ? Base64.getEncoder().encodeToString(ThumbHash.encode(argb, width, height))
                : null;
        String dominant = kinds.contains(PlaceholderKind.DOMINANT_COLOR) ? Colors.dominant(argb) : null;
        String average = kinds.contains(PlaceholderKind.AVERAGE_COLOR) ? Colors.average(argb) : null;
        return new Placeholder(blurhash, thumbhash, dominant, average);
    }
}
