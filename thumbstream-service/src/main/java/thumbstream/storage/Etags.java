package thumbstream.storage;

/**
 * The one ETag normaliser, for events and storage alike. S3 servers return single-part ETags
 * unquoted and multipart ones quoted, HTTP may add a weak prefix, producers add whitespace: compare
 * them trimmed, without {@code W/} and quotes. A blank ETag is unknown ({@code null}).
 */
public final class Etags {

    private Etags() {}

    public static String normalise(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.isBlank() ? null : e;
    }
}
