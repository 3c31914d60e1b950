package thumbstream.event;

/**
 * The headers a dead letter on {@code uploads.dlq} carries next to the original record's key,
 * value and headers: why it failed and where it came from. Part of the public event format (README
 * "Dead letters and replay"); written by the pipeline, read by {@code replay-dlq}. Values are UTF-8.
 */
public final class DeadLetterHeaders {

    /** The failure reason code, as in {@link FailureReason#code()}. */
    public static final String REASON = "thumbstream.reason";

    public static final String MESSAGE = "thumbstream.message";
    public static final String ATTEMPTS = "thumbstream.attempts";
    /** The topic the record came from: where {@code replay-dlq} republishes it. */
    public static final String SOURCE_TOPIC = "thumbstream.source.topic";

    public static final String SOURCE_PARTITION = "thumbstream.source.partition";
    public static final String SOURCE_OFFSET = "thumbstream.source.offset";
    public static final String FIRST_ERROR_TIME = "thumbstream.first.error.time";
    public static final String LAST_ERROR_TIME = "thumbstream.last.error.time";
    /** Present when the dead letter was cut to fit: which parts ({@code value}, {@code key}, {@code headers}). */
    public static final String TRUNCATED = "thumbstream.truncated";
    /** With {@link #TRUNCATED}: the original value's size in bytes. */
    public static final String ORIGINAL_SIZE = "thumbstream.original.size";
    /** With {@link #TRUNCATED} when the key was cut: the original key's size in UTF-8 bytes. */
    public static final String ORIGINAL_KEY_SIZE = "thumbstream.original.key.size";

    private DeadLetterHeaders() {}
}
