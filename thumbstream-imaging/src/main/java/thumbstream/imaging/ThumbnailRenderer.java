package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import thumbstream.imaging.crop.CropRect;
import thumbstream.imaging.crop.CropWindow;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.imaging.placeholder.PlaceholderKind;
import thumbstream.imaging.placeholder.Placeholders;

/**
 * Renders every rendition of one source image from a single decode.
 *
 * <p>Steps: read the size from the header ({@link ImageProbe}) and the EXIF orientation
 * ({@link ExifOrientation}); refuse sources above the pixel limit before decoding anything; work
 * out every size in the orientation the picture is viewed in ({@link Geometry}); take the decoded
 * size from the pixel {@link Budget}; decode once, as small as the largest rendition allows; then
 * resize ({@link Resizer}), turn upright ({@link Orientation}) and encode ({@link Encoder}) each
 * rendition from that one decoded image, and give the budget back.
 *
 * <p>Two decoders: JPEGs go through libjpeg-turbo ({@link TurboJpeg}) when its native library is
 * installed, reduced in the DCT domain to the smallest eighth that still covers the largest
 * rendition, and JPEG output is encoded by it too. Everything else, and the JPEGs libjpeg-turbo
 * would get wrong (CMYK, YCCK, an embedded ICC profile) or cannot read, go through ImageIO
 * ({@link Decoder}) with source subsampling. {@link JpegBackend#preferred()} logs which is active.
 * HEIC/HEIF and AVIF sources go through libheif ({@link HeifDecoder}). Each rendition is resized
 * once and encoded in each of its formats (WebP and AVIF through {@link WebpEncoder} and
 * {@link AvifEncoder}).
 *
 * <p>Thread-safe: instances hold only immutable settings and the (thread-safe) budget; codecs
 * and native handles are per thread, so one renderer can serve all worker threads.
 */
public final class ThumbnailRenderer {

    /**
     * How much larger than the largest rendition a DCT-scaled decode must be. 1: the reduction
     * filters (unlike ImageIO subsampling, which keeps a margin of 2), and ScaledDecodeQualityTest
     * shows the thumbnails match a full decode's.
     */
    static final double DCT_MARGIN = 1.0;

    /**
     * Most scans a JPEG may have: libjpeg-turbo's own limit (TJFLAG_LIMITSCANS). Real progressive
     * files have about 10; a camera or encoder never writes hundreds.
     */
    static final int MAX_SCANS = 500;

    /**
     * Most scans a JPEG may have when ImageIO decodes it (no libjpeg-turbo, an ICC profile, or data
     * libjpeg-turbo refused): ImageIO's progressive decoder redoes far more work per scan than
     * libjpeg-turbo's, so its limit is lower. Still ten times what real progressive files have.
     */
    static final int MAX_IMAGEIO_SCANS = 100;

    /**
     * How much larger than the largest rendition the PNG row decoder's box-reduced image is. A box
     * filter does not alias, but the resizer's last bilinear step then works best from at least
     * 1.5x: in PngRowsTest's detailed images, the thumbnails' mean difference from an area average
     * of the full image was 2.95 / 2.11 levels at margin 1, 1.01 / 0.64 at 1.5, against 1.85 / 1.98
     * for the ImageIO path (subsampling, margin 2).
     */
    static final double PNG_BOX_MARGIN = 1.5;

    /** Placeholder cost is reported in CPU time of the rendering thread, which other load does not inflate. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /**
     * Native buffers one render thread keeps between images, outside any lease: libjpeg-turbo's
     * source, pixel and output buffers and libdeflate's block, each up to 8 MiB ({@code
     * TurboJpeg.KEEP_BYTES}, {@code WholeInflate.KEEP_BYTES}). A fixed line of the memory model
     * (docs/memory.md).
     */
    public static final long NATIVE_BYTES_KEPT_PER_THREAD = 4 * (8L << 20);

    private final long maxPixels;
    private final Budget budget;
    private final Budget nativeBudget;
    private final JpegBackend jpeg;
    private final boolean pngRows;
    private final Placeholders placeholders;

