package thumbstream.imaging;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One wanted thumbnail: a name, a bounding box, how to fit the source into it, and the output
 * format.
 *
 * <p>Written in config as {@code name:WxH[:mode[:format[:option...]]]}, e.g.
 * {@code square:256x256:crop:png}; mode defaults to {@code fit}, format to {@code jpg}. Options are
 * {@code q=1..100} (JPEG quality; accepted but ignored for lossless PNG) and {@code upscale}
 * (allow output larger than the source). {@link #canonical()} writes the same syntax back, and
 * {@code parse(spec.canonical()).equals(spec)} always holds, so the canonical text can be stored
 * next to a thumbnail to tell whether it is still current.
 *
 * @param name    lower-case identifier; it becomes part of the thumbnail's object key
 * @param width   box width, 1..10000
 * @param height  box height, 1..10000
 * @param mode    how the source is fitted into the box
 * @param format  output encoding
 * @param quality JPEG quality 1..100, or {@code null} for the default (85)
 * @param upscale whether output may be larger than the source
 * @param gravity which part of the source a CROP keeps ({@code crop=smart}, {@code crop=focus});
 *                always {@link Gravity#CENTER} for the other modes
 */
public record RenditionSpec(
        String name,
        int width,
        int height,
        Mode mode,
        Format format,
        Integer quality,
        boolean upscale,
        Gravity gravity) {

    static final int MAX_SIDE = 10_000;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

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
        JPG("jpg", "image/jpeg"),
        PNG("png", "image/png");

        private final String extension;
        private final String contentType;

        Format(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        /** File extension without the dot; also the format's name in spec text. */
        public String extension() {
            return extension;
        }

        /** MIME type to store the thumbnail with. */
        public String contentType() {
            return contentType;
        }
    }

    /** A spec with the {@link Gravity#CENTER} gravity: every mode as it was before gravities. */
    public RenditionSpec(
            String name, int width, int height, Mode mode, Format format, Integer quality, boolean upscale) {
        this(name, width, height, mode, format, quality, upscale, Gravity.CENTER);
    }

    public RenditionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(format, "format");
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
        if (quality != null && (quality < 1 || quality > 100)) {
            throw new IllegalArgumentException("quality (q=) must be 1..100, got " + quality);
        }
    }

    private static void requireSide(String what, int value) {
        if (value < 1 || value > MAX_SIDE) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_SIDE + ", got " + value);
        }
    }

    /**
     * Parses one spec such as {@code small:320x320:fit:jpg}.
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

    /** The spec in its one normalised text form, e.g. {@code small:320x320:fit:jpg:q=85}. */
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
                .append(format.extension());
        if (quality != null) {
            text.append(":q=").append(quality);
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

    /** The size of this rendition for a source of {@code srcWidth x srcHeight}; see {@link Geometry}. */
    public Dimensions targetSize(int srcWidth, int srcHeight) {
        return Geometry.targetSize(this, srcWidth, srcHeight);
    }
}
