package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OffsetCommitter} against Kafka's MockConsumer (behind {@link CommitRecordingConsumer}).
 * The partitions' progress is set directly on their workers' trackers, as workers do when the sink
 * confirms a delivery.
 */
class OffsetCommitterTest {

    private static final TopicPartition UPLOADS_0 = new TopicPartition("uploads", 0);
    private static final TopicPartition UPLOADS_1 = new TopicPartition("uploads", 1);

    private final CommitRecordingConsumer consumer = new CommitRecordingConsumer(UPLOADS_0, UPLOADS_1);
    private final OffsetCommitter committer = new OffsetCommitter(Duration.ofHours(1));
    private final Map<TopicPartition, PartitionWorker> workers = new HashMap<>();
    private final List<PartitionWorker> created = new ArrayList<>();

    @AfterEach
    void close() {
        created.forEach(PartitionWorker::abandon);
        consumer.close();
    }

    @Test
    void commitsEachPartitionsContiguousFinishedPrefix() {
        // given: uploads-0 finished 0, 1 and 3 of 0..4; uploads-1 finished all of 10..11
        OffsetTracker first = assign(UPLOADS_0).tracker();
        begin(first, 0, 4);
        finish(first, 0, 1, 3);
        OffsetTracker second = assign(UPLOADS_1).tracker();
        begin(second, 10, 11);
        finish(second, 10, 11);

        // when
        committer.commitNow(consumer, workers, workers.keySet());

        // then
        assertThat(consumer.commits())
                .containsExactly(
                        Map.of(UPLOADS_0, PipelineFixtures.working(2), UPLOADS_1, PipelineFixtures.working(12)));
        assertThat(consumer.committed(Set.of(UPLOADS_0, UPLOADS_1)))
                .containsOnly(
                        Map.entry(UPLOADS_0, PipelineFixtures.working(2)),
                        Map.entry(UPLOADS_1, PipelineFixtures.working(12)));
    }

    @Test
    void commitsOnlyThePartitionsWhoseOffsetAdvancedSinceTheLastCommit() {
        // given: both partitions committed once
        OffsetTracker first = assign(UPLOADS_0).tracker();
        begin(first, 0, 4);
        finish(first, 0, 1, 3);
        OffsetTracker second = assign(UPLOADS_1).tracker();
        begin(second, 10, 11);
        finish(second, 10, 11);
        committer.commitNow(consumer, workers, workers.keySet());

        // when: only uploads-0 closes its gap
        finish(first, 2);
        committer.commitNow(consumer, workers, workers.keySet());

        // then
        assertThat(consumer.commits()).hasSize(2);
        assertThat(consumer.commits().get(1)).isEqualTo(Map.of(UPLOADS_0, PipelineFixtures.working(4)));
        assertThat(consumer.committed(Set.of(UPLOADS_0, UPLOADS_1)))
                .containsOnly(
                        Map.entry(UPLOADS_0, PipelineFixtures.working(4)),
                        Map.entry(UPLOADS_1, PipelineFixtures.working(12)));
    }

    @Test
    void makesNoCommitCallWhileTheFinishedPrefixStaysTheSame() {
        // given: 0 of 0..2 finished and committed
        OffsetTracker tracker = assign(UPLOADS_0).tracker();
        begin(tracker, 0, 2);
        finish(tracker, 0);
        committer.commitNow(consumer, workers, workers.keySet());

        // when: 2 finishes above the gap at 1, which does not move the position
        finish(tracker, 2);
        committer.commitNow(consumer, workers, workers.keySet());
        committer.commitNow(consumer, workers, workers.keySet());

        // then: no commit call; closing the gap commits past both
        assertThat(consumer.commits()).containsExactly(Map.of(UPLOADS_0, PipelineFixtures.working(1)));
        finish(tracker, 1);
        committer.commitNow(consumer, workers, workers.keySet());
        assertThat(consumer.commits())
                .containsExactly(
                        Map.of(UPLOADS_0, PipelineFixtures.working(1)), Map.of(UPLOADS_0, PipelineFixtures.working(3)));
    }

