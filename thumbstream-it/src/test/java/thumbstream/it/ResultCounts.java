package thumbstream.it;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import thumbstream.event.ThumbnailEvent;

/** Counts over the results a test read from the results topic, for the in-process and container ITs. */
public final class ResultCounts {

    private ResultCounts() {}

    /** Results per object key with this status. */
    public static Map<String, Long> countByKey(List<ThumbnailEvent> results, ThumbnailEvent.Status status) {
        return results.stream()
                .filter(r -> r.status() == status)
                .collect(Collectors.groupingBy(ThumbnailEvent::key, Collectors.counting()));
    }

    /**
     * How many results per key say the thumbnails are there: completed, or skipped because a
     * repeated event (a redo after a kill, a fenced zombie's work, an outage) found the thumbnails it
     * had already written current.
     */
    public static Map<String, Long> doneByKey(List<ThumbnailEvent> results) {
        return results.stream()
                .filter(r -> isDone(r.status()))
                .collect(Collectors.groupingBy(ThumbnailEvent::key, Collectors.counting()));
    }

    public static boolean isDone(ThumbnailEvent.Status status) {
        return status == ThumbnailEvent.Status.COMPLETED || status == ThumbnailEvent.Status.SKIPPED;
    }

    public static long distinctKeys(List<ThumbnailEvent> results) {
        return results.stream().map(ThumbnailEvent::key).distinct().count();
    }
}
