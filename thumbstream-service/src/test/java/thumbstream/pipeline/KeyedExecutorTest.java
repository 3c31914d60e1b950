package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link KeyedExecutor} on a real fixed thread pool with more threads than {@code maxInFlight}, so
 * only the executor itself can be what keeps tasks from overlapping. Every wait is on a latch and
 * every test is bounded, so a broken executor fails or times out instead of hanging the build.
 */
@Timeout(20)
class KeyedExecutorTest {

    private static final int POOL_THREADS = 8;

    /** Exceptions that escaped a pool thread: a task's bookkeeping must never throw. */
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    private final AtomicInteger threadCount = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(POOL_THREADS, r -> {
        Thread t = new Thread(r, "keyed-executor-test-" + threadCount.incrementAndGet());
        t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        return t;
    });

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS))
                .as("pool terminated")
                .isTrue();
        assertThat(uncaught).as("exceptions escaping pool threads").isEmpty();
    }

    @Test
    void runsTheTasksOfOneKeyOneAtATimeInSubmissionOrder() throws InterruptedException {
        KeyedExecutor keyed = new KeyedExecutor(pool, 4);
        int tasks = 300;
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger active = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(2 * tasks);

        // when: one key's tasks arrive faster than they run, interleaved with other keys' tasks, so
        // free threads are always there to run the key's tasks side by side if the executor let them
        for (int i = 0; i < tasks; i++) {
            int index = i;
            keyed.submit("photo.jpg", () -> {
                if (active.incrementAndGet() > 1) {
                    overlapped.set(true);
                }
                order.add(index);
                Thread.yield();
                active.decrementAndGet();
                done.countDown();
            });
            keyed.submit("other-" + i, done::countDown);
        }

        // then
        assertThat(done.await(10, TimeUnit.SECONDS)).as("all tasks ran").isTrue();
        assertThat(overlapped).as("two tasks of one key overlapped").isFalse();
        assertThat(order)
                .containsExactlyElementsOf(IntStream.range(0, tasks).boxed().toList());
    }

    @Test
    void runsDifferentKeysInParallelUpToMaxInFlightAndNeverMore() throws InterruptedException {
        // given: three slots, ten keys, a pool with threads to spare
        int maxInFlight = 3;
        int keys = 10;
        KeyedExecutor keyed = new KeyedExecutor(pool, maxInFlight);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        CountDownLatch slotsFull = new CountDownLatch(maxInFlight);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(keys);

        // when: every task blocks until released
        for (int k = 0; k < keys; k++) {
            keyed.submit("key-" + k, () -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                slotsFull.countDown();
                await(release);
                running.decrementAndGet();
                done.countDown();
            });
        }

        // then: three run at once (they are in parallel, since all three are blocked together)...
        assertThat(slotsFull.await(5, TimeUnit.SECONDS))
                .as("three keys running at once")
                .isTrue();
        // ...and no fourth starts while they hold their slots, although pool threads are idle. The
        // pause only gives a broken executor time to start one; it cannot make a correct one fail.
        Thread.sleep(50);
        assertThat(running).as("tasks running while the slots are full").hasValue(maxInFlight);

        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS))
                .as("the waiting keys ran once slots freed")
                .isTrue();
        assertThat(mostRunning).as("most tasks ever running at once").hasValue(maxInFlight);
    }

    @Test
    void aKeysLaterTaskWaitsWhileAnEarlierOneIsBlockedWhileOtherKeysProceed() throws InterruptedException {
        // given: the first task of key a is blocked
        KeyedExecutor keyed = new KeyedExecutor(pool, 4);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        keyed.submit("a", () -> {
            firstStarted.countDown();
            await(releaseFirst);
        });
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();

        // when: a second task of a and a task of b arrive
        AtomicBoolean secondOfAStarted = new AtomicBoolean();
        CountDownLatch secondOfADone = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        keyed.submit("a", () -> {
            secondOfAStarted.set(true);
            secondOfADone.countDown();
        });
        keyed.submit("b", bDone::countDown);

        // then: b runs, a's second task waits behind the blocked one
        assertThat(bDone.await(5, TimeUnit.SECONDS)).as("the other key ran").isTrue();
        assertThat(secondOfAStarted)
                .as("a's second task started while its first was blocked")
                .isFalse();
        assertThat(keyed.pending("a")).as("tasks of a running or waiting").isEqualTo(2);

        // and once the first task of a returns, the second runs
        releaseFirst.countDown();
        assertThat(secondOfADone.await(5, TimeUnit.SECONDS))
                .as("a's second task ran")
                .isTrue();
    }

    @Test
    void startsWaitingKeysInTheOrderTheyBecameReady() throws InterruptedException {
        // given: one slot, held by a blocked task
        KeyedExecutor keyed = new KeyedExecutor(pool, 1);
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch releaseBlocker = new CountDownLatch(1);
        keyed.submit("blocker", () -> {
            blockerStarted.countDown();
            await(releaseBlocker);
        });
        assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(5);
        for (String key : List.of("k1", "k2", "k3", "k4", "k5")) {
            keyed.submit(key, () -> {
                started.add(key);
                done.countDown();
            });
        }

        // when
        releaseBlocker.countDown();

        // then
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(started).containsExactly("k1", "k2", "k3", "k4", "k5");
    }

    @Test
    void dropsQueuedTasksWithoutThrowingWhenTheExecutorShutsDownUnderARunningTask() throws InterruptedException {
        // given: one slot, held by a blocked task, and tasks of the same and another key queued
        KeyedExecutor keyed = new KeyedExecutor(pool, 1);
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch releaseBlocker = new CountDownLatch(1);
        keyed.submit("a", () -> {
            blockerStarted.countDown();
            await(releaseBlocker);
        });
        assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger queuedRan = new AtomicInteger();
        keyed.submit("a", queuedRan::incrementAndGet);
        keyed.submit("b", queuedRan::incrementAndGet);

        // when: the executor shuts down (a revoke), then the running task finishes
        pool.shutdown();
        releaseBlocker.countDown();

        // then: finishing did not throw on the pool thread (see stopPool) and the queued tasks were dropped
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS))
                .as("pool terminated")
                .isTrue();
        assertThat(queuedRan).as("queued tasks that ran after shutdown").hasValue(0);
    }

    @Test
    void acceptsSubmissionsAfterTheExecutorShutDownAndDropsThem() throws InterruptedException {
        // given
        KeyedExecutor keyed = new KeyedExecutor(pool, 2);
        pool.shutdownNow();
        AtomicInteger ran = new AtomicInteger();

        // when / then
        assertThatCode(() -> {
                    keyed.submit("a", ran::incrementAndGet);
                    keyed.submit("a", ran::incrementAndGet);
                    keyed.submit("b", ran::incrementAndGet);
                })
                .doesNotThrowAnyException();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(0);
    }

    /** Blocks a task until released; returns early (keeping the flag) when the pool is shut down. */
    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
