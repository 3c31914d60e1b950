package thumbstream.imaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import thumbstream.imaging.RenditionSpec.Format;
import thumbstream.imaging.RenditionSpec.Gravity;
import thumbstream.imaging.RenditionSpec.Mode;

/**
 * Reads the {@code name:WxH[:mode[:format[+format...][:option...]]]} syntax of {@link RenditionSpec};
 * the mode {@code crop} may name a gravity, {@code crop=center|smart|focus}.
 *
 * <p>The specs come from an operator's config, so every error message quotes the offending text
 * and says what would be accepted instead. Range checks live in the record's constructor; this
 * class only adds the quoted text to them.
 */
final class RenditionSpecParser {

    private static final String SYNTAX = "NAME:WIDTHxHEIGHT[:MODE[:FORMAT[+FORMAT...][:OPTION...]]]";
    private static final String EXAMPLE = "small:320x320:fit:jpg";
    // Digits are capped so absurd numbers reach the range check instead of overflowing int.
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})[xX](\\d{1,9})");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    private RenditionSpecParser() {}

    static RenditionSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("rendition spec is empty; expected " + SYNTAX + ", e.g. " + EXAMPLE);
        }
        String trimmed = text.strip();
        String[] parts = trimmed.split(":", -1);
        String name = parts[0].strip();
        Matcher size = parts.length > 1 ? SIZE.matcher(parts[1].strip()) : null;
        if (size == null || !size.matches()) {
            String exampleName = RenditionSpec.NAME.matcher(name).matches() ? name : "small";
            throw new IllegalArgumentException(
                    "'" + trimmed + "' needs WIDTHxHEIGHT, e.g. " + exampleName + ":320x320:fit:jpg");
        }
        String modeText = parts.length > 2 ? parts[2] : "fit";
        int equals = modeText.indexOf('=');
        Mode mode = mode(trimmed, equals < 0 ? modeText : modeText.substring(0, equals));
        Gravity gravity = equals < 0 ? Gravity.CENTER : gravity(trimmed, mode, modeText.substring(equals + 1));
        List<Format> formats = parts.length > 3 ? formats(trimmed, parts[3]) : List.of(Format.JPG);
        Integer allQuality = null;
        Map<Format, Integer> qualities = new EnumMap<>(Format.class);
        Integer effort = null;
        Integer speed = null;
        boolean upscale = false;
        for (int i = 4; i < parts.length; i++) {
            String option = parts[i].strip().toLowerCase(Locale.ROOT);
            if (option.equals("upscale")) {
                if (upscale) {
                    throw twice(trimmed, "upscale");
                }
                upscale = true;
            } else if (option.startsWith("q=")) {
                if (allQuality != null) {
                    throw twice(trimmed, "q");
                }
                allQuality = number(trimmed, "q", option.substring(2), "1..100");
            } else if (option.contains(".q=")) {
                Format format = format(trimmed, option.substring(0, option.indexOf(".q=")));
                if (qualities.containsKey(format)) {
                    throw twice(trimmed, format.extension() + ".q");
                }
                qualities.put(format, number(trimmed, "q", option.substring(option.indexOf(".q=") + 3), "1..100"));
            } else if (option.startsWith("effort=")) {
                if (effort != null) {
                    throw twice(trimmed, "effort");
                }
                effort = number(trimmed, "effort", option.substring(7), "0..6");
            } else if (option.startsWith("speed=")) {
                if (speed != null) {
                    throw twice(trimmed, "speed");
                }
                speed = number(trimmed, "speed", option.substring(6), "0..9");
            } else {
                throw new IllegalArgumentException("'" + trimmed + "': unknown option '" + parts[i].strip()
                        + "'; valid options: q=1..100, webp.q=, avif.q=, jpg.q=, effort=0..6 (webp), "
                        + "speed=0..9 (avif), upscale");
            }
        }
        if (allQuality != null) {
            // q= is every format's quality; a format's own jpg.q=/webp.q=/avif.q= wins over it.
            for (Format format : formats) {
                qualities.putIfAbsent(format, allQuality);
            }
        }
        try {
            return new RenditionSpec(
                    name,
                    Integer.parseInt(size.group(1)),
                    Integer.parseInt(size.group(2)),
                    mode,
                    formats,
                    qualities,
                    effort,
                    speed,
                    upscale,
                    gravity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "': " + e.getMessage(), e);
        }
    }

    static List<RenditionSpec> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new IllegalArgumentException("no renditions given; expected a comma-separated list, e.g. " + EXAMPLE
                    + ",medium:1024x1024:fit:jpg");
        }
        List<RenditionSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : commaSeparated.split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalArgumentException(
                        "'" + commaSeparated.strip() + "' has an empty entry; remove the extra comma");
            }
            RenditionSpec spec = parse(entry);
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException(
                        "rendition name '" + spec.name() + "' is used twice; each rendition needs its own name");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    private static IllegalArgumentException twice(String spec, String option) {
        return new IllegalArgumentException("'" + spec + "' sets " + option + " twice; keep one");
    }

    private static Integer number(String spec, String option, String digits, String range) {
        if (!DIGITS.matcher(digits).matches()) {
            throw new IllegalArgumentException(
                    "'" + spec + "': " + option + " must be a number " + range + ", got '" + digits + "'");
        }
        return Integer.valueOf(digits);
    }

    /** {@code jpg}, {@code jpg+webp+avif}: one or more formats joined by '+'. */
    private static List<Format> formats(String spec, String text) {
        List<Format> formats = new ArrayList<>();
        for (String part : text.split("\\+", -1)) {
            Format format = format(spec, part);
            if (formats.contains(format)) {
                throw new IllegalArgumentException(
                        "'" + spec + "' names format " + format.extension() + " twice; keep one");
            }
            formats.add(format);
        }
        return formats;
    }

    private static Mode mode(String spec, String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(Mode.values())
                .filter(mode -> mode.label().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + spec + "': unknown mode '" + text.strip()
                        + "'; valid modes: " + labels(Mode.values(), Mode::label)));
    }

    private static Gravity gravity(String spec, Mode mode, String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        if (mode != Mode.CROP) {
            throw new IllegalArgumentException("'" + spec + "': only crop takes a gravity (crop=" + wanted + "); "
                    + mode.label() + " shows the whole picture");
        }
        // "centre" is how half the world spells it; both mean the plain crop.
        String normalised = wanted.equals("centre") ? "center" : wanted;
        return Arrays.stream(Gravity.values())
                .filter(gravity -> gravity.label().equals(normalised))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + spec + "': unknown crop gravity '"
                        + text.strip() + "'; valid gravities: " + labels(Gravity.values(), Gravity::label)
                        + ", e.g. crop=smart (plain crop is center)"));
    }

    private static Format format(String spec, String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        // "jpeg" is what people type as often as "jpg"; both mean the same output.
        String normalised = wanted.equals("jpeg") ? "jpg" : wanted;
        return Arrays.stream(Format.values())
                .filter(format -> format.extension().equals(normalised))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + spec + "': unknown format '" + text.strip()
                        + "'; valid formats: " + labels(Format.values(), Format::extension)));
    }

    private static <T> String labels(T[] values, Function<T, String> label) {
        return Arrays.stream(values).map(label).collect(Collectors.joining(", "));
    }
}
