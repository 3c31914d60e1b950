package thumbstream.security;

/**
 * Producer-controlled text (bucket names, object keys, record keys) made safe for a log line: cut
 * to 200 characters and control characters escaped, so a key with a newline cannot forge a log
 * line and a 400 KB key cannot flood the log.
 */
public final class LogText {

    private static final int MAX_CHARS = 200;

    private LogText() {}

    /** {@code text} in double quotes, cut and escaped; {@code null} stays {@code null}. */
    public static String quoted(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 3) + "...";
        StringBuilder out = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
