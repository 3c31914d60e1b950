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
 * Share-group mode (KIP-932) with the production image: four replicas on a two-partition topic. A
 * consumer group would leave two of them idle; in a share group every replica acquires records
 * from both partitions, so all four do work, and every upload completes.
 */
class ShareGroupContainerIT {

    private static final int UPLOADS = 400;
    private static final int PARTITIONS = 2;
    private static final String ACCEPTED = "thumbstream_share_records_total{outcome=\"accept\"}";

    @BeforeAll
    static void engine() {
        DockerEngine.require();
    }

    @Test
    void givenFourShareReplicasOnTwoPartitionsThenEveryReplicaWorksAndEveryUploadCompletes() throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("share", PARTITIONS);
        List<UploadEvent> uploads = s.uploadImages(UPLOADS);
        List<Replica> replicas = new ArrayList<>();
        try (ResultsReader reader = s.results("read_uncommitted")) {
            // given: four replicas, all members of the share group before the first upload arrives
            replicas.addAll(
                    s.replicas(Map.of("THUMBSTREAM_GROUP_TYPE", "share"), "share-1", "share-2", "share-3", "share-4"));
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> replicas.stream().allMatch(r -> r.get("/readyz") == 200));

            // when: the uploads are announced on two partitions
            s.announce(uploads);
            List<ThumbnailEvent> results =
                    reader.readUntil(r -> ResultCounts.doneByKey(r).size() >= UPLOADS, Duration.ofMinutes(4), e -> {});

            // then: every upload is done, and each of the four replicas accepted records
            assertThat(ResultCounts.doneByKey(results))
                    .as("uploads with a completed (or, for a redo, skipped) result")
                    .hasSize(UPLOADS);
            List<Double> accepted = new ArrayList<>();
            for (Replica r : replicas) {
                accepted.add(r.metric(ACCEPTED));
            }
            System.out.printf(
                    "share group, 4 replicas on %d partitions: %d uploads, %d results; accepted per replica %s%n",
                    PARTITIONS, UPLOADS, results.size(), accepted);
            assertThat(accepted)
                    .as("records each replica accepted (from /metrics)")
                    .allSatisfy(n -> assertThat(n).isPositive());
            assertThat(accepted.stream().mapToDouble(Double::doubleValue).sum())
                    .as("records accepted by all replicas")
                    .isGreaterThanOrEqualTo(UPLOADS);
        } finally {
            replicas.forEach(Replica::close);
        }
        System.out.printf("ShareGroupContainerIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
