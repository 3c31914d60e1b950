package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.pipeline.PipelineFixtures.removal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PartitionWorker} with a real {@link RecordHandler} (removal events over an in-memory
 * store) and a scripted {@link ResultSink} that can hold a record's delivery until the test opens
 * its gate. Every wait is on a latch or bounded by the test timeout.
 */
@Timeout(30)
class PartitionWorkerTest {

    private static final TopicPartition TP = new TopicPartition("uploads", 0);

    private final ScriptedSink sink = new ScriptedSink();
    private final PipelineMetrics metrics = PipelineFixtures.metrics();
    private final RecordHandler handler = PipelineFixtures.handler(metrics);
    private final List<PartitionWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        sink.openAll();
        workers.forEach(PartitionWorker::abandon);
    }

    @Test
    void makesAnOffsetCommittableOnlyAfterTheSinkConfirmedDelivery() throws InterruptedException {
        // given: the sink has the outcome of offset 0 but has not confirmed it
        PartitionWorker worker = worker(2);
        CountDownLatch gate = sink.hold(0);
        worker.submit(removal(TP, 0, "a.jpg"));
        sink.awaitEntered(0);

        // then: handled is not enough
        assertThat(worker.tracker().committable()).hasValue(0);
        assertThat(worker.tracker().pendingCount()).isEqualTo(1);

        // when: the sink confirms
        gate.countDown();
        sink.awaitDelivered(1);

        // then
        assertThat(worker.tracker().committable()).hasValue(1);
        assertThat(worker.tracker().pendingCount()).isZero();
    }

    @Test
    void leavesAnOffsetPendingWhenTheSinkGivesUpWithoutConfirming() throws InterruptedException {
        // given: the sink gives up on offset 0 (as it does when stopping), delivers the others
        PartitionWorker worker = worker(2);
        sink.refuse(0);

        // when
        worker.submit(removal(TP, 0, "a.jpg"));
        worker.submit(removal(TP, 1, "b.jpg"));
        worker.submit(removal(TP, 2, "c.jpg"));
        sink.awaitDelivered(2);
        awaitIdle(worker);

        // then: offset 0 holds the commit position although 1 and 2 are done
        assertThat(sink.deliveredOffsets()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(worker.tracker().committable()).hasValue(0);
        assertThat(worker.tracker().pendingCount()).isEqualTo(1);
    }

    @Test
    void deliversRecordsWithTheSameKeyInOffsetOrderWhileOtherKeysOvertake() throws InterruptedException {
        // given: 200 records over five object keys, the first record of k0 held in the sink
        PartitionWorker worker = worker(4);
        int total = 200;
        Random random = new Random(20250101);
        Map<Long, String> keyOf = new HashMap<>();
        keyOf.put(0L, "k0");
        for (long o = 1; o < total; o++) {
            keyOf.put(o, "k" + random.nextInt(5));
        }
        long otherKeys = keyOf.values().stream().filter(k -> !k.equals("k0")).count();
        CountDownLatch firstOfK0 = sink.hold(0);

        // when
        for (long o = 0; o < total; o++) {
            worker.submit(removal(TP, o, keyOf.get(o)));
        }

        // then: every other key's records get through while k0's first one is held...
        sink.awaitDelivered((int) otherKeys);
        assertThat(sink.delivered()).extracting(PartitionWorkerTest::objectKey).doesNotContain("k0");

        // ...and once released, each key's records were delivered in offset order
        firstOfK0.countDown();
        sink.awaitDelivered(total);
        Map<String, List<Long>> offsetsByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : sink.delivered()) {
            offsetsByKey.computeIfAbsent(objectKey(r), k -> new ArrayList<>()).add(r.offset());
        }
        offsetsByKey.forEach(
                (key, offsets) -> assertThat(offsets).as("offsets of %s", key).isSorted());
        assertThat(worker.tracker().committable()).hasValue(total);
    }

    @Test
    void afterAStopRequestFillsTheGapsBelowTheHighestStartedOffsetButStartsNothingAbove() throws InterruptedException {
        // given: two threads; a@0 is held, b@1 is delivered, so c@3 starts (held too). That leaves a@2
        // waiting behind a@0 (a gap below the highest started offset, 3) and d@4 waiting for a thread.
        PartitionWorker worker = worker(2);
        CountDownLatch a0 = sink.hold(0);
        CountDownLatch c3 = sink.hold(3);
        worker.submit(removal(TP, 0, "a"));
        worker.submit(removal(TP, 1, "b"));
        worker.submit(removal(TP, 2, "a"));
        worker.submit(removal(TP, 3, "c"));
        worker.submit(removal(TP, 4, "d"));
        sink.awaitEntered(0);
        sink.awaitEntered(3);

        // when
        worker.requestStop();
        a0.countDown();
        c3.countDown();
        boolean stopped = worker.awaitStop(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));

        // then: the gap a@2 was filled, d@4 was never handled and stays pending for the next owner
        assertThat(stopped).as("stopped in time").isTrue();
        assertThat(sink.deliveredOffsets()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertThat(sink.enteredOffsets()).doesNotContain(4L);
        assertThat(worker.tracker().committable()).hasValue(4);
        assertThat(worker.backlog()).isZero();
    }

    /**
     * The safety half of a stop's contract, on many random interleavings: once stopped, every
     * record below the commit position was delivered, so committing it loses nothing.
     */
    @Test
    void afterAStopTheCommitPositionNeverPassesAnUndeliveredRecord() throws InterruptedException {
        Random random = new Random(42);
        for (int round = 0; round < 30; round++) {
            StoppedRound stopped = stopMidStream(round, random);

            assertThat(stopped.delivered())
                    .as("round %d: delivered offsets", round)
                    .containsAll(LongStream.range(0, stopped.position()).boxed().toList());
        }
    }

    /**
     * The other half, on the same interleavings: nothing delivered lies above the commit position
     * (the next owner would process it and publish its result again).
     */
    @Test
    void afterAStopTheCommitPositionCoversEveryDeliveredRecord() throws InterruptedException {
        Random random = new Random(42);
        for (int round = 0; round < 30; round++) {
            StoppedRound stopped = stopMidStream(round, random);

            assertThat(stopped.delivered())
                    .as("round %d: delivered offsets", round)
                    .allMatch(o -> o < stopped.position(), "below the commit position " + stopped.position());
        }
    }

    private record StoppedRound(long position, Set<Long> delivered) {}

    /** 100 records over six keys on four threads, a stop requested after a random number started. */
    private StoppedRound stopMidStream(int round, Random random) throws InterruptedException {
        ScriptedSink roundSink = new ScriptedSink();
        TopicPartition tp = new TopicPartition("uploads", round);
        PartitionWorker worker = track(new PartitionWorker(tp, true, handler, roundSink, 4, metrics, fatal -> {}));
        int total = 100;
        int stopAfter = 1 + random.nextInt(total / 2);
        for (long o = 0; o < total; o++) {
            worker.submit(removal(tp, o, "k" + random.nextInt(6)));
        }
        roundSink.awaitEnteredCount(stopAfter);
        worker.requestStop();
        assertThat(worker.awaitStop(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)))
                .as("stopped in time")
                .isTrue();
        long position = worker.tracker().committable().orElseThrow();
        return new StoppedRound(position, new TreeSet<>(roundSink.deliveredOffsets()));
    }

    /**
     * The same contract at the one moment the random rounds above rarely hit: a record of another
     * key has passed the stop check but not yet recorded itself as started when the stop is
     * requested. The record is paused exactly there (its second {@code offset()} call on the worker
     * thread is the argument of {@code highestStarted.accumulateAndGet}).
     */
    @Test
    void aRecordStartingAsTheStopIsRequestedStillHasTheGapsBelowItFilled() throws InterruptedException {
        // given: a@0 held in the sink, a@1 queued behind it, b@2 paused after passing the stop check
        PartitionWorker worker = worker(2);
        CountDownLatch a0 = sink.hold(0);
        PausingRecord b2 = new PausingRecord(TP, 2, "b");
        worker.submit(removal(TP, 0, "a"));
        worker.submit(removal(TP, 1, "a"));
        sink.awaitEntered(0);
        worker.submit(b2);
        assertThat(b2.paused.await(5, TimeUnit.SECONDS))
                .as("b@2 reached the pause")
                .isTrue();

        // when: the stop is requested from the poll thread right then (on its own thread, in case a
        // fixed worker makes it wait for b@2 to finish starting)
        Thread pollThread = new Thread(worker::requestStop, "test-poll-thread");
        pollThread.start();
        while (pollThread.isAlive()
                && pollThread.getState() != Thread.State.BLOCKED
                && pollThread.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        b2.resume.countDown();
        pollThread.join(5_000);
        a0.countDown();
        assertThat(worker.awaitStop(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)))
                .isTrue();

        // then
        long position = worker.tracker().committable().orElseThrow();
        assertThat(sink.deliveredOffsets())
                .as("delivered offsets, commit position %d", position)
                .allMatch(o -> o < position, "below the commit position " + position);
    }

    @Test
    void abandonInterruptsTheRunningRecordAndSkipsTheQueuedOnes() throws InterruptedException {
        // given: one thread, busy with a@0 (held in the sink), b@1 and c@2 queued
        PartitionWorker worker = worker(1);
        sink.hold(0);
        worker.submit(removal(TP, 0, "a"));
        worker.submit(removal(TP, 1, "b"));
        worker.submit(removal(TP, 2, "c"));
        sink.awaitEntered(0);

        // when: the partition is lost
        worker.abandon();

        // then: a@0's delivery was interrupted, the worker's threads end without starting b or c
        sink.awaitInterrupted(0);
        // The skipped records never leave the backlog, so this waits out its short bound, then
        // reports whether the threads ended.
        assertThat(worker.awaitStop(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)))
                .isTrue();
        assertThat(sink.enteredOffsets()).containsExactly(0L);
        assertThat(sink.deliveredOffsets()).isEmpty();
        assertThat(worker.tracker().committable()).hasValue(0);
        assertThat(worker.tracker().pendingCount()).isEqualTo(3);
    }

    @Test
    void anErrorThatLeavesTheJvmUnsafeIsReportedAndItsOffsetStaysPending() throws InterruptedException {
        // given: a job that runs out of memory
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        RecordHandler failing = RecordHandlerTest.handlerOver(() -> oom, 100, metrics);
        CopyOnWriteArrayList<Throwable> fatal = new CopyOnWriteArrayList<>();
        PartitionWorker worker = track(new PartitionWorker(TP, true, failing, sink, 1, metrics, fatal::add));

        // when
        worker.submit(removal(TP, 0, "a.jpg"));
        awaitIdle(worker);

        // then: the pipeline is told, nothing was delivered, and the offset is not committable
        assertThat(fatal).containsExactly(oom);
        assertThat(sink.enteredOffsets()).isEmpty();
        assertThat(worker.tracker().committable()).hasValue(0);
    }

    @Test
    void anUnexpectedExceptionOfAJobStillFinishesTheRecord() throws InterruptedException {
        // given: a job with a bug
        RecordHandler failing = RecordHandlerTest.handlerOver(() -> new IllegalStateException("bug"), 100, metrics);
        PartitionWorker worker = track(new PartitionWorker(TP, true, failing, sink, 1, metrics, fatal -> {}));

        // when
        worker.submit(removal(TP, 0, "a.jpg"));
        worker.submit(removal(TP, 1, "b.jpg"));
        sink.awaitDelivered(2);

        // then: both offsets are finished (each with a failed/internal result), the partition moves on
        assertThat(worker.tracker().committable()).hasValue(2);
    }

    @Test
    void countsTheBytesOfTheRecordsItHoldsUntilTheyAreDone() throws InterruptedException {
        // given: a record held in the sink and one queued behind it (same key)
        PartitionWorker worker = worker(1);
        CountDownLatch gate = sink.hold(0);
        ConsumerRecord<byte[], byte[]> first = removal(TP, 0, "a.jpg");
        ConsumerRecord<byte[], byte[]> second = removal(TP, 1, "a.jpg");
        worker.submit(first);
        worker.submit(second);
        sink.awaitEntered(0);

        // then: both count, key and value
        long expected = first.key().length + first.value().length + second.key().length + second.value().length;
        assertThat(worker.backlogBytes()).isEqualTo(expected);

        // when: both are done
        gate.countDown();
        sink.awaitDelivered(2);
        awaitIdle(worker);

        // then
        assertThat(worker.backlogBytes()).isZero();
    }

    @Test
    void stoppingSixWorkersWhoseWorkIgnoresInterruptsTakesOneBoundNotOnePerWorker() {
        // given: six partitions, each with a record whose work does not end when interrupted
        CountDownLatch release = new CountDownLatch(1);
        ResultSink stuck = (record, outcome, stopping, onDelivered) -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a native render does not stop when interrupted either
                }
            }
        };
        List<PartitionWorker> six = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            PartitionWorker w = track(new PartitionWorker(
                    new TopicPartition("uploads", p), true, handler, stuck, 1, metrics, fatal -> {}));
            w.submit(removal(w.partition(), 0, "a.jpg"));
            six.add(w);
        }

        // when
        long started = System.nanoTime();
        PartitionWorker.stopAll(six, java.time.Duration.ofMillis(500));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        release.countDown();

        // then: the bound plus one shared wait for the interrupted work (it was one per worker: 6 x 5 s)
        assertThat(tookMs).isLessThan(500 + PartitionWorker.ABANDON_WAIT.toMillis() + 2_000);
        assertThat(six).allSatisfy(w -> assertThat(w.tracker().committable()).hasValue(0));
    }

    private PartitionWorker worker(int maxInFlight) {
        return track(new PartitionWorker(TP, true, handler, sink, maxInFlight, metrics, fatal -> {}));
    }

    private PartitionWorker track(PartitionWorker worker) {
        workers.add(worker);
        return worker;
    }

    private static void awaitIdle(PartitionWorker worker) throws InterruptedException {
        while (worker.backlog() > 0) {
            Thread.sleep(1);
        }
    }

    private static String objectKey(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    /**
     * A {@link ResultSink} run by the test: confirms delivery at once unless told to hold a record
     * (until its gate opens; an interrupt then means the worker is stopping) or to refuse it.
     */
    static final class ScriptedSink implements ResultSink {

        private final Map<Long, CountDownLatch> gates = new ConcurrentHashMap<>();
        private final Set<Long> refused = ConcurrentHashMap.newKeySet();
        private final Map<Long, CountDownLatch> entered = new ConcurrentHashMap<>();
        private final Map<Long, CountDownLatch> interrupted = new ConcurrentHashMap<>();
        private final List<Long> enteredOrder = new CopyOnWriteArrayList<>();
        private final List<ConsumerRecord<byte[], byte[]>> delivered = new CopyOnWriteArrayList<>();
        private final AtomicInteger deliveredCount = new AtomicInteger();

        @Override
        public void deliver(
                ConsumerRecord<byte[], byte[]> record, Outcome outcome, BooleanSupplier stopping, Runnable onDelivered)
                throws InterruptedException {
            long offset = record.offset();
            enteredOrder.add(offset);
            latch(entered, offset).countDown();
            CountDownLatch gate = gates.get(offset);
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    latch(interrupted, offset).countDown();
                    throw e;
                }
            }
            if (refused.contains(offset)) {
                throw new InterruptedException("refused " + offset);
            }
            onDelivered.run();
            delivered.add(record);
            synchronized (deliveredCount) {
                deliveredCount.incrementAndGet();
                deliveredCount.notifyAll();
            }
        }

        /** The record at {@code offset} waits in the sink until the returned gate opens. */
        CountDownLatch hold(long offset) {
            return gates.computeIfAbsent(offset, o -> new CountDownLatch(1));
        }

        void refuse(long offset) {
            refused.add(offset);
        }

        void openAll() {
            gates.values().forEach(CountDownLatch::countDown);
        }

        void awaitEntered(long offset) throws InterruptedException {
            assertThat(latch(entered, offset).await(10, TimeUnit.SECONDS))
                    .as("sink reached for %d", offset)
                    .isTrue();
        }

        void awaitEnteredCount(int count) throws InterruptedException {
            while (enteredOrder.size() < count) {
                Thread.sleep(1);
            }
        }

        void awaitInterrupted(long offset) throws InterruptedException {
            assertThat(latch(interrupted, offset).await(10, TimeUnit.SECONDS))
                    .as("delivery of %d interrupted", offset)
                    .isTrue();
        }

        void awaitDelivered(int count) throws InterruptedException {
            synchronized (deliveredCount) {
                while (deliveredCount.get() < count) {
                    deliveredCount.wait();
                }
            }
        }

        List<ConsumerRecord<byte[], byte[]>> delivered() {
            return List.copyOf(delivered);
        }

        List<Long> deliveredOffsets() {
            return delivered.stream().map(ConsumerRecord::offset).toList();
        }

        List<Long> enteredOffsets() {
            return List.copyOf(enteredOrder);
        }

        private static CountDownLatch latch(Map<Long, CountDownLatch> latches, long offset) {
            return latches.computeIfAbsent(offset, o -> new CountDownLatch(1));
        }
    }

    /**
     * A record that pauses its worker thread at its second {@code offset()} call there, which is
     * between the worker's stop check and its recording the offset as started.
     */
    static final class PausingRecord extends ConsumerRecord<byte[], byte[]> {

        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        private final ThreadLocal<Integer> workerCalls = ThreadLocal.withInitial(() -> 0);

        PausingRecord(TopicPartition tp, long offset, String objectKey) {
            super(
                    tp.topic(),
                    tp.partition(),
                    offset,
                    PipelineFixtures.utf8(objectKey),
                    PipelineFixtures.removedEvent(objectKey));
        }

        @Override
        public long offset() {
            if (Thread.currentThread().getName().startsWith("thumbstream-worker-")) {
                int call = workerCalls.get() + 1;
                workerCalls.set(call);
                if (call == 2) {
                    paused.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return super.offset();
        }
    }
}
