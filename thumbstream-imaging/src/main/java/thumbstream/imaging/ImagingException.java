package thumbstream.imaging;

import java.util.Objects;

/**
 * An image could not be turned into thumbnails for a reason that lies in the image itself.
 *
 * <p>Every kind is permanent for the given bytes: retrying the same input gives the same result,
 * so callers should fail the upload at once rather than retry.
 */
public final class ImagingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the image was rejected. */
    public enum Kind {
        /** A reader recognised the format but the data is broken or truncated. */
        CORRUPT,
        /** The header declares more pixels than the configured limit; nothing was decoded. */
        TOO_LARGE,
        /** No installed reader recognises the bytes as an image. */
        UNSUPPORTED
    }

    private final Kind kind;

    public ImagingException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ImagingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Returns why the image was rejected. */
    public Kind kind() {
        return kind;
    }
}
