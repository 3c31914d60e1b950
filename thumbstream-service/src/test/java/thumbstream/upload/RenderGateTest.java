package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RenderGate} with real threads. "Waiting" is observed as the thread's WAITING state, which a
 * thread only reaches inside the gate's {@code wait()}, after it registered as a waiter.
 */
@Timeout(20)
class RenderGateTest {

    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
        }
    }

    @Test
    void rejectsFewerThanOnePermit() {
        assertThatThrownBy(() -> new RenderGate(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void letsAtMostItsPermitsHoldTheGateAtOnce() throws InterruptedException {
        // given: two permits and six renders, each holding its permit until released
        RenderGate gate = new RenderGate(2);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHolding = new AtomicInteger();
        CountDownLatch twoHolding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(6);
        List<Thread> renders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean urgent = i % 2 == 0;
            renders.add(start("render-" + i, () -> {
                gate.acquire(urgent);
                try {
                    mostHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    twoHolding.countDown();
                    release.await();
                    holding.decrementAndGet();
                } finally {
                    gate.release();
                    done.countDown();
                }
            }));
        }

        // when: two hold the gate and the other four have arrived
        assertThat(twoHolding.await(5, TimeUnit.SECONDS)).isTrue();
        awaitAllWaiting(renders); // two on the release latch, four inside the gate

        // then
        assertThat(gate.running()).isEqualTo(2);
        assertThat(holding).hasValue(2);

        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(mostHolding).as("most holders at once").hasValue(2);
        assertThat(gate.running()).isZero();
    }

    @Test
    void givesTheNextPermitToAWaitingUrgentRenderBeforeABackgroundRenderThatWaitedLonger() throws InterruptedException {
        // given: the only permit is held, a background render waits, then an urgent one arrives
        RenderGate gate = new RenderGate(1);
        gate.acquire(true);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Thread background = start("background", () -> acquireRecordRelease(gate, false, order));
        awaitWaiting(background);
        Thread urgent = start("urgent", () -> acquireRecordRelease(gate, true, order));
        awaitWaiting(urgent);

        // when: the permit is released
        gate.release();

        // then: the urgent render went first, and the background one still got its turn after it
        background.join(5_000);
        urgent.join(5_000);
        assertThat(order).containsExactly("urgent", "background");
        assertThat(gate.running()).isZero();
    }

    @Test
    void letsABackgroundRenderProceedWhenNoUrgentOneWaits() throws InterruptedException {
        // given: the only permit is held and a background render waits for it
        RenderGate gate = new RenderGate(1);
        gate.acquire(true);
        CountDownLatch acquired = new CountDownLatch(1);
        Thread background = start("background", () -> {
            gate.acquire(false);
            acquired.countDown();
            gate.release();
        });
        awaitWaiting(background);

        // when
        gate.release();

        // then
        assertThat(acquired.await(5, TimeUnit.SECONDS))
                .as("background render acquired")
                .isTrue();
    }

    @Test
    void letsABackgroundRenderThroughAtOnceWhenAPermitIsFree() {
        RenderGate gate = new RenderGate(2);
        gate.acquire(true);

        gate.acquire(false);

        assertThat(gate.running()).isEqualTo(2);
    }

    @Test
    void keepsTheInterruptFlagOfAWaiterAndStillAcquires() throws InterruptedException {
        // given: the only permit is held and a render waits for it
        RenderGate gate = new RenderGate(1);
        gate.acquire(true);
        CountDownLatch acquired = new CountDownLatch(1);
        AtomicBoolean interruptedAfterAcquire = new AtomicBoolean();
        Thread waiter = start("waiter", () -> {
            gate.acquire(false);
            interruptedAfterAcquire.set(Thread.currentThread().isInterrupted());
            acquired.countDown();
            gate.release();
        });
        awaitWaiting(waiter);

        // when: it is interrupted while waiting
        waiter.interrupt();

        // then: it keeps waiting for the permit...
        assertThat(acquired.await(100, TimeUnit.MILLISECONDS))
                .as("acquired while the permit was held")
                .isFalse();
        assertThat(gate.running()).isEqualTo(1);

        // ...gets it once released, and comes back with its interrupt flag set
        gate.release();
        assertThat(acquired.await(5, TimeUnit.SECONDS))
                .as("acquired after release")
                .isTrue();
        assertThat(interruptedAfterAcquire).as("interrupt flag after acquire").isTrue();
    }

    @Test
    void anInterruptedUrgentWaiterNoLongerHoldsBackBackgroundRendersOnceItHasAcquired() throws InterruptedException {
        // given: the permit is held, an urgent render waits and is interrupted
        RenderGate gate = new RenderGate(1);
        gate.acquire(false);
        CountDownLatch urgentAcquired = new CountDownLatch(1);
        Thread urgent = start("urgent", () -> {
            gate.acquire(true);
            urgentAcquired.countDown();
            gate.release();
        });
        awaitWaiting(urgent);
        urgent.interrupt();

        // when: the permit is released and the urgent render has come and gone
        gate.release();
        assertThat(urgentAcquired.await(5, TimeUnit.SECONDS)).isTrue();
        urgent.join(5_000);

        // then: a background render is not blocked by a stale urgent waiter count
        CountDownLatch backgroundAcquired = new CountDownLatch(1);
        start("background", () -> {
            gate.acquire(false);
            backgroundAcquired.countDown();
            gate.release();
        });
        assertThat(backgroundAcquired.await(5, TimeUnit.SECONDS))
                .as("background render acquired")
                .isTrue();
    }

    private static void acquireRecordRelease(RenderGate gate, boolean urgent, List<String> order) {
        gate.acquire(urgent);
        try {
            order.add(Thread.currentThread().getName());
        } finally {
            gate.release();
        }
    }

    private interface Body {
        void run() throws InterruptedException;
    }

    private Thread start(String name, Body body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                name);
        started.add(t);
        t.start();
        return t;
    }

    /** Until {@code t} is in {@code wait()}; bounded by the test's timeout. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING) {
            assertThat(t.isAlive())
                    .as("%s ended instead of waiting", t.getName())
                    .isTrue();
            Thread.sleep(1);
        }
    }

    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            awaitWaiting(t);
        }
    }
}
