package thumbstream.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.event.FailureReason;
import thumbstream.upload.ResultFactory;

/**
 * Keeps one record from crash-looping the group. Something will one day kill the process on a
 * record (a native crash, a library bug): without this, each next owner of the partition reads the
 * same record and dies too.
 *
 * <p>How: every commit carries a {@link HeadMarker}. On assignment the new owner reads it; when the
 * marker is about the committed offset and says owners started there without stopping cleanly,
 * those owners died. The new owner writes the marker again with one more start, then works
 * carefully ({@link HeadStart#careful}): one record at a time, each committed before the next
 * starts, so the next death is counted against exactly the record that caused it. When the record
 * at the head has been there through {@code maxDeaths} deaths, it gets a failed result (reason
 * {@code internal}) and a dead letter without being processed again, and the partition moves on.
 *
 * <p>A lost partition (session timeout) or a stop that could not commit counts as a death too: its
 * cost is a careful start, not a dead letter, unless it happens {@code maxDeaths} times at one head.
 *
 * <p>Poll thread only (inside {@code onPartitionsAssigned}).
 */
final class CrashLoopGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CrashLoopGuard.class);

    private final int maxDeaths;
    private final ResultFactory results;
    private final Clock clock;

    /** @param maxDeaths process deaths a record may cause at the head of its partition (at least 1) */
    CrashLoopGuard(int maxDeaths, ResultFactory results, Clock clock) {
        this.maxDeaths = maxDeaths;
        this.results = results;
        this.clock = clock;
    }

    /**
     * How the workers of newly assigned partitions start, and the markers to commit before any of
     * them does (one more start at each head).
     */
    record Decision(Map<TopicPartition, HeadStart> starts, Map<TopicPartition, OffsetAndMetadata> markers) {}

    /**
     * Reads the committed offsets and markers of {@code partitions} and decides. When they cannot be
     * read, the partitions start plainly, without the guard this time: a slow coordinator must not
     * stall or fail the assignment.
     */
    Decision decide(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, HeadStart> starts = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> markers = new HashMap<>();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata om = committed.get(tp);
                long head = om != null ? om.offset() : consumer.position(tp);
                int deaths = om == null ? 0 : HeadMarker.deathsAt(head, om.metadata());
                starts.put(tp, start(tp, head, deaths));
                markers.put(tp, new OffsetAndMetadata(head, HeadMarker.working(head, deaths + 1)));
            }
            return new Decision(starts, markers);
        } catch (KafkaException e) {
            LOG.warn(
                    "could not read the committed offsets of {}; starting them without the crash-loop guard: {}",
                    partitions,
                    e.toString());
            partitions.forEach(tp -> starts.put(tp, HeadStart.plain(-1)));
            return new Decision(starts, Map.of());
        }
    }

    private HeadStart start(TopicPartition tp, long head, int deaths) {
        String ref = tp.topic() + "-" + tp.partition() + "@" + head;
        if (deaths >= maxDeaths) {
            String message = "the record was at the head of its partition through " + deaths
                    + " consecutive process deaths; dead-lettered without processing it again";
            LOG.error("failed record={} reason={} message={}", ref, FailureReason.INTERNAL.code(), message);
            Instant now = clock.instant();
            Outcome outcome = new Outcome(
                    List.of(results.unprocessed(ref, FailureReason.INTERNAL, message)),
                    new Outcome.DeadLetter(FailureReason.INTERNAL.code(), message, deaths, now, now));
            return new HeadStart(head, deaths, outcome);
        }
        if (deaths > 0) {
            LOG.warn(
                    "{}: {} earlier owner(s) died working from offset {}; working its next {} records one at a time",
                    tp,
                    deaths,
                    head,
                    HeadStart.CAREFUL_WINDOW);
        }
        return new HeadStart(head, deaths, null);
    }
}
