package thumbstream.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.Budget;
import thumbstream.imaging.ImagingException;
import thumbstream.imaging.Rendering;
import thumbstream.imaging.RenditionSpec;

/** A render that outlives its deadline fails the upload, but keeps its CPU and memory share until it ends. */
class RenderRunnerTest {

    private static final List<RenditionSpec> SPECS = RenditionSpec.parseList("small:32x32:fit:jpg");
    private static final Rendering NOTHING = new Rendering(List.of(), null, 0);

    @Test
    void aRenderPastItsDeadlineFailsTooLargeAndHoldsItsPermitAndBytesUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        RenderGate gate = new RenderGate(2);
        Budget budget = Budget.ofBytes(10 * 1024);
        AtomicInteger timeouts = new AtomicInteger();
        JobObserver observer = new JobObserver() {
            @Override
            public void renderTimedOut() {
                timeouts.incrementAndGet();
            }
        };
        RenderRunner runner = new RenderRunner(
                (source, specs, focus) -> {
                    try {
                        while (!release.await(10, TimeUnit.MILLISECONDS)) {
                            // a decoder that ignores interrupts, like native code
                        }
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        while (release.getCount() > 0) {
                            LockSupport.parkNanos(1_000_000); // keeps running after the interrupt
                        }
                    }
                    return NOTHING;
                },
                gate,
                Duration.ofMillis(200),
                observer);
        Budget.Lease lease = budget.acquire(4 * 1024);

        assertThatThrownBy(() -> runner.render(new byte[0], SPECS, null, true, lease))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.TOO_LARGE))
                .hasMessageContaining("THUMBSTREAM_RENDER_TIMEOUT");

        assertThat(timeouts)
                .as("renders past their deadline, for thumbstream_render_timeouts_total")
                .hasValue(1);
        assertThat(gate.running()).as("the render still runs").isEqualTo(1);
        assertThat(budget.availableBytes()).isEqualTo(6 * 1024);
        await().untilTrue(interrupted);
        release.countDown();
        await().until(() -> gate.running() == 0 && budget.availableBytes() == 10 * 1024);
    }

    @Test
    void whenEveryPermitIsHeldByARenderPastItsDeadlineTheGateSaysSoUntilOneReturns() {
        CountDownLatch release = new CountDownLatch(1);
        RenderGate gate = new RenderGate(2);
        RenderRunner runner = new RenderRunner(
                (source, specs, focus) -> {
                    while (release.getCount() > 0) {
                        LockSupport.parkNanos(1_000_000); // stuck, interrupts or not
                    }
                    return NOTHING;
                },
                gate,
                Duration.ofMillis(100));
        Budget budget = Budget.ofBytes(10 * 1024);

        // one stuck render: another can still run
        assertThatThrownBy(() -> runner.render(new byte[0], SPECS, null, true, budget.acquire(1)))
                .isInstanceOf(ImagingException.class);
        assertThat(gate.allHeldByOverdueRenders()).isFalse();
        // two: the process can render nothing more
        assertThatThrownBy(() -> runner.render(new byte[0], SPECS, null, true, budget.acquire(1)))
                .isInstanceOf(ImagingException.class);
        assertThat(gate.allHeldByOverdueRenders()).isTrue();

        release.countDown();
        await().until(() -> !gate.allHeldByOverdueRenders() && gate.running() == 0);
    }

    @Test
    void aRenderInTimeReturnsItsResultAndGivesEverythingBack() throws Exception {
        RenderGate gate = new RenderGate(1);
        Budget budget = Budget.ofBytes(8 * 1024);
        RenderRunner runner = new RenderRunner((source, specs, focus) -> NOTHING, gate, Duration.ofSeconds(30));

        assertThat(runner.render(new byte[0], SPECS, null, true, budget.acquire(8 * 1024)))
                .isSameAs(NOTHING);
        await().until(() -> gate.running() == 0 && budget.availableBytes() == 8 * 1024);
    }

    @Test
    void aRendererFailurePassesThroughUnchanged() {
        RenderRunner runner = new RenderRunner(
                (source, specs, focus) -> {
                    throw new ImagingException(ImagingException.Kind.CORRUPT, "broken");
                },
                new RenderGate(1),
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> runner.render(new byte[0], SPECS, null, true, () -> {}))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT));
    }

    @Test
    void aBudgetRequestLargerThanTheBudgetTakesAllOfItRatherThanNever() {
        Budget budget = Budget.ofBytes(4 * 1024);

        try (Budget.Lease lease = budget.acquire(1L << 40)) {
            assertThat(budget.availableBytes()).isZero();
        }
        assertThat(budget.availableBytes()).isEqualTo(4 * 1024);
    }
}
