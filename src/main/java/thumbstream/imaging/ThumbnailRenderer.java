package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders every rendition of one source image from a single decode.
 *
 * <p>Steps: read the size from the header ({@link ImageProbe}); refuse sources above the pixel
 * limit before decoding anything; decode once ({@link Decoder}), subsampled when every rendition
 * is much smaller than the source ({@link Geometry#subsampling}); then resize ({@link Resizer})
 * and encode ({@link Encoder}) each rendition from that one decoded image.
 *
 * <p>Thread-safe: instances hold only the immutable limit, and each call uses its own readers and
 * writers, so one renderer can serve all worker threads.
 */
public final class ThumbnailRenderer {

    private final long maxPixels;

    /**
     * @param maxPixels the largest width x height a source may declare, e.g. {@code 100_000_000};
     *                  bounds the memory one decode can take
     */
    public ThumbnailRenderer(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /**
     * Renders {@code specs} from {@code source}, in the order given.
     *
     * @throws ImagingException UNSUPPORTED if the bytes are not a readable image format,
     *                          TOO_LARGE if the header declares more than the pixel limit,
     *                          CORRUPT if the header or the pixel data is broken
     * @throws IllegalArgumentException if {@code specs} is empty
     */
    public List<RenderedImage> render(byte[] source, List<RenditionSpec> specs) throws ImagingException {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no renditions requested");
        }
        ImageHeader header = ImageProbe.probe(source);
        requireWithinLimit(header);

        int subsampling = Geometry.subsampling(header.width(), header.height(), specs);
        BufferedImage decoded = Decoder.decode(source, subsampling);

        List<RenderedImage> rendered = new ArrayList<>(specs.size());
        for (RenditionSpec spec : specs) {
            // Sizes come from the header, not the decoded image: subsampling rounds the decoded
            // sides, and the result must not depend on how the source happened to be decoded.
            Dimensions target = Geometry.targetSize(spec, header.width(), header.height());
            BufferedImage scaled = Resizer.resize(decoded, spec, target);
            rendered.add(new RenderedImage(spec, Encoder.encode(scaled, spec), target.width(), target.height()));
        }
        return List.copyOf(rendered);
    }

    private void requireWithinLimit(ImageHeader header) throws ImagingException {
        if (header.pixels() > maxPixels) {
            throw new ImagingException(ImagingException.Kind.TOO_LARGE, String.format(Locale.ROOT,
                    "source is %dx%d = %.1f MP, above the limit of %.1f MP",
                    header.width(), header.height(), header.pixels() / 1e6, maxPixels / 1e6));
        }
    }
}
