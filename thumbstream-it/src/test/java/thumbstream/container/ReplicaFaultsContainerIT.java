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
 * Cases c and d: one of three replicas dies ({@code docker kill}, SIGKILL) or freezes ({@code docker
 * pause} for longer than the session timeout) mid-run. Nothing is lost; the frozen one, when it
 * wakes, is fenced and cannot publish a second committed result or commit over the new owner.
 */
class ReplicaFaultsContainerIT {

    private static final int UPLOADS = 1500;
    private static final int PARTITIONS = 12;
    private static final Duration PAUSE = Duration.ofMillis(ContainerScenario.SESSION_TIMEOUT_MS + 8_000);

    @BeforeAll
    static void engine() {
        DockerEngine.require();
    }

    @Test
    void givenThreeReplicasWhenOneIsKilledMidRunThenEveryUploadCompletes() throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("kill", PARTITIONS);
        Run run = runWithFault(s, Map.of(), "read_uncommitted", Replica::kill, r -> {});

        long duplicates = run.results.size() - ResultCounts.distinctKeys(run.results);
        System.out.printf(
                "docker kill (at-least-once): %d uploads, %d results, %d duplicates; partitions moved %.1f s"
                        + " after the kill, all done %.1f s after it%n",
                UPLOADS, run.results.size(), duplicates, run.reassignedSeconds, run.doneSeconds);
        assertThat(ResultCounts.doneByKey(run.results))
                .as("uploads with a completed (or, for a redo, skipped) result")
                .hasSize(UPLOADS);
        assertThat(run.results)
                .allSatisfy(r -> assertThat(ResultCounts.isDone(r.status()))
                        .as(r.toString())
                        .isTrue());
        System.out.printf("ReplicaFaultsContainerIT kill: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void givenExactlyOnceWhenAReplicaIsPausedPastTheSessionTimeoutThenItIsFencedAndNothingIsSeenTwice()
            throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("zombie", PARTITIONS);
        Run run = runWithFault(
                s, Map.of("THUMBSTREAM_DELIVERY", "exactly-once"), "read_committed", Replica::pause, Replica::unpause);

        Map<String, Long> done = ResultCounts.doneByKey(run.results);
        System.out.printf(
                "docker pause %d s (exactly-once, read_committed): %d uploads, %d committed results, %d duplicates;"
                        + " partitions moved %.1f s after the pause, all done %.1f s after it%n",
                PAUSE.toSeconds(),
                UPLOADS,
                run.results.size(),
                run.results.size() - ResultCounts.distinctKeys(run.results),
                run.reassignedSeconds,
                run.doneSeconds);
        assertThat(done)
                .as("uploads with a completed (or, for a redo, skipped) result")
                .hasSize(UPLOADS);
        assertThat(done.values()).as("committed results per upload").containsOnly(1L);
        assertThat(run.results).hasSize(UPLOADS);
        System.out.printf("ReplicaFaultsContainerIT pause: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private record Run(List<ThumbnailEvent> results, double reassignedSeconds, double doneSeconds) {}

    @FunctionalInterface
    private interface Fault {
        void apply(Replica replica) throws Exception;
    }

    /**
     * Three replicas; a third of the results in, {@code fault} hits the first; once the other two
     * hold every partition (and the fault lasted at least {@link #PAUSE}) {@code heal} runs; reads
     * until every upload has a result, then a little longer so late duplicates show.
     */
    private static Run runWithFault(
            ContainerScenario s, Map<String, String> env, String isolation, Fault fault, Fault heal) throws Exception {
        List<UploadEvent> uploads = s.uploadImages(UPLOADS);
        List<Replica> replicas = new ArrayList<>();
        try (ResultsReader reader = s.results(isolation)) {
            replicas.addAll(s.replicas(env, "replica-1", "replica-2", "replica-3"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> replicas.stream().allMatch(r -> r.assignedPartitions() > 0));
            s.announce(uploads);
            List<ThumbnailEvent> results = new ArrayList<>(reader.read(UPLOADS / 3, Duration.ofMinutes(3)));
            assertThat(results).as("results before the fault").hasSizeGreaterThanOrEqualTo(UPLOADS / 3);

            Replica victim = replicas.get(0);
            List<Replica> survivors = replicas.subList(1, 3);
            long faultAt = System.nanoTime();
            fault.apply(victim);
            // recovery: the survivors hold every partition (they keep consuming meanwhile)
            results.addAll(reader.readUntil(r -> held(survivors) == s.assignable(), Duration.ofMinutes(2), e -> {}));
            double reassigned = (System.nanoTime() - faultAt) / 1e9;
            assertThat(held(survivors))
                    .as("partitions held by the two survivors")
                    .isEqualTo(s.assignable());
            results.addAll(reader.readUntil(r -> System.nanoTime() - faultAt >= PAUSE.toNanos(), PAUSE, e -> {}));
            heal.apply(victim);

            results.addAll(reader.readUntil(
                    r -> ResultCounts.distinctKeys(ScaleOutContainerIT.join(results, r)) >= UPLOADS,
                    Duration.ofMinutes(5),
                    e -> {}));
            double done = (System.nanoTime() - faultAt) / 1e9;
            results.addAll(reader.readUntil(r -> false, Duration.ofSeconds(5), e -> {}));
            await().atMost(Duration.ofSeconds(90)).until(s::allCommitted);
            // what the victim itself said about losing its partitions (a frozen one wakes to this)
            victim.logs()
                    .lines()
                    .filter(l -> l.contains("lost [")
                            || l.toLowerCase(java.util.Locale.ROOT).contains("fenced"))
                    .limit(3)
                    .forEach(l -> System.out.println("  victim log: " + l.substring(0, Math.min(240, l.length()))));
            return new Run(results, reassigned, done);
        } finally {
            replicas.forEach(Replica::close);
        }
    }

    private static int held(List<Replica> replicas) {
        return replicas.stream().mapToInt(Replica::assignedPartitions).sum();
    }
}
