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
import thumbstream.testkit.ResultsReader;

/**
 * Three service processes in one group; one is killed with SIGKILL mid-run and replaced. Every
 * upload still gets its result; in exactly-once mode a read_committed consumer sees exactly one.
 */
class CrashRecoveryIT {

    private static final int UPLOADS = 3000;
    private static final int PARTITIONS = 12;

    @Test
    void killNineMidRunLosesNothingAtLeastOnce() throws Exception {
        Scenario s = new Scenario("kill9", PARTITIONS);
        List<ThumbnailEvent> results = runWithKill(s, Map.of(), "read_uncommitted");

        // a redo finds the thumbnails its first attempt stored: skipped, not rendered again
        Map<String, Long> completed = ResultCounts.doneByKey(results);
        long duplicates = results.size() - ResultCounts.distinctKeys(results);
        System.out.printf(
                "kill -9, at-least-once: %d uploads, %d results, %d duplicates%n", UPLOADS, results.size(), duplicates);
        assertThat(completed)
                .as("uploads with at least one completed or skipped result")
                .hasSize(UPLOADS);
        assertThat(results)
                .allSatisfy(r ->
                        assertThat(r.status()).isIn(ThumbnailEvent.Status.COMPLETED, ThumbnailEvent.Status.SKIPPED));
        await().atMost(Duration.ofSeconds(60)).until(s::allCommitted);
    }

    @Test
    void killNineMidRunGivesExactlyOneCommittedResultPerUploadInExactlyOnceMode() throws Exception {
        Scenario s = new Scenario("kill9-eos", PARTITIONS);
        List<ThumbnailEvent> results = runWithKill(s, Map.of("THUMBSTREAM_DELIVERY", "exactly-once"), "read_committed");

        // an aborted attempt may have stored the thumbnails already: its redo is committed as skipped
        Map<String, Long> completed = ResultCounts.doneByKey(results);
        System.out.printf("kill -9, exactly-once: %d uploads, %d committed results%n", UPLOADS, results.size());
        assertThat(completed).as("uploads with a completed or skipped result").hasSize(UPLOADS);
        assertThat(completed.values()).as("results per upload").containsOnly(1L);
        assertThat(results).hasSize(UPLOADS);
        await().atMost(Duration.ofSeconds(60)).until(s::allCommitted);
    }

    private static List<ThumbnailEvent> runWithKill(Scenario s, Map<String, String> extraEnv, String isolation)
            throws Exception {
        List<UploadEvent> uploads = s.uploadImages(UPLOADS);
        List<ServiceProcess> processes = new ArrayList<>();
        try (ResultsReader reader =
                new ResultsReader(s.config.bootstrapServers(), s.config.topics().results(), isolation)) {
            for (int i = 1; i <= 3; i++) {
                processes.add(ServiceProcess.start("instance-" + i, s.env(extraEnv)));
            }
            s.announce(uploads);
            List<ThumbnailEvent> results =
                    new ArrayList<>(reader.readUntil(r -> r.size() >= UPLOADS / 3, Scenario.LONG, r -> {}));
            assertThat(results.size()).as("results before the kill").isGreaterThanOrEqualTo(UPLOADS / 3);

            long killedAt = System.nanoTime();
            processes.get(0).kill9();
            processes.add(ServiceProcess.start("replacement", s.env(extraEnv)));

            results.addAll(reader.readUntil(
                    r -> ResultCounts.distinctKeys(concat(results, r)) >= UPLOADS, Scenario.LONG, r -> {}));
            System.out.printf("recovered %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);
            // a little longer: late duplicates would show up here
            results.addAll(reader.readUntil(r -> false, Duration.ofSeconds(3), r -> {}));
            return results;
        } finally {
            for (ServiceProcess p : processes) {
                p.close();
            }
        }
    }

    private static List<ThumbnailEvent> concat(List<ThumbnailEvent> a, List<ThumbnailEvent> b) {
        List<ThumbnailEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
