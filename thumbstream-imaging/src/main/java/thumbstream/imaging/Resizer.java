package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Scales a decoded image to one rendition's size with Thumbnailator.
 *
 * <p>Reductions beyond 2x start with exact halvings ({@link BoxHalving}) where the pixel layout
 * allows; Thumbnailator does the rest.
 *
 * <p>Contract (as Thumbnailator's filters): the source is never modified, so one decoded image
 * can feed every rendition of an upload. The output is always a new {@code TYPE_INT_ARGB} image
 * when the source has alpha and {@code TYPE_INT_RGB} otherwise, whatever exotic type the decoder
 * produced (palette, 16-bit, grey), so the encoder only has to handle those two.
 */
final class Resizer {

    private Resizer() {}

    /** Returns {@code source} scaled for {@code spec}, exactly {@code target} in size. */
    static BufferedImage resize(BufferedImage source, RenditionSpec spec, Dimensions target) {
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        // What Thumbnailator scales before cutting: the box for FIT and EXACT, the cover for CROP.
        double cover = spec.mode() == RenditionSpec.Mode.CROP
                ? Math.max((double) target.width() / source.getWidth(), (double) target.height() / source.getHeight())
                : 0;
        BufferedImage reduced = cover > 0
                ? BoxHalving.reduce(source, source.getWidth() * cover, source.getHeight() * cover)
                : BoxHalving.reduce(source, target.width(), target.height());
        Thumbnails.Builder<BufferedImage> builder = Thumbnails.of(reduced).imageType(type);
        switch (spec.mode()) {
            // The target already has the right aspect ratio (or is deliberately stretched), and
            // forcing it keeps Thumbnailator's own rounding from drifting from Geometry's.
            case FIT, EXACT -> builder.forceSize(target.width(), target.height());
            // Thumbnailator scales to cover the box and then cuts the centre, giving exactly the box.
            case CROP -> builder.size(target.width(), target.height()).crop(Positions.CENTER);
            default -> throw new IllegalStateException("unknown mode " + spec.mode());
        }
        return scaled(builder, spec.name(), target);
    }

    /**
     * Returns all of {@code source} scaled to exactly {@code target}: for a cut that already has
     * the target's shape (a crop with a gravity), so nothing is cut or stretched visibly.
     */
    static BufferedImage resizeTo(BufferedImage source, String name, Dimensions target) {
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage reduced = BoxHalving.reduce(source, target.width(), target.height());
        return scaled(Thumbnails.of(reduced).imageType(type).forceSize(target.width(), target.height()), name, target);
    }

    private static BufferedImage scaled(Thumbnails.Builder<BufferedImage> builder, String name, Dimensions target) {
        BufferedImage scaled;
        try {
            scaled = builder.asBufferedImage();
        } catch (IOException e) {
            // The source is an in-memory image, so there is no I/O that could fail.
            throw new UncheckedIOException(e);
        }
        if (scaled.getWidth() != target.width() || scaled.getHeight() != target.height()) {
            throw new IllegalStateException(
                    "resized " + name + " to " + scaled.getWidth() + "x" + scaled.getHeight() + ", expected " + target);
        }
        return scaled;
    }
}
