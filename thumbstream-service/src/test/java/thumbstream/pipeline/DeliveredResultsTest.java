package thumbstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.ThumbnailEvent.Status;
import thumbstream.progress.LatestResults;

class DeliveredResultsTest {

    @Test
    void everyDeliveredResultReachesTheLatestResultsAndNothingElseDoes() {
        LatestResults latest = new LatestResults(5);
        PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry(), latest);
        ThumbnailEvent a = result("a.jpg");
        ThumbnailEvent b = result("b.jpg");

        metrics.delivered(Outcome.of(List.of(a, b)), 0);
        metrics.delivered(Outcome.of(List.of()), 0); // an ignored record has no result

        assertThat(latest.latest()).containsExactly(b, a);
    }

    private static ThumbnailEvent result(String key) {
        return new ThumbnailEvent(
                "id-" + key, Status.COMPLETED, "media", key, "e", null, List.of(), null, 1, 3, Instant.EPOCH);
    }
}
