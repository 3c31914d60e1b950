package thumbstream.imaging;

/**
 * One encoded thumbnail.
 *
 * <p>The byte array is handed over, not copied: treat it as read-only.
 *
 * @param spec   the rendition this image was made for
 * @param bytes  the encoded image, in {@code spec.format()}
 * @param width  width in pixels of the encoded image
 * @param height height in pixels of the encoded image
 */
public record RenderedImage(RenditionSpec spec, byte[] bytes, int width, int height) {}
