package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
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
 * <p>Steps: decode once, as small as the largest rendition allows, through the first decode path
 * that takes the source ({@link DecodeChain}: it reads the size from the header, refuses sources
 * above the pixel limit before decoding anything, and leases the decoded size from the pixel
 * {@link Budget} and the codec's native memory from the native one); work out every size in the
 * orientation the picture is viewed in ({@link Geometry}); then resize ({@link Resizer}), turn
 * upright ({@link Orientation}) and encode ({@link Encoder}) each rendition from that one decoded
 * image, and give the budgets back. This class keeps only that cascade of renditions.
 *
 * <p>The decode paths, in the order they are asked ({@link DecodePath}): JPEGs through
 * libjpeg-turbo ({@link TurboJpegPath}) when its native library is installed, reduced in the DCT
 * domain, and JPEG output is encoded by it too; HEIC/HEIF and AVIF through libheif ({@link
 * HeifPath}); the common PNGs through the row decoder ({@link PngRowsPath}); everything else, and
 * the JPEGs libjpeg-turbo would get wrong (CMYK, YCCK, an embedded ICC profile) or cannot read,
 * through ImageIO with source subsampling ({@link ImageIoPath}). {@link JpegBackend#preferred()}
 * logs which JPEG decoder is active. Each rendition is resized once and encoded in each of its
 * formats (WebP and AVIF through {@link WebpEncoder} and {@link AvifEncoder}).
 *
 * <p>Thread-safe: instances hold only immutable settings and the (thread-safe) budget; codecs
 * and native handles are per thread, so one renderer can serve all worker threads.
 */
public final class ThumbnailRenderer {

    /** Placeholder cost is reported in CPU time of the rendering thread, which other load does not inflate. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /**
     * Native buffers one render thread keeps between images, outside any lease: libjpeg-turbo's
     * source, pixel and output buffers and libdeflate's block, each up to 8 MiB ({@code
     * TurboJpeg.KEEP_BYTES}, {@code WholeInflate.KEEP_BYTES}). A fixed line of the memory model
     * (docs/memory.md).
     */
    public static final long NATIVE_BYTES_KEPT_PER_THREAD = 4 * (8L << 20);

    private final Budget budget;
    private final Budget nativeBudget;
    private final JpegBackend jpeg;
    private final DecodeChain decoders;
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
        this.budget = Objects.requireNonNull(budget, "budget");
        this.nativeBudget = Objects.requireNonNull(nativeBudget, "nativeBudget");
        this.jpeg = jpeg;
        List<DecodePath> paths = new ArrayList<>();
        if (jpeg == JpegBackend.LIBJPEG_TURBO) {
            paths.add(new TurboJpegPath());
        }
        paths.add(new HeifPath(maxPixels));
        if (pngRows) {
            paths.add(new PngRowsPath());
        }
        paths.add(new ImageIoPath());
        this.decoders = new DecodeChain(maxPixels, budget, nativeBudget, paths);
        this.placeholders = new Placeholders(PlaceholderKind.all());
    }

    private ThumbnailRenderer(ThumbnailRenderer settings, Placeholders placeholders) {
        this.budget = settings.budget;
        this.nativeBudget = settings.nativeBudget;
        this.jpeg = settings.jpeg;
        this.decoders = settings.decoders;
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
     *                          a JPEG has more than {@link DecodeChain#MAX_SCANS} scans),
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
        return decoders.decode(
                source,
                specs,
                decoded -> renditions(decoded.image(), specs, decoded.displayed(), decoded.orientation(), request));
    }

    /** What one render call asks for besides the renditions. */
    private record Request(FocusPoint focus, Placeholders placeholders) {}

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

    /** The budgets of renderers given none; created on first use, so a JVM that never renders never sizes them. */
    static final class SharedBudgets {
        static final Budget PIXELS = Budget.pixelsForHeap(Runtime.getRuntime().maxMemory());
        static final Budget NATIVE = Budget.forHeap(Runtime.getRuntime().maxMemory());

        private SharedBudgets() {}
    }
}
