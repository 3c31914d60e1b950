package thumbstream.imaging;

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
 */
public record RenderedImage(RenditionSpec spec, RenditionSpec.Format format, byte[] bytes, int width, int height) {

    /** An image in the spec's primary format. */
    public RenderedImage(RenditionSpec spec, byte[] bytes, int width, int height) {
        this(spec, spec.format(), bytes, width, height);
    }
}
