package thumbstream.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import thumbstream.event.ThumbnailEvent;

/**
 * The last few result events this instance delivered, newest first, for the status page. A ring of
 * at most {@link #capacity()} events: a producer that floods the uploads topic moves the window, it
 * cannot grow it. Only this instance's results (each instance delivers those of its partitions).
 *
 * <p>Concurrency: every partition worker calls {@link #accept} once its result was acknowledged;
 * the HTTP threads call {@link #latest}. One lock around a small deque is enough at that rate.
 */
public final class LatestResults implements Consumer<ThumbnailEvent> {

    /** What the status page shows. */
    public static final int DEFAULT_CAPACITY = 20;

    private final int capacity;
    private final ArrayDeque<ThumbnailEvent> ring;

    public LatestResults(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    /** Records a delivered result, dropping the oldest when full. */
    @Override
    public synchronized void accept(ThumbnailEvent result) {
        if (result == null) {
            return;
        }
        if (ring.size() == capacity) {
            ring.removeLast();
        }
        ring.addFirst(result);
    }

    /** A copy, newest first. */
    public synchronized List<ThumbnailEvent> latest() {
        return new ArrayList<>(ring);
    }

    public int capacity() {
        return capacity;
    }
}
