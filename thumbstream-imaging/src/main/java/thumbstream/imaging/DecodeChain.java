package thumbstream.imaging;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decodes a source through the first of its paths that takes it, and is the one place that checks
 * the pixel limit and leases the budgets: for each path in turn, {@link DecodePath#open} (headers
 * only), the pixel limit on what it read, {@link DecodePath.Attempt#plan} (the path's own size
 * checks and the cost), a native lease and then a pixel lease of that cost, the decode, and the
 * renditions made from it while the leases are held. A path whose decoder gives up on the data
 * gives its leases back and the next path is asked.
 *
 * <p>Every render takes the native lease before the pixel lease, so two renders never wait for
 * each other in a cycle. Thread-safe: holds settings, the paths (which hold settings) and the
 * (thread-safe) budgets.
 */
final class DecodeChain {

    /**
     * Most scans a JPEG may have: libjpeg-turbo's own limit (TJFLAG_LIMITSCANS). Real progressive
     * files have about 10; a camera or encoder never writes hundreds.
     */
    static final int MAX_SCANS = 500;

    private final long maxPixels;
    private final Budget pixelBudget;
    private final Budget nativeBudget;
    private final List<DecodePath> paths;

    /**
     * @param maxPixels    the largest width x height a source may declare
     * @param pixelBudget  decoded pixels all renders on it may hold at once on the heap
     * @param nativeBudget native codec bytes all renders on it may hold at once
     * @param paths        asked in this order; the last must take every source
     */
    DecodeChain(long maxPixels, Budget pixelBudget, Budget nativeBudget, List<DecodePath> paths) {
        this.maxPixels = maxPixels;
        this.pixelBudget = Objects.requireNonNull(pixelBudget, "pixelBudget");
        this.nativeBudget = Objects.requireNonNull(nativeBudget, "nativeBudget");
        this.paths = List.copyOf(paths);
    }

    /**
     * Decodes {@code bytes} for {@code specs} and hands the decoded image to {@code renditions},
     * whose result it returns; the leases are held until {@code renditions} returns. May wait for
     * the budgets.
     *
     * @throws ImagingException UNSUPPORTED, TOO_LARGE or CORRUPT as {@link ThumbnailRenderer#render}
     */
    <T> T decode(byte[] bytes, List<RenditionSpec> specs, Function<DecodePath.Decoded, T> renditions)
            throws ImagingException {
        if (JpegSegments.scanCount(bytes, MAX_SCANS) > MAX_SCANS) {
            throw new ImagingException(
                    ImagingException.Kind.TOO_LARGE,
                    "progressive JPEG with more than " + MAX_SCANS
                            + " scans; each scan is a pass over the whole image");
        }
        DecodePath.Source source = new DecodePath.Source(bytes);
        for (DecodePath path : paths) {
            try (DecodePath.Attempt attempt = path.open(source)) {
                if (attempt == null) {
                    continue;
                }
                ImageHeader header = attempt.header();
                requireWithinLimit(header, header.pixels(), "");
                requireWithinLimit(header, attempt.codedPixels(), "coded ");
                DecodePath.Cost cost = attempt.plan(specs);
                // Both leases only close after the last rendition: the decoded image is needed until then.
                try (Budget.Lease codec = nativeBudget.acquire(cost.nativeBytes());
                        Budget.Lease pixels = pixelBudget.acquire(cost.pixels(), cost.bytesPerPixel())) {
                    DecodePath.Decoded decoded = attempt.decode();
                    if (decoded != null) {
                        return renditions.apply(decoded);
                    }
                }
            }
        }
        throw new IllegalStateException("no decode path took the source: the last one must take every source");
    }

    private void requireWithinLimit(ImageHeader header, long pixels, String which) throws ImagingException {
        if (pixels > maxPixels) {
            String size = which.isEmpty()
                    ? String.format(Locale.ROOT, "%dx%d = %.1f MP", header.width(), header.height(), pixels / 1e6)
                    : String.format(
                            Locale.ROOT,
                            "%dx%d shown, %.1f MP %simage",
                            header.width(),
                            header.height(),
                            pixels / 1e6,
                            which);
            throw new ImagingException(
                    ImagingException.Kind.TOO_LARGE,
                    String.format(Locale.ROOT, "source is %s, above the limit of %.1f MP", size, maxPixels / 1e6));
        }
    }
}
