package thumbstream.imaging;

import thumbstream.imaging.crop.CropRect;

/**
 * One encoded thumbnail.
 *
 * <p>The byte array is handed over, not copied: treat it as read-only.
 *
 * @param spec   the rendition this image was made for
 * @param bytes  the encoded image, in {@code spec.format()}
 * @param width  width in pixels of the encoded image
 * @param height height in pixels of the encoded image
 * @param crop   for CROP renditions, the part of the source shown, in source pixels of the picture
 *               as viewed; null for FIT and EXACT, which show all of it
 */
public record RenderedImage(RenditionSpec spec, byte[] bytes, int width, int height, CropRect crop) {

    /** An image that shows the whole source (FIT, EXACT). */
    public RenderedImage(RenditionSpec spec, byte[] bytes, int width, int height) {
        this(spec, bytes, width, height, null);
    }
}
