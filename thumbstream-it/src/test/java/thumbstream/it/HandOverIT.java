package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * A rebalance and a SIGTERM must not hold the group: one instance with hundreds of renders in
 * flight, two more join, the first gets SIGTERM. Static members (as the k8s manifests run them,
 * {@code KAFKA_GROUP_INSTANCE_ID}) and the broker's default 45 s session timeout: the partitions
 * must move within the grace plus a few seconds, not when the session times out. Under the classic
 * protocol and under KIP-848's consumer protocol.
 */
class HandOverIT {

    private static final int UPLOADS = 400;
    private static final int PARTITIONS = 6;
    private static final Duration GRACE = Duration.ofSeconds(10);

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void sigtermHandsThePartitionsOverWithinTheGraceAndEveryUploadCompletes(String protocol) throws Exception {
        Scenario s = new Scenario("hand-over-" + protocol, PARTITIONS);
        List<UploadEvent> uploads = s.uploadImages(UPLOADS, 1600, 1200);
        List<ThumbnailEvent> results = new ArrayList<>();
        try (ResultsReader reader = new ResultsReader(
                        s.config.bootstrapServers(), s.config.topics().results());
                Admin admin = SharedInfrastructure.get().admin();
                ServiceProcess first = ServiceProcess.start("hand-over-1", env(s, protocol, "hand-over-1"))) {
            // given: the first instance works with up to 50 records per partition in flight
            s.announce(uploads);
            results.addAll(reader.readUntil(r -> r.size() >= 20, Scenario.LONG, r -> {}));

            // when: two more join, and once they have partitions the first gets SIGTERM
            try (ServiceProcess second = ServiceProcess.start("hand-over-2", env(s, protocol, "hand-over-2"));
                    ServiceProcess third = ServiceProcess.start("hand-over-3", env(s, protocol, "hand-over-3"))) {
                Set<TopicPartition> firstOwns = awaitAssignment(admin, s.config.groupId());
                first.terminate();

                // then: its partitions belong to the others within grace + 5 s
                Duration moved = awaitMovedAway(admin, s.config.groupId(), firstOwns, GRACE.plusSeconds(30));
                System.out.printf(
                        "%s: SIGTERM with %d partitions on the first instance; moved after %.1f s%n",
                        protocol, firstOwns.size(), moved.toMillis() / 1000.0);
                assertThat(first.waitFor(GRACE.plusSeconds(10)))
                        .as("first exited")
                        .isTrue();
                assertThat(first.exitValue())
                        .as("exit code; log:%n%s", first.logTail())
                        .isZero();
                assertThat(moved).isLessThanOrEqualTo(GRACE.plusSeconds(5));

                // and every upload ends completed or skipped (a redone upload finds its thumbnails)
                results.addAll(reader.readUntil(
                        r -> ResultCounts.doneByKey(concat(results, r)).size() >= UPLOADS, Scenario.LONG, r -> {}));
                assertThat(results)
                        .allSatisfy(r -> assertThat(r.status())
                                .isIn(ThumbnailEvent.Status.COMPLETED, ThumbnailEvent.Status.SKIPPED));
                assertThat(ResultCounts.doneByKey(results)).hasSize(UPLOADS);
            }
        }
    }

    private static Map<String, String> env(Scenario s, String protocol, String instance) {
        Map<String, String> extra = new HashMap<>(Map.of(
                "THUMBSTREAM_MAX_IN_FLIGHT_PER_PARTITION",
                "50",
                "THUMBSTREAM_SHUTDOWN_GRACE",
                GRACE.toSeconds() + "s",
                "KAFKA_GROUP_INSTANCE_ID",
                instance,
                "KAFKA_GROUP_PROTOCOL",
                protocol));
        Map<String, String> env = s.env(extra);
        // The broker's (and Kafka's) default session timeout; the consumer protocol refuses both
        // settings on the client (its session timeout is the broker's group.consumer.session.timeout.ms).
        env.remove("KAFKA_SESSION_TIMEOUT_MS");
        env.remove("KAFKA_HEARTBEAT_INTERVAL_MS");
        return env;
    }

    /**
     * Waits until the three instances each own partitions (of the uploads topic or the backfill
     * lane) and the group is stable for a second; returns those of the first instance.
     */
    private static Set<TopicPartition> awaitAssignment(Admin admin, String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, Set<TopicPartition>> previous = Map.of();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription d = describe(admin, group);
            Map<String, Set<TopicPartition>> owned = d.members().stream()
                    .filter(m -> m.groupInstanceId().isPresent())
                    .collect(Collectors.toMap(
                            m -> m.groupInstanceId().get(), m -> m.assignment().topicPartitions(), (a, b) -> a));
            boolean settled = d.groupState() == GroupState.STABLE
                    && owned.size() == 3
                    && owned.values().stream().noneMatch(Set::isEmpty);
            if (settled && owned.equals(previous)) {
                return owned.get("hand-over-1");
            }
            previous = settled ? owned : Map.of();
            Thread.sleep(1000);
        }
        throw new AssertionError("the three instances never shared the partitions: " + describe(admin, group));
    }

    private static Duration awaitMovedAway(Admin admin, String group, Set<TopicPartition> partitions, Duration max)
            throws Exception {
        long started = System.nanoTime();
        while (System.nanoTime() - started < max.toNanos()) {
            ConsumerGroupDescription d = describe(admin, group);
            Optional<MemberDescription> first = d.members().stream()
                    .filter(m -> m.groupInstanceId().equals(Optional.of("hand-over-1")))
                    .findAny();
            Set<TopicPartition> ownedByOthers = d.members().stream()
                    .filter(m -> !m.groupInstanceId().equals(Optional.of("hand-over-1")))
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .collect(Collectors.toSet());
            if (first.isEmpty() && ownedByOthers.containsAll(partitions)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(100);
        }
        return max;
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    }

    private static List<ThumbnailEvent> concat(List<ThumbnailEvent> a, List<ThumbnailEvent> b) {
        List<ThumbnailEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
