package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeBudgetTest {

    @Test
    void aRenderWaitsUntilTheNativeMemoryItNeedsIsGivenBack() throws Exception {
        NativeBudget budget = new NativeBudget(100L << 20);
        NativeBudget.Lease first = budget.acquire(60L << 20);

        CompletableFuture<NativeBudget.Lease> second = CompletableFuture.supplyAsync(() -> budget.acquire(60L << 20));

        Thread.sleep(200);
        assertThat(second).as("60 + 60 MiB do not fit in 100").isNotDone();
        assertThat(budget.use()).isEqualTo(0.6);
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
    }

    @Test
    void aRequestLargerThanTheWholeBudgetTakesAllOfItAndRunsAlone() {
        NativeBudget budget = new NativeBudget(10L << 20);

        try (NativeBudget.Lease lease = budget.acquire(1L << 40)) {
            assertThat(budget.availableBytes()).isZero();
            assertThat(budget.largestLeaseBytes()).isEqualTo(10L << 20);
        }
        assertThat(budget.availableBytes()).isEqualTo(10L << 20);
    }

    @Test
    void closingTwiceGivesBackOnce() {
        NativeBudget budget = new NativeBudget(1L << 20);
        NativeBudget.Lease lease = budget.acquire(512 << 10);

        lease.close();
        lease.close();

        assertThat(budget.availableBytes()).isEqualTo(1L << 20);
    }

    @Test
    void theDefaultIsAQuarterOfTheMaximumHeap() {
        assertThat(NativeBudget.forHeap(1000L << 20).capacityBytes()).isEqualTo(250L << 20);
    }

    @Test
    void whatARenderThreadKeepsBetweenImagesIsTheSumOfItsKeptBuffers() {
        assertThat(NativeBudget.KEPT_PER_RENDER_THREAD_BYTES)
                .isEqualTo(3 * TurboJpeg.KEEP_BYTES + WholeInflate.KEEP_BYTES);
    }
}
