package thumbstream.imaging.placeholder;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** One kind of placeholder a result event can carry; the name is its JSON field. */
public enum PlaceholderKind {
    BLURHASH("blurhash"),
    THUMBHASH("thumbhash"),
    DOMINANT_COLOR("dominantColor"),
    AVERAGE_COLOR("averageColor");

    private final String field;

    PlaceholderKind(String field) {
        this.field = field;
    }

    /** The JSON field name, e.g. {@code dominantColor}; also the name used in config. */
    public String field() {
        return field;
    }

    /**
     * Reads a selection such as {@code blurhash,dominantColor}; {@code all} is every kind and
     * {@code none} (or an empty string) no kind. Names are case-insensitive.
     *
     * @throws IllegalArgumentException naming the unknown entry and the valid ones
     */
    public static Set<PlaceholderKind> parseList(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
            return Set.of();
        }
        if (trimmed.equalsIgnoreCase("all")) {
            return all();
        }
        Set<PlaceholderKind> kinds = EnumSet.noneOf(PlaceholderKind.class);
        for (String entry : trimmed.split(",", -1)) {
            String wanted = entry.strip().toLowerCase(Locale.ROOT);
            kinds.add(Arrays.stream(values())
                    .filter(kind -> kind.field.toLowerCase(Locale.ROOT).equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + entry.strip()
                            + "' is not a placeholder; expected all, none or a comma-separated list of "
                            + Arrays.stream(values())
                                    .map(PlaceholderKind::field)
                                    .collect(Collectors.joining(", ")))));
        }
        return Set.copyOf(kinds);
    }

    /** Every kind: the default. */
    public static Set<PlaceholderKind> all() {
        return Set.copyOf(EnumSet.allOf(PlaceholderKind.class));
    }
}
