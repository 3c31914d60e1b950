package thumbstream.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;

class LatestResultsTest {

    @Test
    void keepsOnlyTheNewestResultsNewestFirst() {
        LatestResults latest = new LatestResults(3);

        for (int i = 0; i < 10; i++) {
            latest.accept(result("k" + i));
        }

        assertThat(latest.latest()).extracting(ThumbnailEvent::key).containsExactly("k9", "k8", "k7");
    }

    @Test
    void aCopyIsHandedOutSoLaterResultsDoNotChangeIt() {
        LatestResults latest = new LatestResults(2);
        latest.accept(result("a"));

        List<ThumbnailEvent> before = latest.latest();
        latest.accept(result("b"));

        assertThat(before).extracting(ThumbnailEvent::key).containsExactly("a");
    }

    @Test
    void staysBoundedAndConsistentUnderConcurrentWorkersAndReaders() throws Exception {
        LatestResults latest = new LatestResults(LatestResults.DEFAULT_CAPACITY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < 3; w++) {
            int worker = w;
            pool.execute(() -> {
                await(go);
                for (int i = 0; i < 20_000; i++) {
                    latest.accept(result(worker + "-" + i));
                }
            });
        }
        pool.execute(() -> {
            await(go);
            for (int i = 0; i < 2_000; i++) {
                assertThat(latest.latest().size()).isLessThanOrEqualTo(LatestResults.DEFAULT_CAPACITY);
            }
        });
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(latest.latest()).hasSize(LatestResults.DEFAULT_CAPACITY).doesNotContainNull();
    }

    @Test
    void needsRoomForOneResult() {
        assertThatThrownBy(() -> new LatestResults(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ThumbnailEvent result(String key) {
        return new ThumbnailEvent(
                "id-" + key, Status.COMPLETED, "media", key, "e", null, List.of(), null, 1, 1, Instant.EPOCH);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
