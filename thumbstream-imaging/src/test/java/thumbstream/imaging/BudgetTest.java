package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What is held across concurrent holders stays within the budget, nothing deadlocks, and what the
 * renderer takes from its pixel and native budgets is given back.
 */
class BudgetTest {

    private static final int PIXEL = Budget.BYTES_PER_PIXEL;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void holdersShareTheBudgetUntilItRunsOut() {
        Budget budget = Budget.ofPixels(100);
        Budget.Lease first = budget.acquire(40, PIXEL);
        Budget.Lease second = budget.acquire(40, PIXEL);
        assertThat(budget.availableBytes()).isEqualTo(20 * PIXEL);

        CompletableFuture<Budget.Lease> third = CompletableFuture.supplyAsync(() -> budget.acquire(40, PIXEL), pool);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(third::isDone);
        assertThat(budget.peakHolders()).isEqualTo(2);
        second.close();
        third.join().close();
        assertThat(budget.availableBytes()).isEqualTo(100 * PIXEL);
    }

    @Test
    void aHolderWaitsUntilTheBytesItNeedsAreGivenBack() throws Exception {
        Budget budget = Budget.ofBytes(100L << 20);
        Budget.Lease first = budget.acquire(60L << 20);

        CompletableFuture<Budget.Lease> second = CompletableFuture.supplyAsync(() -> budget.acquire(60L << 20), pool);

        Thread.sleep(200);
        assertThat(second).as("60 + 60 MiB do not fit in 100").isNotDone();
        assertThat(budget.use()).isEqualTo(0.6);
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
    }

    @Test
    void aRequestAboveTheWholeBudgetTakesAllOfItInsteadOfWaitingForever() {
        Budget pixels = Budget.ofPixels(100);
        Budget bytes = Budget.ofBytes(10L << 20);

        Budget.Lease lease = pixels.acquire(1_000_000, PIXEL);
        assertThat(pixels.availableBytes()).isZero();
        lease.close();
        assertThat(pixels.availableBytes()).isEqualTo(100 * PIXEL);

        try (Budget.Lease all = bytes.acquire(1L << 40)) {
            assertThat(bytes.availableBytes()).isZero();
            assertThat(bytes.largestLeaseBytes()).isEqualTo(10L << 20);
        }
        assertThat(bytes.availableBytes()).isEqualTo(10L << 20);
    }

    @Test
    void anAbsurdRequestIsCappedNotWrappedAround() {
        Budget budget = Budget.ofBytes(1L << 20);

        try (Budget.Lease lease = budget.acquire(Long.MAX_VALUE)) {
            assertThat(budget.availableBytes()).isZero();
        }
        try (Budget.Lease lease = budget.acquire(Long.MAX_VALUE / 2, 8)) {
            assertThat(budget.availableBytes()).isZero();
        }
        assertThat(budget.availableBytes()).isEqualTo(1L << 20);
    }

    @Test
    void closingALeaseTwiceGivesItsBytesBackOnce() {
        Budget pixels = Budget.ofPixels(100);
        Budget bytes = Budget.ofBytes(1L << 20);
        Budget.Lease pixelLease = pixels.acquire(30, PIXEL);
        Budget.Lease byteLease = bytes.acquire(512 << 10);

        pixelLease.close();
        pixelLease.close();
        byteLease.close();
        byteLease.close();

        assertThat(pixels.availableBytes()).isEqualTo(100 * PIXEL);
        assertThat(bytes.availableBytes()).isEqualTo(1L << 20);
    }

