package thumbstream.pipeline;

import java.time.Instant;
import java.util.List;
import thumbstream.event.ThumbnailEvent;

/**
 * What handling one Kafka record produced: the result events to publish (none for ignored records)
 * and, when the record itself could not be processed, why it belongs on the dead-letter topic.
 */
record Outcome(List<ThumbnailEvent> results, DeadLetter deadLetter) {

    /** Why a record goes to the DLQ, for its headers. */
    record DeadLetter(String reason, String message, int attempts, Instant firstError, Instant lastError) {}

    static Outcome of(List<ThumbnailEvent> results) {
        return new Outcome(List.copyOf(results), null);
    }

    /** The same outcome, its results marked as coming from the share group's {@code count}-th delivery. */
    Outcome withDeliveryCount(int count) {
        return new Outcome(results.stream().map(r -> r.withDeliveryCount(count)).toList(), deadLetter);
    }
}
