package thumbstream.imaging;

import thumbstream.imaging.crop.CropRect;

/**
 * One encoded thumbnail: one format of one rendition.
 *
 * <p>The byte array is handed over, not copied: treat it as read-only.
 *
 * @param spec   the rendition this image was made for
 * @param format the encoding of {@code bytes}, one of {@code spec.formats()}
 * @param bytes  the encoded image
 * @param width  width in pixels of the encoded image
 * @param height height in pixels of the encoded image
 * @param crop   for CROP renditions, the part of the source shown, in source pixels of the picture
 *               as viewed; null for FIT and EXACT, which show all of it
 */
public record RenderedImage(
        RenditionSpec spec, RenditionSpec.Format format, byte[] bytes, int width, int height, CropRect crop) {

    /** An image in the spec's primary format that shows the whole source (FIT, EXACT). */
    public RenderedImage(RenditionSpec spec, byte[] bytes, int width, int height) {
        this(spec, spec.format(), bytes, width, height, null);
    }

    /** An image that shows the whole source (FIT, EXACT). */
    public RenderedImage(RenditionSpec spec, RenditionSpec.Format format, byte[] bytes, int width, int height) {
        this(spec, format, bytes, width, height, null);
    }

    /** An image in the spec's primary format. */
    public RenderedImage(RenditionSpec spec, byte[] bytes, int width, int height, CropRect crop) {
        this(spec, spec.format(), bytes, width, height, crop);
    }
}
