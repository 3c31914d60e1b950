package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.DevInfrastructure;
import thumbstream.testkit.ResultsReader;

/**
 * The broker or the S3 server goes away mid-run and comes back on the same port and data: the
 * service rides it out (retries, reconnects) and no upload is lost or dead-lettered.
 */
class OutageIT {

    private static final int UPLOADS = 600;

    @Test
    void brokerDownFor15SecondsLosesNothing() throws Exception {
        Scenario s = new Scenario("broker-outage", 6);
        DevInfrastructure infra = SharedInfrastructure.get();
        List<ThumbnailEvent> results = runWithOutage(
                s, "broker", () -> infra.kafka().close(), () -> infra.kafka().start(), Duration.ofSeconds(15));

        // a redo finds the thumbnails its first attempt stored: skipped, not rendered again
        assertThat(ResultCounts.doneByKey(results)).hasSize(UPLOADS);
        System.out.printf(
                "broker outage: %d uploads, %d results, %d duplicates%n",
                UPLOADS, results.size(), results.size() - ResultCounts.distinctKeys(results));
    }

    @Test
    void storageDownFor20SecondsRetriesAndDeadLettersNothing() throws Exception {
        Scenario s = new Scenario("s3-outage", 6);
        DevInfrastructure infra = SharedInfrastructure.get();
        List<ThumbnailEvent> results = runWithOutage(
                s, "S3 server", () -> infra.s3().close(), () -> infra.s3().start(), Duration.ofSeconds(20));

        // a redo finds the thumbnails its first attempt stored: skipped, not rendered again
        assertThat(ResultCounts.doneByKey(results)).hasSize(UPLOADS);
        assertThat(results).noneMatch(r -> r.status() == ThumbnailEvent.Status.FAILED);
        assertThat(results.stream().mapToInt(ThumbnailEvent::attempts).max().orElse(0))
                .as("some uploads needed retries")
                .isGreaterThan(1);
        assertThat(DeadLetters.count(
                        s.config.bootstrapServers(), s.config.topics().deadLetters()))
                .as("dead letters")
                .isZero();
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static List<ThumbnailEvent> runWithOutage(Scenario s, String what, Step stop, Step start, Duration outage)
            throws Exception {
        List<UploadEvent> uploads = s.uploadImages(UPLOADS);
        try (ServiceProcess service = ServiceProcess.start(what.replace(' ', '-') + "-outage", s.env(Map.of()));
                ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results())) {
            s.announce(uploads);
            List<ThumbnailEvent> results =
                    new ArrayList<>(reader.readUntil(r -> r.size() >= UPLOADS / 5, Scenario.LONG, r -> {}));
            stop.run();
            System.out.printf("%s stopped after %d results%n", what, results.size());
            Thread.sleep(outage.toMillis());
            start.run();
            long restarted = System.nanoTime();
            results.addAll(reader.readUntil(
                    r -> ResultCounts.distinctKeys(join(results, r)) >= UPLOADS, Scenario.LONG, r -> {}));
            System.out.printf("%s back; all results %.1f s later%n", what, (System.nanoTime() - restarted) / 1e9);
            assertThat(service.isAlive())
                    .as("service survived the outage:%n%s", service.logTail())
                    .isTrue();
            // and, while it still runs, every offset gets committed
            await().atMost(Duration.ofSeconds(60)).until(s::allCommitted);
            return results;
        }
    }

    private static List<ThumbnailEvent> join(List<ThumbnailEvent> a, List<ThumbnailEvent> b) {
        List<ThumbnailEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