    /**
     * A renderer that shares one pixel budget ({@link Budget#pixelsForHeap}) and one native budget
     * ({@link Budget#forHeap}) of this JVM's heap with every other renderer made this way.
     *
     * @param maxPixels the largest width x height a source may declare, e.g. {@code 100_000_000};
     *                  bounds the memory one decode can take
     */
    public ThumbnailRenderer(long maxPixels) {
        this(maxPixels, SharedBudgets.PIXELS);
    }

    /**
     * @param maxPixels the largest width x height a source may declare; bounds one decode
     * @param budget    decoded pixels that all renders using it may hold at once ({@link
     *                  Budget#ofPixels}); bounds them all
     */
    public ThumbnailRenderer(long maxPixels, Budget budget) {
        this(maxPixels, budget, SharedBudgets.NATIVE);
    }

    /**
     * @param maxPixels    the largest width x height a source may declare; bounds one decode
     * @param budget       decoded pixels that all renders using it may hold at once on the heap
     * @param nativeBudget native bytes (codec buffers) that all renders using it may hold at once
     */
    public ThumbnailRenderer(long maxPixels, Budget budget, Budget nativeBudget) {
        this(maxPixels, budget, nativeBudget, JpegBackend.preferred(), pngRowsByDefault());
    }

    /** With an explicit JPEG backend, which must be {@linkplain JpegBackend#available() available}. */
    ThumbnailRenderer(long maxPixels, Budget budget, JpegBackend jpeg) {
        this(maxPixels, budget, jpeg, pngRowsByDefault());
    }

    /** @param pngRows whether PNGs that {@link PngRows} takes are decoded by it (else ImageIO) */
    ThumbnailRenderer(long maxPixels, Budget budget, JpegBackend jpeg, boolean pngRows) {
        this(maxPixels, budget, SharedBudgets.NATIVE, jpeg, pngRows);
    }

