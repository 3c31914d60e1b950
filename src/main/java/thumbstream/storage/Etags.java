package thumbstream.storage;

/** S3 servers return single-part ETags unquoted and multipart ones quoted: compare them unquoted. */
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
        return e;
    }
}
