package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.it.ResultCounts;
import thumbstream.testkit.ResultsReader;

/**
 * Case b, scale out: one replica takes all partitions, two more join while uploads flow, the group
 * rebalances over the three and every upload completes.
 */
class ScaleOutContainerIT {

    private static final int UPLOADS = 3000;
    private static final int PARTITIONS = 12;

    @BeforeAll
    static void engine() {
        DockerEngine.require();
    }

    @Test
    void givenOneReplicaWhenTwoMoreJoinMidRunThenPartitionsSpreadAndEveryUploadCompletes() throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("scale-out", PARTITIONS);
        List<UploadEvent> uploads = s.uploadImages(UPLOADS);
        List<Replica> replicas = new ArrayList<>();
        try (ResultsReader reader = s.results("read_uncommitted")) {
            replicas.add(s.replica("replica-1", Map.of()));
            await().atMost(Duration.ofSeconds(60)).until(() -> replicas.get(0).assignedPartitions() == s.assignable());

            // the first third goes to the lone replica; the rest is announced once the others run
            s.announce(uploads.subList(0, UPLOADS / 3));
            List<ThumbnailEvent> results = new ArrayList<>(reader.read(UPLOADS / 6, Duration.ofMinutes(3)));
            assertThat(results).as("results from the lone replica").hasSizeGreaterThanOrEqualTo(UPLOADS / 6);
            replicas.addAll(s.replicas(Map.of(), "replica-2", "replica-3"));
            s.announce(uploads.subList(UPLOADS / 3, UPLOADS));

            results.addAll(reader.readUntil(
                    r -> ResultCounts.distinctKeys(join(results, r)) >= UPLOADS, Duration.ofMinutes(5), e -> {}));

            assertThat(ResultCounts.doneByKey(results))
                    .as("uploads with a completed (or, for a redo, skipped) result")
                    .hasSize(UPLOADS);
            List<Integer> assigned =
                    replicas.stream().map(Replica::assignedPartitions).toList();
            List<Double> completed = new ArrayList<>();
            for (Replica r : replicas) {
                completed.add(r.sum("thumbstream_results_total", "status=\"completed\""));
            }
            System.out.printf(
                    "scale out 1 -> 3: %d uploads, %d results, %d duplicates; partitions per replica %s;"
                            + " completed per replica %s%n",
                    UPLOADS, results.size(), results.size() - ResultCounts.distinctKeys(results), assigned, completed);
            assertThat(assigned)
                    .as("partitions held by each of the three replicas (from /metrics)")
                    .allSatisfy(n -> assertThat(n).isPositive());
            assertThat(assigned.stream().mapToInt(Integer::intValue).sum())
                    .as("all partitions (uploads and backfill lane) assigned")
                    .isEqualTo(s.assignable());
            assertThat(completed.subList(1, 3))
                    .as("the replicas that joined rendered uploads too")
                    .allSatisfy(n -> assertThat(n).isPositive());
            await().atMost(Duration.ofSeconds(60)).until(s::allCommitted);
        } finally {
            replicas.forEach(Replica::close);
        }
        System.out.printf("ScaleOutContainerIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    static List<ThumbnailEvent> join(List<ThumbnailEvent> a, List<ThumbnailEvent> b) {
        List<ThumbnailEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
