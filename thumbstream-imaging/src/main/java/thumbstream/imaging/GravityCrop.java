package thumbstream.imaging;

import java.awt.image.BufferedImage;
import thumbstream.imaging.crop.AttentionCrop;
import thumbstream.imaging.crop.CropRect;
import thumbstream.imaging.crop.CropWindow;
import thumbstream.imaging.crop.FocusPoint;

/**
 * Cuts a {@code crop=smart} or {@code crop=focus} rendition out of the upright picture.
 *
 * <p>Works on the picture as viewed, because that is where a focal point and a viewer's attention
 * are: the rectangle is chosen in source pixels of the upright picture ({@link AttentionCrop} or
 * {@link CropWindow#on}), cut from whatever reduced copy of it the renderer has, and scaled to
 * the rendition's size. Plain (centre) crops keep Thumbnailator's cover-then-cut in
 * {@link Resizer}. Stateless; never modifies its input.
 */
final class GravityCrop {

    /** A cut: the upright rendition pixels and the rectangle of the source they show. */
    record Cut(BufferedImage image, CropRect rect) {}

    private GravityCrop() {}

    /**
     * @param upright   the picture as viewed, reduced to at least the rendition's cover size
     * @param displayed the size of the source as viewed: the rectangle is given in these pixels
     * @param target    the rendition's size
     * @param focus     the upload's focal point, or null (then {@code crop=focus} acts as smart)
     */
    static Cut cut(
            BufferedImage upright, RenditionSpec spec, Dimensions displayed, Dimensions target, FocusPoint focus) {
        CropRect rect = spec.gravity() == RenditionSpec.Gravity.FOCUS && focus != null
                ? CropWindow.on(displayed.width(), displayed.height(), target.width(), target.height(), focus)
                : AttentionCrop.find(upright, displayed.width(), displayed.height(), target.width(), target.height());
        // The same rectangle in the pixels of the reduced copy; rounded outwards, kept inside it.
        double sx = (double) upright.getWidth() / displayed.width();
        double sy = (double) upright.getHeight() / displayed.height();
        int x0 = Math.min(upright.getWidth() - 1, (int) Math.floor(rect.x() * sx));
        int y0 = Math.min(upright.getHeight() - 1, (int) Math.floor(rect.y() * sy));
        int x1 = Math.max(x0 + 1, Math.min(upright.getWidth(), (int) Math.ceil((rect.x() + rect.width()) * sx)));
        int y1 = Math.max(y0 + 1, Math.min(upright.getHeight(), (int) Math.ceil((rect.y() + rect.height()) * sy)));
        BufferedImage region = upright.getSubimage(x0, y0, x1 - x0, y1 - y0);
        return new Cut(Resizer.resizeTo(region, spec.name(), target), rect);
    }
}
