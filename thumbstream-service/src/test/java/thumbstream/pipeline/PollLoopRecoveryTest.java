package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static thumbstream.pipeline.PipelineFixtures.removal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop's hard paths on Kafka's MockConsumer: aborted transactions in a row, a lost
 * partition, a halt after a fatal error, and a commit that fails while partitions are revoked.
 * Real workers and handler over an in-memory store; records are removals (no image work).
 */
class PollLoopRecoveryTest {

    private static final TopicPartition P0 = new TopicPartition("uploads", 0);
    private static final TopicPartition P1 = new TopicPartition("uploads", 1);
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ListenerCapturingConsumer consumer = new ListenerCapturingConsumer();
    private final PipelineMetrics metrics = PipelineFixtures.metrics();
    private final RecordHandler handler = PipelineFixtures.handler(metrics);
    private final GateSink sink = new GateSink();
    private final List<Thread> threads = new ArrayList<>();
    private PollLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        sink.open();
        if (loop != null) {
            loop.shutdown();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Test
    void aLostPartitionIsAbandonedWithoutACommitWhileTheOthersGoOn() {
        start(new OffsetCommitter(Duration.ZERO), P0, P1);
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 2)); // held at the sink: not finished
        await().atMost(WAIT).until(() -> loop.inFlight() == 2);

        consumer.schedulePollTask(() -> consumer.listener().onPartitionsLost(List.of(P0)));
        await().atMost(WAIT).until(() -> loop.assignedPartitions() == 1);
        sink.open();
        consumer.schedulePollTask(() -> addRemovals(P1, 0, 3));
        await().atMost(WAIT).until(() -> committed(P1) == 3);

