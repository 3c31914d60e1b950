package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders every rendition of one source image from a single decode.
 *
 * <p>Steps: read the size from the header ({@link ImageProbe}) and the EXIF orientation
 * ({@link ExifOrientation}); refuse sources above the pixel limit before decoding anything; work
 * out every size in the orientation the picture is viewed in ({@link Geometry}); take the decoded
 * size from the {@link PixelBudget}; decode once ({@link Decoder}), subsampled when every rendition
 * is much smaller than the source; then resize ({@link Resizer}), turn upright
 * ({@link Orientation}) and encode ({@link Encoder}) each rendition from that one decoded image,
 * and give the budget back.
 *
 * <p>Thread-safe: instances hold only the immutable limit and the (thread-safe) budget; readers and
 * writers are per thread, so one renderer can serve all worker threads.
 */
public final class ThumbnailRenderer {

    private final long maxPixels;
    private final PixelBudget budget;

    /**
     * A renderer that shares {@link PixelBudget#shared()} with every other renderer made this way.
     *
     * @param maxPixels the largest width x height a source may declare, e.g. {@code 100_000_000};
     *                  bounds the memory one decode can take
     */
    public ThumbnailRenderer(long maxPixels) {
        this(maxPixels, PixelBudget.shared());
    }

    /**
     * @param maxPixels the largest width x height a source may declare; bounds one decode
     * @param budget    decoded pixels that all renders using it may hold at once; bounds them all
     */
    public ThumbnailRenderer(long maxPixels, PixelBudget budget) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * Renders {@code specs} from {@code source}, in the order given. May wait for the pixel budget.
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
        Orientation orientation = "jpeg".equals(header.formatName()) ? ExifOrientation.of(source) : Orientation.NORMAL;
        // Sizes are about the picture as people see it: a portrait phone photo stored as
        // 4000x3000 with orientation 6 is 3000x4000 and must fit the box that way round.
        Dimensions displayed = orientation.displayed(new Dimensions(header.width(), header.height()));

        int subsampling = Geometry.subsampling(displayed.width(), displayed.height(), specs);
        PixelBudget.Lease pixels = budget.acquire(decodedPixels(header, subsampling));
        try {
            BufferedImage decoded = Decoder.decode(source, subsampling);
            List<RenderedImage> rendered = new ArrayList<>(specs.size());
            for (RenditionSpec spec : specs) {
                // Sizes come from the header, not the decoded image: subsampling rounds the decoded
                // sides, and the result must not depend on how the source happened to be decoded.
                Dimensions target = Geometry.targetSize(spec, displayed.width(), displayed.height());
                BufferedImage scaled = Resizer.resize(decoded, spec, orientation.stored(target));
                BufferedImage upright = orientation.apply(scaled);
                rendered.add(new RenderedImage(spec, Encoder.encode(upright, spec), target.width(), target.height()));
            }
            return List.copyOf(rendered);
        } finally {
            pixels.close(); // only now: the decoded image is needed until the last rendition
        }
    }

    /** What ImageIO allocates for {@code subsampling}: each side rounded up. */
    private static long decodedPixels(ImageHeader header, int subsampling) {
        long width = (header.width() + subsampling - 1L) / subsampling;
        long height = (header.height() + subsampling - 1L) / subsampling;
        return width * height;
    }

    private void requireWithinLimit(ImageHeader header) throws ImagingException {
        if (header.pixels() > maxPixels) {
            throw new ImagingException(ImagingException.Kind.TOO_LARGE, String.format(Locale.ROOT,
                    "source is %dx%d = %.1f MP, above the limit of %.1f MP",
                    header.width(), header.height(), header.pixels() / 1e6, maxPixels / 1e6));
        }
    }
}
