package thumbstream.config;

/** The topics the service reads and writes. */
public record Topics(String uploads, String results, String deadLetters) {

    public static final Topics DEFAULT = new Topics("uploads", "thumbnails", "uploads.dlq");
}
