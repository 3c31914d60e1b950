package thumbstream.security;

/**
 * Producer-controlled text made safe for a log line: event fields (bucket, key, ETag, sequencer,
 * version), record keys, and messages that quote them. Control characters, Unicode line and
 * paragraph separators and invisible format characters (bidirectional overrides among them) are
 * escaped Java-style (a newline becomes backslash, {@code u000a}), and the text is cut, so a key with a newline or an ANSI escape cannot
 * forge or recolour a log line and a 400 KB key cannot flood the log.
 */
public final class LogText {

    private static final int MAX_CHARS = 200;
    private static final int MAX_MESSAGE_CHARS = 1000;

    private LogText() {}

    /**
     * {@code text} in double quotes, cut to 200 characters and escaped (a {@code "} or {@code \} in
     * it too, so the value cannot close its quotes and fake a field); {@code null} stays {@code null}.
     */
    public static String quoted(String text) {
        if (text == null) {
            return null;
        }
        return '"' + escaped(text, MAX_CHARS, true) + '"';
    }

    /**
     * A message for the end of a log line ({@code message=…}): cut to 1,000 characters and its
     * control characters escaped, left unquoted so that the keys it quotes stay readable;
     * {@code null} stays {@code null}.
     */
    public static String message(String text) {
        if (text == null) {
            return null;
        }
        return escaped(text, MAX_MESSAGE_CHARS, false);
    }

    private static String escaped(String text, int maxChars, boolean quotes) {
        String cut = text.length() <= maxChars ? text : text.substring(0, maxChars - 3) + "...";
        StringBuilder out = new StringBuilder(cut.length() + 16);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (unsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (quotes && (c == '"' || c == '\\')) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}
