package thumbstream.storage;

/** A storage operation that failed, classified so the caller can decide between retry and failure. */
public final class StorageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** The object (or its bucket) does not exist: retrying will not help. */
        NOT_FOUND,
        /** The object is larger than the caller allows: it was not downloaded. */
        TOO_LARGE,
        /** Network trouble, timeouts, 5xx, throttling: the same call may succeed later. */
        TRANSIENT,
        /** Access denied, bad request and the like: retrying will not help. */
        PERMANENT
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
