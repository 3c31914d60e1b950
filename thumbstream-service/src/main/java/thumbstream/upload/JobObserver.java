package thumbstream.upload;

/**
 * Told what a {@link ThumbnailJob} did, for metrics; implementations must be thread-safe and fast.
 * The job knows nothing about how the numbers are kept.
 */
public interface JobObserver {

    JobObserver NONE = new JobObserver() {};

    /** An original of {@code bytes} bytes was downloaded. */
    default void downloaded(long bytes) {}

    /** One decode plus all renditions of one upload took {@code nanos}. */
    default void rendered(long nanos) {}

    /** A thumbnail of {@code bytes} bytes was stored. */
    default void stored(long bytes) {}

    /**
     * A render passed its deadline (THUMBSTREAM_RENDER_TIMEOUT): the upload failed {@code too-large}
     * and the render was interrupted, though it may still hold a CPU permit until it really ends.
     */
    default void renderTimedOut() {}
}
