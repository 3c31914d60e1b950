package thumbstream.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids for {@link ThumbnailEvent}s, so a consumer can drop duplicates: a crash or rebalance
 * may process an upload twice (at-least-once), and both results then carry the same id.
 *
 * <p>The id is the first 32 hex characters (128 bits) of SHA-256 over
 * {@code bucket NUL key NUL etag NUL renditionSet}, UTF-8. NUL separates the parts because it cannot
 * occur in S3 bucket names or (in practice) keys, so {@code ("ab","c")} and {@code ("a","bc")} differ.
 * The formula is part of the event format: other tools may recompute it, so it must not change.
 */
public final class ResultIds {

    private static final HexFormat HEX = HexFormat.of();

    private ResultIds() {}

    /**
     * The result id for one rendering of one object version.
     *
     * @param bucket source bucket
     * @param key source object key
     * @param etag source ETag; null (unknown) is treated as empty
     * @param renditionSet a canonical description of the configured renditions, so changing the
     *     config yields new ids
     * @return 32 lowercase hex characters
     */
    public static String idFor(String bucket, String key, String etag, String renditionSet) {
        // Null parts hash as empty rather than throw: an invalid event may not know its bucket or key
        // and still needs an id for its failure event.
        String joined = String.join("\0", orEmpty(bucket), orEmpty(key), orEmpty(etag), orEmpty(renditionSet));
        byte[] hash = sha256().digest(joined.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(hash, 0, 16);
    }

    private static String orEmpty(String part) {
        return part == null ? "" : part;
    }

    private static MessageDigest sha256() {
        try {
            // A new instance per call: MessageDigest is not thread-safe, and creating one is cheap.
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
