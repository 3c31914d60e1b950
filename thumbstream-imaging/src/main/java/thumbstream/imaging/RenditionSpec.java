package thumbstream.imaging;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One wanted thumbnail: a name, a bounding box, how to fit the source into it, and the output
 * formats — one resize, one encoded object per format.
 *
 * <p>Written in config as {@code name:WxH[:mode[:formats[:option...]]]}, e.g.
 * {@code square:256x256:crop:png}, {@code square:256x256:crop=smart:jpg} or
 * {@code small:320x320:fit:jpg+webp+avif}; mode defaults to {@code fit}, formats to {@code jpg}. Options: {@code q=1..100} (quality of every lossy format of
 * the rendition; PNG ignores it), {@code webp.q=}/{@code avif.q=}/{@code jpg.q=} (one format's
 * quality, winning over {@code q=}), {@code effort=0..6} (WebP: CPU spent for smaller files,
 * libwebp's "method"), {@code speed=0..9} (AVIF: AV1 encoder speed, higher is faster and larger)
 * and {@code upscale} (allow output larger than the source). {@link #canonical()} writes the same
 * syntax back, and {@code parse(spec.canonical()).equals(spec)} always holds, so the canonical
 * text can be stored next to a thumbnail to tell whether it is still current.
 *
 * @param name      lower-case identifier; it becomes part of the thumbnail's object key
 * @param width     box width, 1..10000
 * @param height    box height, 1..10000
 * @param mode      how the source is fitted into the box
 * @param formats   output encodings, at least one, none twice; the first is the primary one
 * @param qualities explicit quality 1..100 per format (only formats of this rendition); a format
 *                  missing here uses its {@link Format#defaultQuality()}
 * @param effort    WebP effort 0..6, or {@code null} for libwebp's default (4); needs {@code webp}
 * @param speed     AVIF encoder speed 0..9, or {@code null} for {@link #DEFAULT_AVIF_SPEED}; needs {@code avif}
 * @param upscale   whether output may be larger than the source
 * @param gravity   which part of the source a CROP keeps ({@code crop=smart}, {@code crop=focus});
 *                  always {@link Gravity#CENTER} for the other modes
 */
public record RenditionSpec(
        String name,
        int width,
        int height,
        Mode mode,
        List<Format> formats,
        Map<Format, Integer> qualities,
        Integer effort,
        Integer speed,
        boolean upscale,
        Gravity gravity) {

    static final int MAX_SIDE = 10_000;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** libwebp's own default method: its documented balance of speed and size. */
    static final int DEFAULT_WEBP_EFFORT = 4;
    /**
     * AV1 speed when a spec sets none. aom's slower settings cost several times more CPU for a few
     * percent of bytes on thumbnail-sized images (see the README's Performance section); 8 keeps an
     * AVIF rendition within a few times a JPEG's encode cost.
     */
    static final int DEFAULT_AVIF_SPEED = 8;

    /** How the source is fitted into the box. */
    public enum Mode {
        /** Scale to fit inside the box, keeping the aspect ratio; one side may be shorter. */
        FIT,
        /** Scale to cover the box, keeping the aspect ratio, then cut the centre to exactly the box. */
        CROP,
        /** Stretch to exactly the box, ignoring the aspect ratio. */
        EXACT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Which part of the source a {@link Mode#CROP} keeps. Written after the mode: {@code crop}
     * (centre), {@code crop=smart}, {@code crop=focus}.
     */
    public enum Gravity {
        /** The middle of the picture: plain {@code crop}, as before gravities existed. */
        CENTER,
        /** Where the picture draws attention: edges, skin tones, saturated colour (libvips' {@code attention}). */
        SMART,
        /** Around the upload's focal point; {@link #SMART} when the upload names none. */
        FOCUS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Output encoding of a thumbnail. */
    public enum Format {
        JPG("jpg", "image/jpeg", 85),
        /** Lossless: quality has nothing to tune and is ignored. */
        PNG("png", "image/png", 100),
        /** Through libwebp (Debian: libwebp7); default quality 79, as imgproxy's. */
        WEBP("webp", "image/webp", 79),
        /** Through libheif's AV1 encoder (Debian: libheif1 with aom); default quality 63, as imgproxy's. */
        AVIF("avif", "image/avif", 63);

        private final String extension;
        private final String contentType;
        private final int defaultQuality;

        Format(String extension, String contentType, int defaultQuality) {
            this.extension = extension;
            this.contentType = contentType;
            this.defaultQuality = defaultQuality;
        }

        /** File extension without the dot; also the format's name in spec text. */
        public String extension() {
            return extension;
        }

        /** MIME type to store the thumbnail with. */
        public String contentType() {
            return contentType;
        }

        /** Quality used when a spec sets none for this format. */
        public int defaultQuality() {
            return defaultQuality;
        }
    }

    /**
     * A single-format rendition with at most one quality, encoder defaults and the {@link
     * Gravity#CENTER} gravity: every mode as it was before gravities.
     */
    public RenditionSpec(
            String name, int width, int height, Mode mode, Format format, Integer quality, boolean upscale) {
        this(name, width, height, mode, format, quality, upscale, Gravity.CENTER);
    }

    /** A single-format rendition with at most one quality and encoder defaults. */
    public RenditionSpec(
            String name,
            int width,
            int height,
            Mode mode,
            Format format,
            Integer quality,
            boolean upscale,
            Gravity gravity) {
        this(
                name,
                width,
                height,
                mode,
                List.of(Objects.requireNonNull(format, "format")),
                quality == null ? Map.of() : Map.of(format, quality),
                null,
                null,
                upscale,
                gravity);
    }

    public RenditionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(formats, "formats");
        Objects.requireNonNull(qualities, "qualities");
        gravity = gravity == null ? Gravity.CENTER : gravity;
        if (mode != Mode.CROP && gravity != Gravity.CENTER) {
            throw new IllegalArgumentException(
                    "gravity '" + gravity.label() + "' applies only to crop, e.g. crop=" + gravity.label());
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must match " + NAME
                    + " (lower-case letters, digits, '_' and '-'; it becomes part of the thumbnail key)");
        }
        requireSide("width", width);
        requireSide("height", height);
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one format is needed, e.g. jpg or jpg+webp");
        }
        if (new HashSet<>(formats).size() != formats.size()) {
            throw new IllegalArgumentException("format list " + joined(formats) + " names a format twice");
        }
        for (Map.Entry<Format, Integer> entry : qualities.entrySet()) {
            if (!formats.contains(entry.getKey())) {
                throw new IllegalArgumentException("a quality for "
                        + entry.getKey().extension() + " is set, but the formats are " + joined(formats));
            }
            Integer quality = entry.getValue();
            if (quality == null || quality < 1 || quality > 100) {
                throw new IllegalArgumentException("quality (q=) must be 1..100, got " + quality);
            }
        }
        qualities = qualities.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(qualities));
        requireOption("effort", effort, 0, 6, Format.WEBP, formats);
        requireOption("speed", speed, 0, 9, Format.AVIF, formats);
    }

    private static void requireSide(String what, int value) {
        if (value < 1 || value > MAX_SIDE) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_SIDE + ", got " + value);
        }
    }

    private static void requireOption(
            String what, Integer value, int min, int max, Format owner, List<Format> formats) {
        if (value == null) {
            return;
        }
        if (!formats.contains(owner)) {
            throw new IllegalArgumentException(
                    what + "= applies to " + owner.extension() + " only, and the formats are " + joined(formats));
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /**
     * Parses one spec such as {@code small:320x320:fit:jpg+webp}.
     *
     * @throws IllegalArgumentException with a message naming the offending text and how to fix it
     */
    public static RenditionSpec parse(String text) {
        return RenditionSpecParser.parse(text);
    }

    /**
     * Parses a comma-separated list such as {@code small:320x320,square:256x256:crop:png}.
     *
     * @throws IllegalArgumentException if the list is empty, an entry is invalid or a name repeats
     */
    public static List<RenditionSpec> parseList(String commaSeparated) {
        return RenditionSpecParser.parseList(commaSeparated);
    }

    /** The primary (first) format; for code that needs only one. */
    public Format format() {
        return formats.get(0);
    }

    /** The quality {@code format} is encoded with: the spec's, else the format's default. */
    public int quality(Format format) {
        return qualities.getOrDefault(format, format.defaultQuality());
    }

    /** The WebP effort (libwebp method) to encode with. */
    public int webpEffort() {
        return effort != null ? effort : DEFAULT_WEBP_EFFORT;
    }

    /** The AVIF encoder speed to encode with. */
    public int avifSpeed() {
        return speed != null ? speed : DEFAULT_AVIF_SPEED;
    }

    /** The spec in its one normalised text form, e.g. {@code small:320x320:fit:jpg+webp:q=80}. */
    public String canonical() {
        StringBuilder text = new StringBuilder()
                .append(name)
                .append(':')
                .append(width)
                .append('x')
                .append(height)
                .append(':')
                .append(mode.label())
                // Plain "crop" stays the centre's text, so thumbnails made before gravities stay current.
                .append(gravity == Gravity.CENTER ? "" : "=" + gravity.label())
                .append(':')
                .append(joined(formats));
        boolean oneQualityForAll = qualities.size() == formats.size()
                && qualities.values().stream().distinct().count() == 1;
        if (oneQualityForAll) {
            text.append(":q=").append(qualities.get(format()));
        } else {
            for (Format format : formats) {
                if (qualities.containsKey(format)) {
                    text.append(':').append(format.extension()).append(".q=").append(qualities.get(format));
                }
            }
        }
        if (effort != null) {
            text.append(":effort=").append(effort);
        }
        if (speed != null) {
            text.append(":speed=").append(speed);
        }
        if (upscale) {
            text.append(":upscale");
        }
        return text.toString();
    }

    /** The canonical forms of {@code specs}, joined with commas; parseable by {@link #parseList}. */
    public static String canonical(List<RenditionSpec> specs) {
        return specs.stream().map(RenditionSpec::canonical).collect(Collectors.joining(","));
    }

    /** Every format named by {@code specs}, each once, in order of first appearance. */
    public static List<Format> formatsOf(List<RenditionSpec> specs) {
        List<Format> all = new ArrayList<>();
        for (RenditionSpec spec : specs) {
            spec.formats().stream().filter(f -> !all.contains(f)).forEach(all::add);
        }
        return List.copyOf(all);
    }

    /** The size of this rendition for a source of {@code srcWidth x srcHeight}; see {@link Geometry}. */
    public Dimensions targetSize(int srcWidth, int srcHeight) {
        return Geometry.targetSize(this, srcWidth, srcHeight);
    }

    private static String joined(List<Format> formats) {
        return formats.stream().map(Format::extension).collect(Collectors.joining("+"));
    }
}
