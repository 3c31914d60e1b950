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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decoded pixels across concurrent renders stay within the budget, and nothing deadlocks. */
class PixelBudgetTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void holdersShareTheBudgetUntilItRunsOut() {
        PixelBudget budget = new PixelBudget(100);
        PixelBudget.Lease first = budget.acquire(40);
        PixelBudget.Lease second = budget.acquire(40);
        assertThat(budget.available()).isEqualTo(20);

        CompletableFuture<PixelBudget.Lease> third = CompletableFuture.supplyAsync(() -> budget.acquire(40), pool);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(third::isDone);
        assertThat(budget.peakHolders()).isEqualTo(2);
        second.close();
        third.join().close();
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void theRendererReportsTheShareOfItsBudgetHeldForMetrics() {
        PixelBudget budget = new PixelBudget(100);
        ThumbnailRenderer renderer = new ThumbnailRenderer(1_000, budget);
        assertThat(renderer.pixelBudgetUse()).isZero();

        try (PixelBudget.Lease lease = budget.acquire(25)) {
            assertThat(renderer.pixelBudgetUse()).isEqualTo(0.25);
            assertThat(renderer.withPlaceholders(Set.of()).pixelBudgetUse())
                    .as("a renderer derived from it shares the budget")
                    .isEqualTo(0.25);
        }
        assertThat(renderer.pixelBudgetUse()).isZero();
    }

    @Test
    void aRequestAboveTheWholeBudgetTakesAllOfItInsteadOfWaitingForever() {
        PixelBudget budget = new PixelBudget(100);

        PixelBudget.Lease lease = budget.acquire(1_000_000);
        assertThat(budget.available()).isZero();

        lease.close();
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void closingALeaseTwiceGivesItsPixelsBackOnce() {
        PixelBudget budget = new PixelBudget(100);
        PixelBudget.Lease lease = budget.acquire(30);

        lease.close();
        lease.close();

        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void theDefaultIsAQuarterOfTheHeapAtFourBytesAPixel() {
        assertThat(PixelBudget.forHeap(4_000_000_000L).capacity()).isEqualTo(250_000_000L);
        assertThat(PixelBudget.forHeap(Long.MAX_VALUE).capacity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(PixelBudget.shared().capacity())
                .isEqualTo(PixelBudget.forHeap(Runtime.getRuntime().maxMemory()).capacity());
        assertThatThrownBy(() -> new PixelBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void aTinyBudgetSerialisesConcurrentRendersWithoutDeadlock(JpegBackend backend) throws Exception {
        PixelBudget budget = new PixelBudget(10); // every render needs more, so each must run alone
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
        assertThat(budget.available()).isEqualTo(10);
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void aRenderAsksOnlyForTheReducedSize(JpegBackend backend) throws Exception {
        // 1600x1200 is 1.92 MP, but a 32x32 thumbnail decodes it at 1/25 with ImageIO (64x48 =
        // 3072 pixels) or at libjpeg-turbo's smallest reduction, 1/8 (200x150 = 30,000 pixels).
        PixelBudget budget = new PixelBudget(1_000_000);
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, budget);
        byte[] source = TestImages.jpeg(1600, 1200);

        PixelBudget.Lease mostOfIt = budget.acquire(1_000_000 - 40_000);
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
        PixelBudget budget = new PixelBudget(1_000_000);
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, budget);
        byte[] jpeg = TestImages.jpeg(800, 600);

        ImagingException e = catchThrowableOfType(
                ImagingException.class,
                () -> renderer.render(Arrays.copyOf(jpeg, jpeg.length / 2), RenditionSpec.parseList("s:320x320")));

        assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT);
        assertThat(budget.available()).isEqualTo(1_000_000);
    }
}
