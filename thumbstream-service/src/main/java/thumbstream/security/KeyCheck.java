package thumbstream.security;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides whether an object key from an event may be used at all, before any request is made
 * with it. Producers are not trusted, and a key ends up in S3 request paths, in thumbnail keys, in
 * log lines and in result events.
 *
 * <p>Rejected: keys with an empty segment ({@code a//b}, a leading or trailing {@code /}),
 * {@code .} or {@code ..} segments (S3 keeps them literally, but proxies, gateways and file-backed
 * stores normalise them, so {@code thumbnails/small/../../secret} may address another object),
 * control characters (newlines and NUL forge log lines and confuse HTTP stacks), and keys whose
 * longest thumbnail key would be over S3's limit of {@value #MAX_KEY_BYTES} UTF-8 bytes. Stateless.
 */
public final class KeyCheck {

    /** S3's (and MinIO's) maximum object key length, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private KeyCheck() {}

    /**
     * Why {@code key} must not be used, or empty when it may.
     *
     * @param longestThumbnailKeyBytes how many UTF-8 bytes the longest thumbnail key made from
     *                                 {@code key} has; checked against {@link #MAX_KEY_BYTES}
     */
    public static Optional<String> problem(String key, long longestThumbnailKeyBytes) {
        if (key.isEmpty()) {
            return Optional.of("the key is empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("the key contains control character U+%04X at index %d", (int) c, i));
            }
        }
        int start = 0;
        while (start <= key.length()) {
            int end = key.indexOf('/', start);
            String segment = key.substring(start, end < 0 ? key.length() : end);
            if (segment.isEmpty()) {
                return Optional.of("the key has an empty segment (a leading, trailing or doubled '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("the key has a '" + segment + "' segment");
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        if (longestThumbnailKeyBytes > MAX_KEY_BYTES) {
            return Optional.of("its thumbnail key would be " + longestThumbnailKeyBytes + " bytes, above S3's limit of "
                    + MAX_KEY_BYTES);
        }
        return Optional.empty();
    }

    /** UTF-8 length of {@code key}. */
    public static int utf8Bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length;
    }
}
