package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OffsetTrackerTest {

    private static final Long STOP = -1L;

    private final OffsetTracker tracker = new OffsetTracker();

    private void beginRange(long fromInclusive, long toInclusive) {
        for (long o = fromInclusive; o <= toInclusive; o++) {
            tracker.begin(o);
        }
    }

    @Test
    void hasNothingToCommitBeforeAnythingBegins() {
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void commitsNothingNewWhileTheFirstOffsetIsUnfinished() {
        beginRange(0, 4);

        assertThat(tracker.committable()).hasValue(0);
        assertThat(tracker.pendingCount()).isEqualTo(5);
    }

    @Test
    void commitsOnlyTheContiguousFinishedPrefix() {
        beginRange(0, 4);

        tracker.complete(0);
        tracker.complete(1);
        tracker.complete(3);

        assertThat(tracker.committable()).hasValue(2);
    }

    @Test
    void movesPastEarlierOutOfOrderCompletionsWhenTheGapCloses() {
        beginRange(0, 4);
        tracker.complete(0);
        tracker.complete(1);
        tracker.complete(3);

        tracker.complete(2);

        assertThat(tracker.committable()).hasValue(4);
    }

    @Test
    void commitsOnePastTheHighestOffsetWhenEverythingIsFinished() {
        beginRange(0, 4);
        for (long o : new long[] {0, 1, 3, 2}) {
            tracker.complete(o);
        }

        tracker.complete(4);

        assertThat(tracker.committable()).hasValue(5);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void completingInReverseOrderCommitsNothingUntilTheFirstFinishes() {
        beginRange(10, 14);

        for (long o = 14; o > 10; o--) {
            tracker.complete(o);
            assertThat(tracker.committable()).as("after completing %d", o).hasValue(10);
        }
        tracker.complete(10);

        assertThat(tracker.committable()).hasValue(15);
    }

    @Test
    void startsAtTheFirstOffsetItWasGivenNotAtZero() {
        tracker.begin(1_000);

        assertThat(tracker.committable()).hasValue(1_000);
        tracker.complete(1_000);
        assertThat(tracker.committable()).hasValue(1_001);
    }

    @Test
    void handlesGapsInTheOffsetsThemselves() {
        // compacted topics and transaction markers leave offsets that are never delivered
        tracker.begin(3);
        tracker.begin(7);
        tracker.begin(8);

        tracker.complete(3);
        assertThat(tracker.committable()).hasValue(7);
        tracker.complete(8);
        assertThat(tracker.committable()).hasValue(7);
        tracker.complete(7);
        assertThat(tracker.committable()).hasValue(9);
    }

    @Test
    void newWorkAfterEverythingFinishedHoldsTheCommitAtTheNewOffset() {
        beginRange(0, 1);
        tracker.complete(0);
        tracker.complete(1);
        assertThat(tracker.committable()).hasValue(2);

        tracker.begin(2);

        assertThat(tracker.committable()).hasValue(2);
    }

    @Test
    void ignoresACompletionOfAnOffsetItDoesNotKnow() {
        beginRange(0, 2);

        tracker.complete(42);
        tracker.complete(0);
        tracker.complete(0);

        assertThat(tracker.committable()).hasValue(1);
    }

    /**
     * The pipeline's pattern: one poll thread begins offsets in order and hands them out, four
     * workers complete them in whatever order they finish, the poll thread keeps asking what to
     * commit. Each worker marks an offset done in {@code done} before completing it in the tracker,
     * so every committable position c must have every offset below c marked done.
     */
    @Test
    @Timeout(60)
    void neverCommitsPastUnfinishedWorkWhileWorkersCompleteConcurrently() throws Exception {
        int total = 50_000;
        int workers = 4;
        Random random = new Random(20250101);
        AtomicIntegerArray done = new AtomicIntegerArray(total);
        List<BlockingQueue<Long>> queues = new ArrayList<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(
                workers, r -> new Thread(r, "offset-tracker-test-worker-" + threads.getAndIncrement()));
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            BlockingQueue<Long> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            running.add(pool.submit(() -> {
                List<Long> batch = new ArrayList<>();
                Random local = new Random();
                while (true) {
                    batch.clear();
                    batch.add(queue.take());
                    queue.drainTo(batch, 64);
                    boolean last = batch.remove(STOP);
                    Collections.shuffle(batch, local); // finish in random order
                    for (long o : batch) {
                        done.set((int) o, 1);
                        tracker.complete(o);
                    }
                    if (last) {
                        return null;
                    }
                }
            }));
        }

        long lastCommittable = 0;
        int lowestUnfinished = 0;
        try {
            for (int o = 0; o < total; o++) {
                tracker.begin(o);
                queues.get(random.nextInt(workers)).add((long) o);
                if (o % 7 == 0) {
                    OptionalLong c = tracker.committable();
                    while (lowestUnfinished < total && done.get(lowestUnfinished) == 1) {
                        lowestUnfinished++;
                    }
                    assertThat(c).isPresent();
                    assertThat(c.getAsLong())
                            .as("committable after begin(%d)", o)
                            .isLessThanOrEqualTo(lowestUnfinished)
                            .isGreaterThanOrEqualTo(lastCommittable);
                    lastCommittable = c.getAsLong();
                }
            }
            for (BlockingQueue<Long> q : queues) {
                q.add(STOP); // after everything handed to this worker
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tracker.committable()).hasValue(total);
        assertThat(tracker.pendingCount()).isZero();
    }

    /**
     * The narrowest form of the race above: one offset in flight, a worker completing it while the
     * poll thread asks what to commit. Tries for up to two seconds; the race shows within milliseconds.
     */
    @Test
    @Timeout(30)
    void answersWhileAWorkerCompletesTheLastPendingOffset() throws Exception {
        AtomicLong handedOut = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(
                () -> {
                    long completed = -1;
                    while (!stop.get()) {
                        long offset = handedOut.get();
                        if (offset > completed) {
                            tracker.complete(offset);
                            completed = offset;
                        }
                    }
                },
                "offset-tracker-test-worker");
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            for (long offset = 0; System.nanoTime() < deadline; offset++) {
                tracker.begin(offset);
                handedOut.set(offset);
                OptionalLong c;
                do {
                    c = tracker.committable(); // must not throw, whatever the worker is doing
                } while (c.getAsLong() <= offset);
                assertThat(c).hasValue(offset + 1);
            }
        } finally {
            stop.set(true);
            worker.join();
        }
    }
}
