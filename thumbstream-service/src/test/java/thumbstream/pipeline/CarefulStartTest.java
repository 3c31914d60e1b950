package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static thumbstream.pipeline.PipelineFixtures.removal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;

/**
 * A {@link PartitionWorker} that starts after an earlier owner died ({@link HeadStart#careful}):
 * one record at a time, each only once its offset is committed; and the record at the head through
 * too many deaths gets the dead letter instead of being handled.
 */
@Timeout(30)
class CarefulStartTest {

    private static final TopicPartition TP = new TopicPartition("uploads", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final PipelineMetrics metrics = PipelineFixtures.metrics();
    private final RecordingSink sink = new RecordingSink();
    private PartitionWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.abandon();
        }
    }

    @Test
    void afterADeathEachRecordStartsAloneAndOnlyOnceItsOffsetIsCommitted() throws InterruptedException {
        // given: an owner died working from offset 10; four records of different keys, four threads
        worker = worker(new HeadStart(10, 1, null));
        for (long offset = 10; offset < 14; offset++) {
            worker.submit(removal(TP, offset, "k" + offset + ".jpg"));
        }

        // then: the head (committed on assignment) runs; the next waits for its commit
        await().atMost(WAIT).until(() -> sink.offsets.size() == 1 && worker.awaitingCommit());
        Thread.sleep(200);
        assertThat(sink.offsets).containsExactly(10L);
        assertThat(worker.inCarefulStart()).isTrue();

        // when: the poll thread commits each offset as it becomes the head
        for (long offset = 11; offset < 14; offset++) {
            long next = offset;
            await().atMost(WAIT)
                    .until(() -> worker.awaitingCommit()
                            && worker.tracker().committable().getAsLong() == next);
            worker.committedUpTo(next);
        }

        // then: in offset order, never two at once
        await().atMost(WAIT).until(() -> sink.offsets.size() == 4);
        assertThat(sink.offsets).containsExactly(10L, 11L, 12L, 13L);
        assertThat(sink.maxConcurrent.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> !worker.inCarefulStart());
    }

    @Test
    void recordsBeyondTheCarefulWindowRunAsUsual() {
        worker = worker(new HeadStart(10, 1, null));
        long beyond = 10 + HeadStart.CAREFUL_WINDOW;

        worker.submit(removal(TP, beyond, "a.jpg"));
        worker.submit(removal(TP, beyond + 1, "b.jpg"));

        await().atMost(WAIT).until(() -> sink.offsets.size() == 2);
        assertThat(worker.awaitingCommit()).isFalse();
    }

    @Test
    void theRecordAtTheHeadThroughTooManyDeathsIsDeadLetteredWithoutBeingHandled() {
        // given: the guard's verdict on offset 10
        HeadStart start = PipelineFixtures.guard()
                .decide(committedAt(10, 3), List.of(TP))
                .starts()
                .get(TP);
        worker = worker(start);

        // when: offset 10 (which would be a removal) and 11 arrive
        worker.submit(removal(TP, 10, "killer.jpg"));
        worker.submit(removal(TP, 11, "next.jpg"));
        await().atMost(WAIT).until(worker::awaitingCommit);
        worker.committedUpTo(11);
        await().atMost(WAIT).until(() -> sink.offsets.size() == 2);

        // then: 10 got the dead letter, not the removal's result; 11 was handled
        Outcome first = sink.outcomes.get(10L);
        assertThat(first.deadLetter().reason()).isEqualTo("internal");
        assertThat(first.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.FAILED);
            assertThat(r.error().reason()).isEqualTo(FailureReason.INTERNAL);
        });
        assertThat(sink.outcomes.get(11L).results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.DELETED));
        assertThat(worker.tracker().committable()).hasValue(12);
    }

    @Test
    void aStopWhileARecordWaitsForItsCommitLeavesItPending() {
        worker = worker(new HeadStart(10, 1, null));
        worker.submit(removal(TP, 10, "a.jpg"));
        worker.submit(removal(TP, 11, "b.jpg"));
        await().atMost(WAIT).until(worker::awaitingCommit);

        worker.requestStop();
        assertThat(worker.awaitStop(System.nanoTime() + WAIT.toNanos())).isTrue();

        assertThat(sink.offsets).containsExactly(10L);
        assertThat(worker.tracker().committable()).hasValue(11);
        assertThat(worker.awaitingCommit()).isFalse();
    }

    private PartitionWorker worker(HeadStart start) {
        return new PartitionWorker(TP, true, PipelineFixtures.handler(metrics), sink, 4, metrics, fatal -> {}, start);
    }

    private static CommitRecordingConsumer committedAt(long head, int starts) {
        CommitRecordingConsumer consumer = new CommitRecordingConsumer(TP);
        consumer.commitSync(Map.of(
                TP, new org.apache.kafka.clients.consumer.OffsetAndMetadata(head, HeadMarker.working(head, starts))));
        return consumer;
    }

    /** Confirms every delivery at once; records the order, the outcomes and how many ran at once. */
    private static final class RecordingSink implements ResultSink {
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        final Map<Long, Outcome> outcomes = new ConcurrentHashMap<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public void deliver(
                ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
                throws InterruptedException {
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20); // long enough for a second record to overlap, if one could
                outcomes.put(record.offset(), outcome);
                offsets.add(record.offset());
                onDelivered.run();
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
