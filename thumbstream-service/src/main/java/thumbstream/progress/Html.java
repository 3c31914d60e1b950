package thumbstream.progress;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Escaping for the status page. Everything shown there comes from producers (keys, buckets, job
 * ids, error messages, even placeholder colours), so every text goes through {@link #text} and
 * nothing else reaches the markup. Stateless.
 */
final class Html {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    private Html() {}

    /**
     * {@code value} cut to {@code maxChars} (with "…") and escaped for a text node or a quoted
     * attribute value: {@code & < > " '} as entities, control and invisible formatting characters
     * (newlines, bidi overrides that would make a key look like another) as a visible
     * {@code \\uXXXX}. {@code null} is the empty string.
     */
    static String text(String value, int maxChars) {
        if (value == null) {
            return "";
        }
        String cut = value;
        if (value.length() > maxChars) {
            int end = Math.max(0, maxChars - 1);
            if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
                end--; // never split a surrogate pair
            }
            cut = value.substring(0, end) + "…";
        }
        StringBuilder out = new StringBuilder(cut.length() + 16);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (invisible(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The colour in lower case when it is exactly {@code #rrggbb}; anything else is not used in markup. */
    static Optional<String> colour(String value) {
        return value != null && COLOUR.matcher(value).matches()
                ? Optional.of(value.toLowerCase(java.util.Locale.ROOT))
                : Optional.empty();
    }

    private static boolean invisible(char c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}