    @Test
    void commitsNothingForAPartitionThatHasNotBegunAnyWork() {
        assign(UPLOADS_0);

        committer.commitNow(consumer, workers, workers.keySet());

        assertThat(consumer.commits()).isEmpty();
    }

    @Test
    void commitsOnlyThePartitionsItIsAskedToCommitNow() {
        // given: both partitions have progress
        OffsetTracker first = assign(UPLOADS_0).tracker();
        begin(first, 0, 0);
        finish(first, 0);
        OffsetTracker second = assign(UPLOADS_1).tracker();
        begin(second, 0, 0);
        finish(second, 0);

        // when: uploads-1 is revoked
        committer.commitNow(consumer, workers, List.of(UPLOADS_1));

        // then
        assertThat(consumer.commits()).containsExactly(Map.of(UPLOADS_1, PipelineFixtures.working(1)));
    }

    @Test
    void commitsAFreshPartitionPositionAgainAfterForgettingThePartition() {
        // given: uploads-0 committed at 2, then revoked
        OffsetTracker before = assign(UPLOADS_0).tracker();
        begin(before, 0, 1);
        finish(before, 0, 1);
        committer.commitNow(consumer, workers, workers.keySet());
        committer.forget(List.of(UPLOADS_0));

        // when: it is assigned again and its new worker is at 2 as well
        OffsetTracker after = assign(UPLOADS_0).tracker();
        begin(after, 2, 2);
        committer.commitNow(consumer, workers, workers.keySet());

        // then: the position is committed, not taken for already committed
        assertThat(consumer.commits())
                .containsExactly(
                        Map.of(UPLOADS_0, PipelineFixtures.working(2)), Map.of(UPLOADS_0, PipelineFixtures.working(2)));
    }

    @Test
    void waitsForTheIntervalBetweenPeriodicCommits() {
        OffsetTracker tracker = assign(UPLOADS_0).tracker();
        begin(tracker, 0, 0);
        finish(tracker, 0);

        committer.maybeCommit(consumer, workers);

        assertThat(consumer.commits()).isEmpty();
    }

    @Test
    void periodicCommitsAlsoCommitOnlyAdvancedOffsets() {
        // given: no interval, so every pass may commit
        OffsetCommitter eager = new OffsetCommitter(Duration.ZERO);
        OffsetTracker tracker = assign(UPLOADS_0).tracker();
        begin(tracker, 0, 2);
        finish(tracker, 0);

        // when: three passes, progress only before the first and the third
        eager.maybeCommit(consumer, workers);
        eager.maybeCommit(consumer, workers);
        finish(tracker, 1);
        eager.maybeCommit(consumer, workers);

        // then
        assertThat(consumer.commits())
                .containsExactly(
                        Map.of(UPLOADS_0, PipelineFixtures.working(1)), Map.of(UPLOADS_0, PipelineFixtures.working(2)));
        assertThat(consumer.committed(Set.of(UPLOADS_0))).containsEntry(UPLOADS_0, PipelineFixtures.working(2));
    }

    private PartitionWorker assign(TopicPartition tp) {
        PartitionWorker worker = new PartitionWorker(
                tp,
                true,
                PipelineFixtures.handler(PipelineFixtures.metrics()),
                (record, outcome, stopping, onDelivered) -> onDelivered.run(),
                1,
                PipelineFixtures.metrics(),
                fatal -> {});
        created.add(worker);
        workers.put(tp, worker);
        return worker;
    }

    private static void begin(OffsetTracker tracker, long fromInclusive, long toInclusive) {
        for (long o = fromInclusive; o <= toInclusive; o++) {
            tracker.begin(o);
        }
    }

    private static void finish(OffsetTracker tracker, long... offsets) {
        for (long o : offsets) {
            tracker.complete(o);
        }
    }
}