        // someone else may own P0 already: nothing of its abandoned work is committed
        assertThat(consumer.commits().stream().filter(c -> c.containsKey(P0)))
                .allSatisfy(c -> assertThat(c.get(P0).offset()).isZero());
        assertThat(loop.hasFailed()).isFalse();
    }

    @Test
    void aHaltStopsAtOnceClosesTheConsumerAndCommitsNothingMore() throws InterruptedException {
        start(new OffsetCommitter(Duration.ZERO), P0);
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 3)); // held at the sink
        await().atMost(WAIT).until(() -> loop.inFlight() == 3);
        int commitsBefore = consumer.commits().size();

        loop.haltWithoutCommitting(new OutOfMemoryError("test"));
        threads.get(0).join(10_000);

        assertThat(threads.get(0).isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
        assertThat(loop.hasFailed()).isTrue();
        assertThat(consumer.commits()).hasSize(commitsBefore);
        assertThat(consumer.commits())
                .allSatisfy(c -> assertThat(c.get(P0).offset()).isZero());
    }

    @Test
    void afterThreeDeathsAtTheHeadThePartitionMovesOnCommittingEachRecordBeforeTheNextStarts() {
        // given: three owners in a row started at offset 0 of P0 and never stopped cleanly
        sink.open();
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(0, HeadMarker.working(0, 3))));
        int before = consumer.commits().size();
        start(new OffsetCommitter(Duration.ofHours(1)), P0); // no periodic commits: only careful ones

        // when
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 3));
        // (offset 3, after the last record, waits for the next periodic commit)
        await().atMost(WAIT).until(() -> sink.delivered() == 3 && committed(P0) == 2);

        // then: a fourth start is marked at the head, then each record's offset is committed as it
        // becomes the head, before that record starts
        assertThat(consumer.commits().subList(before, consumer.commits().size()))
                .extracting(c -> c.get(P0))
                .startsWith(
                        new OffsetAndMetadata(0, HeadMarker.working(0, 4)),
                        PipelineFixtures.working(1),
                        PipelineFixtures.working(2));
        assertThat(sink.delivered()).isEqualTo(3);
        assertThat(loop.hasFailed()).isFalse();
    }

    @Test
    void aFatalCommitErrorHaltsTheLoopWithoutAnyFurtherCommit() throws InterruptedException {
        sink.open();
        FatalOnce committer = new FatalOnce();
        start(committer, P0);
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 3));
        await().atMost(WAIT).until(() -> sink.delivered() == 3);
        int commitsBefore = consumer.commits().size();

        committer.failNext.set(true);
        threads.get(0).join(10_000);

        assertThat(threads.get(0).isAlive()).isFalse();
        assertThat(loop.hasFailed()).isTrue();
        assertThat(consumer.closed()).isTrue();
        assertThat(consumer.commits()).as("no final commit after a fatal error").hasSize(commitsBefore);
    }

    @Test
    void fiveAbortedTransactionsInARowMeanTheLoopMakesNoProgress() {
        Aborting committer = new Aborting();
        start(committer, P0);
        assertThat(loop.makesProgress()).isTrue();

        committer.aborts.set(PollLoop.MAX_ABORTS_IN_A_ROW);

        assertThat(loop.makesProgress()).isFalse();
    }

    @Test
    void aCommitThatFailsOnRevokeStillHandsThePartitionOverAndTheLoopGoesOn() {
        sink.open();
        start(new OffsetCommitter(Duration.ofHours(1)), P0, P1); // only revoke and shutdown commit
        consumer.schedulePollTask(() -> addRemovals(P0, 0, 2));
        await().atMost(WAIT).until(() -> sink.delivered() == 2);

        consumer.failCommits.set(true);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(WAIT).until(() -> loop.assignedPartitions() == 1);
        consumer.failCommits.set(false);

        assertThat(loop.hasFailed()).isFalse();
        assertThat(committed(P0)).isZero(); // the assignment's marker only: the next owner repeats that work
        consumer.schedulePollTask(() -> addRemovals(P1, 0, 2));
        await().atMost(WAIT).until(() -> sink.delivered() == 4);
        assertThat(loop.assignedPartitions()).isEqualTo(1);
    }

    private void start(Committer committer, TopicPartition... assigned) {
        Map<TopicPartition, Long> beginning = new HashMap<>();
        for (TopicPartition tp : assigned) {
            beginning.put(tp, 0L);
        }
        consumer.updateBeginningOffsets(beginning);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(assigned)));
        loop = new PollLoop(
                consumer,
                List.of("uploads"),
                (tp, start) -> new PartitionWorker(tp, true, handler, sink, 4, metrics, fatal -> {}, start),
                committer,
                PipelineFixtures.guard(),
                8,
                BOUND);
        Thread t = new Thread(loop, "test-poll");
        threads.add(t);
        t.start();
    }

    private void addRemovals(TopicPartition tp, long from, int count) {
        for (long offset = from; offset < from + count; offset++) {
            consumer.addRecord(removal(tp, offset, "originals/" + tp.partition() + "-" + offset + ".jpg"));
        }
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata om = consumer.committed(Set.of(tp)).get(tp);
        return om == null ? -1L : om.offset();
    }

    /** Keeps the rebalance listener the loop subscribed with; can fail commits on request. */
    private static final class ListenerCapturingConsumer extends CommitRecordingConsumer {
        final AtomicBoolean failCommits = new AtomicBoolean();
        private volatile ConsumerRebalanceListener listener;

        ConsumerRebalanceListener listener() {
            return listener;
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
            listener = callback;
            super.subscribe(topics, callback);
        }

        /**
         * As the broker answers: the last commit, metadata included. (MockConsumer answers offset 0
         * without metadata for a partition not yet assigned, which inside onPartitionsAssigned it is not.)
         */
        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> last = new HashMap<>();
            commits()
                    .forEach(c -> c.forEach((tp, om) -> {
                        if (partitions.contains(tp)) {
                            last.put(tp, om);
                        }
                    }));
            return last;
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (failCommits.get()) {
                throw new KafkaException("test: the commit failed");
            }
            super.commitSync(offsets);
        }
    }

    /** Commits as at-least-once does, reporting as many aborted transactions in a row as it is told. */
    private static final class Aborting implements Committer {
        final AtomicInteger aborts = new AtomicInteger();
        private final OffsetCommitter delegate = new OffsetCommitter(Duration.ZERO);

        @Override
        public int abortsInARow() {
            return aborts.get();
        }

        @Override
        public void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers) {
            delegate.maybeCommit(consumer, workers);
        }

        @Override
        public void commitNow(
                Consumer<byte[], byte[]> consumer,
                Map<TopicPartition, PartitionWorker> workers,
                Collection<TopicPartition> partitions) {
            delegate.commitNow(consumer, workers, partitions);
        }

        @Override
        public void commitStopped(
                Consumer<byte[], byte[]> consumer,
                Map<TopicPartition, PartitionWorker> workers,
                Collection<TopicPartition> partitions) {
            delegate.commitStopped(consumer, workers, partitions);
        }

        @Override
        public CommitPositions positions() {
            return delegate.positions();
        }
    }

    /** Commits as at-least-once does, until told to fail as a fenced transactional producer would. */
    private static final class FatalOnce implements Committer {
        final AtomicBoolean failNext = new AtomicBoolean();
        private final OffsetCommitter delegate = new OffsetCommitter(Duration.ZERO);

        @Override
        public void maybeCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, PartitionWorker> workers) {
            if (failNext.get()) {
                throw new TransactionalCommitter.FatalCommitException("test: producer fenced", null);
            }
            delegate.maybeCommit(consumer, workers);
        }

        @Override
        public void commitNow(
                Consumer<byte[], byte[]> consumer,
                Map<TopicPartition, PartitionWorker> workers,
                Collection<TopicPartition> partitions) {
            delegate.commitNow(consumer, workers, partitions);
        }

        @Override
        public void commitStopped(
                Consumer<byte[], byte[]> consumer,
                Map<TopicPartition, PartitionWorker> workers,
                Collection<TopicPartition> partitions) {
            delegate.commitStopped(consumer, workers, partitions);
        }

        @Override
        public CommitPositions positions() {
            return delegate.positions();
        }
    }
}