    ThumbnailRenderer(long maxPixels, Budget budget, Budget nativeBudget, JpegBackend jpeg, boolean pngRows) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        if (!jpeg.available()) {
            throw new IllegalStateException(jpeg + " is not available: libturbojpeg.so.0 was not found");
        }
        this.maxPixels = maxPixels;
        this.budget = Objects.requireNonNull(budget, "budget");
        this.nativeBudget = Objects.requireNonNull(nativeBudget, "nativeBudget");
        this.jpeg = jpeg;
        this.pngRows = pngRows;
        this.placeholders = new Placeholders(PlaceholderKind.all());
    }

    private ThumbnailRenderer(ThumbnailRenderer settings, Placeholders placeholders) {
        this.maxPixels = settings.maxPixels;
        this.budget = settings.budget;
        this.nativeBudget = settings.nativeBudget;
        this.jpeg = settings.jpeg;
        this.pngRows = settings.pngRows;
        this.placeholders = placeholders;
    }

    /**
     * The same renderer computing only {@code kinds} of placeholder in {@link #render(byte[], List,
     * FocusPoint)} (all of them unless told otherwise; empty for none).
     */
    public ThumbnailRenderer withPlaceholders(Set<PlaceholderKind> kinds) {
        return new ThumbnailRenderer(this, new Placeholders(kinds));
    }

    /**
     * The share of this renderer's pixel budget that renders hold right now, 0 to 1 (shared with
     * every renderer on the same budget); for metrics, from any thread.
     */
    public double pixelBudgetUse() {
        return budget.use();
    }

    /**
     * The share of this renderer's native budget (codec buffers outside the heap) that renders hold
     * right now, 0 to 1; for metrics, from any thread.
     */
    public double nativeBudgetUse() {
        return nativeBudget.use();
    }

    /** -Dthumbstream.png=imageio: every PNG through ImageIO, as before the row decoder existed. */
    private static boolean pngRowsByDefault() {
        return !"imageio".equals(System.getProperty(PngRows.PROPERTY));
    }

    /** Which code decodes JPEGs here: {@code libjpeg-turbo} or {@code imageio}; for logs and benchmarks. */
    public String jpegDecoder() {
        return jpeg == JpegBackend.LIBJPEG_TURBO ? "libjpeg-turbo" : "imageio";
    }

    /**
     * Renders {@code specs} from {@code source}: one image per format of each spec, in the order
     * of the specs and of their formats. May wait for the pixel budget.
     *
     * @throws ImagingException UNSUPPORTED if the bytes are not a readable image format,
     *                          TOO_LARGE if the header declares more than the pixel limit (or
     *                          a JPEG has more than {@link #MAX_SCANS} scans),
     *                          CORRUPT if the header or the pixel data is broken
     * @throws IllegalArgumentException if {@code specs} is empty
     */
    public List<RenderedImage> render(byte[] source, List<RenditionSpec> specs) throws ImagingException {
        return render(source, specs, null, Placeholders.NONE).images();
    }

    /**
     * Renders {@code specs} from {@code source} as {@link #render(byte[], List)} does (one image
     * per format of each spec), and the configured placeholders from the smallest of them that
     * shows the whole picture, once whatever the formats. May wait for the pixel budget.
     *
     * @param focus where {@code crop=focus} renditions centre their crop, as fractions of the
     *              picture as viewed; null when the upload names none ({@code crop=focus} then
     *              crops like {@code crop=smart})
     * @throws ImagingException as {@link #render(byte[], List)}
     */
    public Rendering render(byte[] source, List<RenditionSpec> specs, FocusPoint focus) throws ImagingException {
        return render(source, specs, focus, placeholders);
    }

    private Rendering render(byte[] source, List<RenditionSpec> specs, FocusPoint focus, Placeholders wanted)
            throws ImagingException {
        Request request = new Request(focus, wanted);
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no renditions requested");
        }
        if (JpegSegments.scanCount(source, MAX_SCANS) > MAX_SCANS) {
            throw new ImagingException(
                    ImagingException.Kind.TOO_LARGE,
                    "progressive JPEG with more than " + MAX_SCANS
                            + " scans; each scan is a pass over the whole image");
        }
        JpegFrame frame = JpegFrame.parse(source);
        if (jpeg == JpegBackend.LIBJPEG_TURBO && frame != null && !JpegSegments.hasIccProfile(source)) {
            try {
                // only the segments up to the first scan are copied to native memory for the header
                TurboJpeg.Header header = TurboJpeg.header(source, frame.scanStart());
                if (header != null && header.directlyDecodable()) {
                    Rendering rendered = renderNative(source, header, frame, specs, request);
                    if (rendered != null) {
                        return rendered;
                    }
                }
            } finally {
                TurboJpeg.release();
            }
        }
        if (HeifDecoder.isHeif(source)) {
            return renderHeif(source, specs, request);
        }
        if (JpegSegments.scanCount(source, MAX_IMAGEIO_SCANS) > MAX_IMAGEIO_SCANS) {
            throw new ImagingException(
                    ImagingException.Kind.TOO_LARGE,
                    "progressive JPEG with more than " + MAX_IMAGEIO_SCANS
                            + " scans for the ImageIO decoder (used without libjpeg-turbo, for an ICC profile, or"
                            + " for data libjpeg-turbo refused); each scan is a pass over the whole image");
        }
        return renderWithImageIO(source, frame, specs, request);
    }

    /** What one render call asks for besides the renditions. */
    private record Request(FocusPoint focus, Placeholders placeholders) {}

    /**
     * HEIC/HEIF and AVIF through libheif: the size is read from the file's structure and checked
     * before any pixel is decoded, and charged at the bytes a pixel of this file takes while it is
     * decoded ({@link HeifDecoder.Source#bytesPerPixel}); the decode is full size (libheif has no
     * reduced decode), must be of the checked size ({@link CheckedSize}) and is already upright, so
     * no orientation is applied afterwards.
     */
    private Rendering renderHeif(byte[] source, List<RenditionSpec> specs, Request request) throws ImagingException {
        // Opened twice: the first parse only sizes the leases and is closed again, so a render
        // waiting for memory holds no native copy of its source meanwhile.
        ImageHeader header;
        long nativeBytes;
        int heapBytesPerPixel;
        try (HeifDecoder.Source probe = HeifDecoder.open(source, maxPixels)) {
            header = probe.header();
            requireWithinLimit(header);
            requireWithinLimit(header, probe.codedPixels(), "coded ");
            nativeBytes = probe.nativeBytes();
            heapBytesPerPixel = probe.bytesPerPixel();
        }
        Dimensions displayed = new Dimensions(header.width(), header.height());
        try (Budget.Lease codec = nativeBudget.acquire(nativeBytes);
                Budget.Lease pixels = budget.acquire(header.pixels(), heapBytesPerPixel);
                HeifDecoder.Source heif = HeifDecoder.open(source, maxPixels)) {
            CheckedSize.require(
                    header.formatName(),
                    displayed,
                    "the file parsed again",
                    heif.header().width(),
                    heif.header().height());
            return renditions(heif.decode(), specs, displayed, Orientation.NORMAL, request);
        }
    }

    /** The libjpeg-turbo path; null when it reported a problem with the data (ImageIO then decides). */
    private Rendering renderNative(
            byte[] source, TurboJpeg.Header header, JpegFrame frame, List<RenditionSpec> specs, Request request)
            throws ImagingException {
        requireWithinLimit(new ImageHeader("jpeg", header.width(), header.height()));
        // the native charge is computed from our reading of the frame: it must be libjpeg's too
        CheckedSize.require(
                "jpeg",
                new Dimensions(frame.width(), frame.height()),
                "libjpeg-turbo's header",
                header.width(),
                header.height());
        Orientation orientation = ExifOrientation.of(source);
        Dimensions displayed = orientation.displayed(new Dimensions(header.width(), header.height()));
        TurboJpeg.Scale scale =
                Geometry.dctScale(displayed.width(), displayed.height(), specs, TurboJpeg.reductions(), DCT_MARGIN);
        int outWidth = scale.apply(header.width());
        int outHeight = scale.apply(header.height());
        // Both leases only close after the last rendition: the decoded image is needed until then.
        try (Budget.Lease codec = nativeBudget.acquire(NativeCharges.turboJpeg(source, frame, outWidth, outHeight));
                Budget.Lease pixels = budget.acquire((long) outWidth * outHeight, Budget.BYTES_PER_PIXEL)) {
            // No CheckedSize here: the decode reads the same SOF as the header did and writes into
            // a buffer of the checked, scaled size (see CheckedSize's class comment).
            BufferedImage decoded = TurboJpeg.decode(source, header, scale);
            return decoded == null ? null : renditions(decoded, specs, displayed, orientation, request);
        }
    }

    private Rendering renderWithImageIO(byte[] source, JpegFrame frame, List<RenditionSpec> specs, Request request)
            throws ImagingException {
        ImageProbe.Layout layout = ImageProbe.probeLayout(source);
        ImageHeader header = layout.header();
        requireWithinLimit(header);
        Orientation orientation = "jpeg".equals(header.formatName()) ? ExifOrientation.of(source) : Orientation.NORMAL;
        // Sizes are about the picture as people see it: a portrait phone photo stored as
        // 4000x3000 with orientation 6 is 3000x4000 and must fit the box that way round.
        Dimensions displayed = orientation.displayed(new Dimensions(header.width(), header.height()));

        if ("png".equals(header.formatName())) {
            String defect = PngChunks.headerDefect(source);
            if (defect != null) {
                throw new ImagingException(ImagingException.Kind.CORRUPT, defect);
            }
        }
        if (pngRows && "png".equals(header.formatName())) {
            Rendering rendered = renderPngRows(source, header, specs, displayed, request);
            if (rendered != null) {
                return rendered;
            }
        }
        // Only here, not before the row decoder: that one stops at the checked size by itself.
        CheckedSize.requireCodedAsChecked(source, header);
        int subsampling = Geometry.subsampling(displayed.width(), displayed.height(), specs);
        Dimensions expected = sizeOf(header, subsampling);
        // The JDK's JPEG reader is native libjpeg: its coefficients and rows are native memory.
        long nativeBytes = "jpeg".equals(header.formatName())
                ? NativeCharges.imageIoJpeg(source, frame, header.width(), header.height())
                : 0;
        try (Budget.Lease codec = nativeBudget.acquire(nativeBytes);
                Budget.Lease pixels =
                        budget.acquire((long) expected.width() * expected.height(), layout.bytesPerPixel())) {
            BufferedImage decoded = Decoder.decode(source, subsampling);
            CheckedSize.require(
                    header.formatName(),
                    expected,
                    "the image its reader decoded",
                    decoded.getWidth(),
                    decoded.getHeight());
            return renditions(decoded, specs, displayed, orientation, request);
        }
    }

    /**
     * The PNG row decoder, box-reducing while it decodes ({@link PngRows}); null when it does not
     * take the file (ImageIO then decodes it). A box filter averages instead of dropping pixels
     * (no aliasing), so its image is reduced further than ImageIO's subsampled one.
     */
    private Rendering renderPngRows(
            byte[] source, ImageHeader header, List<RenditionSpec> specs, Dimensions displayed, Request request)
            throws ImagingException {
        int factor = Math.min(
                PngRows.MAX_FACTOR, Geometry.boxFactor(displayed.width(), displayed.height(), specs, PNG_BOX_MARGIN));
        PngChunks chunks = PngRows.taken(source);
        if (chunks == null) {
            return null;
        }
        // the rows would be allocated for a size that was not checked against the limit
        CheckedSize.require("png", sizeOf(header, 1), "the row decoder's IHDR", chunks.width(), chunks.height());
        Dimensions reduced = PngRows.reduced(header.width(), header.height(), factor);
        // libdeflate's native block (IDAT data + raw rows) goes to the native budget.
        try (Budget.Lease codec = nativeBudget.acquire(PngRows.workingBytes(chunks));
                Budget.Lease pixels =
                        budget.acquire((long) reduced.width() * reduced.height(), Budget.BYTES_PER_PIXEL)) {
            BufferedImage decoded = PngRows.decode(source, chunks, factor, true);
            return decoded == null ? null : renditions(decoded, specs, displayed, Orientation.NORMAL, request);
        }
    }

    /**
     * Resizes, turns upright and encodes every rendition from one decoded image. Largest first:
     * each FIT result is the whole picture, so a smaller rendition is scaled from the smallest such
     * result that still covers what it needs, rather than from the full decode again. That makes
     * a second, smaller rendition cost a fraction of the first.
     *
     * <p>Crops with a gravity other than the centre are cut from the upright picture by
     * {@link GravityCrop}; the placeholders come from the smallest upright FIT rendition (the
     * smallest of any mode when there is none).
     */
    private Rendering renditions(
            BufferedImage decoded,
            List<RenditionSpec> specs,
            Dimensions displayed,
            Orientation orientation,
            Request request) {
        List<List<RenderedImage>> rendered = new ArrayList<>(Collections.nCopies(specs.size(), null));
        BufferedImage smallest = null; // what the placeholders are computed from
        boolean smallestIsWhole = false;
        List<BufferedImage> wholePictures = new ArrayList<>(List.of(decoded));
        for (int i : largestFirst(specs, displayed)) {
            RenditionSpec spec = specs.get(i);
            // Sizes come from the header, not the decoded image: reduced decodes round their
            // sides, and the result must not depend on how the source happened to be decoded.
            Dimensions target = Geometry.targetSize(spec, displayed.width(), displayed.height());
            double[] need = Geometry.needed(spec, displayed.width(), displayed.height());
            Dimensions storedNeed =
                    orientation.stored(new Dimensions((int) Math.ceil(need[0]), (int) Math.ceil(need[1])));
            BufferedImage base = smallestCovering(wholePictures, storedNeed);
            BufferedImage upright;
            CropRect crop = null;
            if (spec.mode() == RenditionSpec.Mode.CROP && spec.gravity() != RenditionSpec.Gravity.CENTER) {
                GravityCrop.Cut cut =
                        GravityCrop.cut(orientation.apply(base), spec, displayed, target, request.focus());
                upright = cut.image();
                crop = cut.rect();
            } else {
                BufferedImage scaled = Resizer.resize(base, spec, orientation.stored(target));
                if (spec.mode() == RenditionSpec.Mode.FIT) {
                    wholePictures.add(scaled);
                } else if (spec.mode() == RenditionSpec.Mode.CROP) {
                    crop = CropWindow.centred(displayed.width(), displayed.height(), target.width(), target.height());
                }
                upright = orientation.apply(scaled);
            }
            if (placeholderSource(spec, upright, smallest, smallestIsWhole)) {
                smallest = upright;
                smallestIsWhole = spec.mode() == RenditionSpec.Mode.FIT;
            }
            // Every format of a rendition is encoded from this one resize (or gravity cut).
            List<RenderedImage> encoded = new ArrayList<>(spec.formats().size());
            for (RenditionSpec.Format format : spec.formats()) {
                encoded.add(new RenderedImage(
                        spec,
                        format,
                        Encoder.encode(upright, spec, format, jpeg),
                        target.width(),
                        target.height(),
                        crop));
            }
            rendered.set(i, encoded);
        }
        long started = CPU.getCurrentThreadCpuTime();
        var placeholder = request.placeholders().compute(smallest);
        return new Rendering(
                rendered.stream().flatMap(List::stream).toList(), placeholder, CPU.getCurrentThreadCpuTime() - started);
    }

    /**
     * Whether {@code upright} (of {@code spec}) should replace {@code current} as the placeholders'
     * source: the smallest rendition that shows the whole picture (FIT), since a placeholder stands
     * for the upload, not for one crop of it; the smallest of any kind only when no FIT rendition
     * is configured.
     */
    private static boolean placeholderSource(
            RenditionSpec spec, BufferedImage upright, BufferedImage current, boolean currentIsWhole) {
        if (current == null) {
            return true;
        }
        boolean whole = spec.mode() == RenditionSpec.Mode.FIT;
        if (whole != currentIsWhole) {
            return whole;
        }
        return (long) upright.getWidth() * upright.getHeight() < (long) current.getWidth() * current.getHeight();
    }

    /** Indexes of {@code specs}, the one needing the most pixels first (stable for equal needs). */
    private static List<Integer> largestFirst(List<RenditionSpec> specs, Dimensions displayed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> {
                    double[] need = Geometry.needed(specs.get(i), displayed.width(), displayed.height());
                    return need[0] * need[1];
                })
                .reversed());
        return order;
    }

    /** The smallest image at least {@code need} in both sides; the first (the decode) if none is. */
    private static BufferedImage smallestCovering(List<BufferedImage> images, Dimensions need) {
        BufferedImage best = images.get(0);
        for (BufferedImage image : images) {
            if (image.getWidth() >= need.width()
                    && image.getHeight() >= need.height()
                    && (long) image.getWidth() * image.getHeight() < (long) best.getWidth() * best.getHeight()) {
                best = image;
            }
        }
        return best;
    }

    /** What ImageIO allocates for {@code subsampling}: each side rounded up. */
    private static Dimensions sizeOf(ImageHeader header, int subsampling) {
        return new Dimensions((int) ((header.width() + subsampling - 1L) / subsampling), (int)
                ((header.height() + subsampling - 1L) / subsampling));
    }

    private void requireWithinLimit(ImageHeader header) throws ImagingException {
        requireWithinLimit(header, header.pixels(), "");
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

    /** The budgets of renderers given none; created on first use, so a JVM that never renders never sizes them. */
    static final class SharedBudgets {
        static final Budget PIXELS = Budget.pixelsForHeap(Runtime.getRuntime().maxMemory());
        static final Budget NATIVE = Budget.forHeap(Runtime.getRuntime().maxMemory());

        private SharedBudgets() {}
    }
}
