package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/** SIGTERM under load: the process drains, commits and exits 0 within the grace; a restart redoes nothing. */
class GracefulShutdownIT {

    private static final int UPLOADS = 1500;

    @Test
    void sigtermUnderLoadCommitsFinishedWorkAndARestartDoesNotRedoIt() throws Exception {
        Scenario s = new Scenario("sigterm", 6);
        List<UploadEvent> uploads = s.uploadImages(UPLOADS);
        Map<String, String> env = s.env(Map.of("THUMBSTREAM_SHUTDOWN_GRACE", "10s"));
        try (ResultsReader reader =
                new ResultsReader(s.config.bootstrapServers(), s.config.topics().results())) {
            List<ThumbnailEvent> results = new ArrayList<>();
            try (ServiceProcess first = ServiceProcess.start("sigterm-first", env)) {
                s.announce(uploads);
                results.addAll(reader.readUntil(r -> r.size() >= UPLOADS / 5, Scenario.LONG, r -> {}));

                long signalled = System.nanoTime();
                first.terminate();
                assertThat(first.waitFor(Duration.ofSeconds(15)))
                        .as("exited within the grace")
                        .isTrue();
                double seconds = (System.nanoTime() - signalled) / 1e9;
                assertThat(first.exitValue())
                        .as("exit code; log:%n%s", first.logTail())
                        .isZero();
                results.addAll(reader.readUntil(r -> false, Duration.ofSeconds(2), r -> {}));
                System.out.printf(
                        "SIGTERM: exited 0 after %.1f s with %d of %d uploads done%n",
                        seconds, results.size(), UPLOADS);
                assertThat(results.size()).as("it stopped before the end").isLessThan(UPLOADS);
            }

            try (ServiceProcess second = ServiceProcess.start("sigterm-second", env)) {
                results.addAll(reader.readUntil(
                        r -> ResultCounts.distinctKeys(concat(results, r)) >= UPLOADS, Scenario.LONG, r -> {}));
                results.addAll(reader.readUntil(r -> false, Duration.ofSeconds(2), r -> {}));
            }
            long duplicates = results.size() - ResultCounts.distinctKeys(results);
            System.out.printf(
                    "after restart: %d results for %d uploads, %d repeated%n", results.size(), UPLOADS, duplicates);
            assertThat(ResultCounts.countByKey(results, ThumbnailEvent.Status.COMPLETED))
                    .hasSize(UPLOADS);
            assertThat(duplicates)
                    .as("uploads processed again after a clean shutdown")
                    .isZero();
        }
    }

    private static List<ThumbnailEvent> concat(List<ThumbnailEvent> a, List<ThumbnailEvent> b) {
        List<ThumbnailEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