    @Test
    void aLeaseClosedFromManyThreadsAtOnceGivesItsBytesBackOnce() throws Exception {
        Budget budget = Budget.ofBytes(1L << 20);
        Budget.Lease lease = budget.acquire(512 << 10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> closers = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            closers.add(pool.submit(() -> {
                start.await();
                lease.close();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> closer : closers) {
            closer.get(5, TimeUnit.SECONDS);
        }

        assertThat(budget.availableBytes()).isEqualTo(1L << 20);
    }

    @Test
    void aRequestIsRoundedUpToWholeUnitsAndTakesAtLeastOne() {
        Budget pixels = Budget.ofPixels(1_000);
        Budget bytes = Budget.ofBytes(1L << 20);

        try (Budget.Lease lease = pixels.acquire(250, 8)) {
            assertThat(pixels.availableBytes())
                    .as("a 16-bit RGBA pixel takes two")
                    .isEqualTo(500 * PIXEL);
        }
        try (Budget.Lease lease = pixels.acquire(3, 3)) {
            assertThat(pixels.availableBytes())
                    .as("9 bytes round up to 3 four-byte pixels")
                    .isEqualTo(997 * PIXEL);
        }
        try (Budget.Lease lease = bytes.acquire(0)) {
            assertThat(bytes.availableBytes()).isEqualTo((1L << 20) - 1024);
        }
        try (Budget.Lease lease = bytes.acquire(1025)) {
            assertThat(bytes.availableBytes()).isEqualTo((1L << 20) - 2048);
        }
    }

    @Test
    void theDefaultsAreAQuarterOfTheHeap() {
        assertThat(Budget.pixelsForHeap(4_000_000_000L).capacityBytes()).isEqualTo(250_000_000L * PIXEL);
        assertThat(Budget.pixelsForHeap(Long.MAX_VALUE).capacityBytes()).isEqualTo((long) Integer.MAX_VALUE * PIXEL);
        assertThat(ThumbnailRenderer.SharedBudgets.PIXELS.capacityBytes())
                .isEqualTo(
                        Budget.pixelsForHeap(Runtime.getRuntime().maxMemory()).capacityBytes());
        assertThat(Budget.forHeap(1000L << 20).capacityBytes()).isEqualTo(250L << 20);
        assertThat(ThumbnailRenderer.SharedBudgets.NATIVE.capacityBytes())
                .isEqualTo(Budget.forHeap(Runtime.getRuntime().maxMemory()).capacityBytes());
        assertThat(Budget.ofBytes(1).capacityBytes()).as("at least 1 KiB").isEqualTo(1024);
        assertThat(Budget.unlimited().capacityBytes()).isEqualTo((long) Integer.MAX_VALUE * 1024);
    }

    @Test
    void aBudgetOfNothingIsRefused() {
        assertThatThrownBy(() -> Budget.ofPixels(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Budget.ofPixels(Integer.MAX_VALUE + 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Budget.ofBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInterruptWhileWaitingStaysSetForTheCaller() throws Exception {
        Budget budget = Budget.ofBytes(1L << 20);
        Budget.Lease all = budget.acquire(1L << 20);
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try (Budget.Lease lease = budget.acquire(1024)) {
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING);

        waiter.interrupt();
        Thread.sleep(100);
        assertThat(interruptedAfter).as("still waiting for the bytes").isNotDone();
        all.close();

        assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).isTrue();
        waiter.join(5_000);
    }

    @Test
    void whatARenderThreadKeepsBetweenImagesIsTheSumOfItsKeptBuffers() {
        assertThat(ThumbnailRenderer.NATIVE_BYTES_KEPT_PER_THREAD)
                .isEqualTo(3 * TurboJpeg.KEEP_BYTES + WholeInflate.KEEP_BYTES);
    }

    @Test
    void theRendererReportsTheShareOfItsBudgetHeldForMetrics() {
        Budget budget = Budget.ofPixels(100);
        ThumbnailRenderer renderer = new ThumbnailRenderer(1_000, budget);
        assertThat(renderer.pixelBudgetUse()).isZero();

        try (Budget.Lease lease = budget.acquire(25, PIXEL)) {
            assertThat(renderer.pixelBudgetUse()).isEqualTo(0.25);
            assertThat(renderer.withPlaceholders(Set.of()).pixelBudgetUse())
                    .as("a renderer derived from it shares the budget")
                    .isEqualTo(0.25);
        }
        assertThat(renderer.pixelBudgetUse()).isZero();
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void aTinyBudgetSerialisesConcurrentRendersWithoutDeadlock(JpegBackend backend) throws Exception {
        Budget budget = Budget.ofPixels(10); // every render needs more, so each must run alone
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, budget);
        byte[] source = TestImages.jpeg(400, 300);
        List<Future<List<RenderedImage>>> results = new ArrayList<>();

        for (int i = 0; i < 16; i++) {
            results.add(
                    pool.submit(() -> renderer.render(source, RenditionSpec.parseList("s:100x100,c:50x50:crop:png"))));
        }

        for (Future<List<RenderedImage>> result : results) {
            assertThat(result.get(20, TimeUnit.SECONDS))
                    .extracting(r -> r.width() + "x" + r.height())
                    .containsExactly("100x75", "50x50");
        }
        assertThat(budget.peakHolders()).isEqualTo(1);
        assertThat(budget.availableBytes()).isEqualTo(10 * PIXEL);
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void aRenderAsksOnlyForTheReducedSize(JpegBackend backend) throws Exception {
        // 1600x1200 is 1.92 MP, but a 32x32 thumbnail decodes it at 1/25 with ImageIO (64x48 =
        // 3072 pixels) or at libjpeg-turbo's smallest reduction, 1/8 (200x150 = 30,000 pixels).
        Budget budget = Budget.ofPixels(1_000_000);
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, budget);
        byte[] source = TestImages.jpeg(1600, 1200);

        Budget.Lease mostOfIt = budget.acquire(1_000_000 - 40_000, PIXEL);
        try {
            Future<List<RenderedImage>> thumb =
                    pool.submit(() -> renderer.render(source, RenditionSpec.parseList("s:32x32")));

            // Had it asked for the full size, it would wait for the lease this test holds.
            assertThat(thumb.get(10, TimeUnit.SECONDS)).hasSize(1);
        } finally {
            mostOfIt.close();
        }
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void failedRendersGiveTheirPixelsBack(JpegBackend backend) {
        Budget budget = Budget.ofPixels(1_000_000);
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, budget);
        byte[] jpeg = TestImages.jpeg(800, 600);

        ImagingException e = catchThrowableOfType(
                ImagingException.class,
                () -> renderer.render(Arrays.copyOf(jpeg, jpeg.length / 2), RenditionSpec.parseList("s:320x320")));

        assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT);
        assertThat(budget.availableBytes()).isEqualTo(1_000_000L * PIXEL);
    }
}
