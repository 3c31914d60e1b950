package thumbstream.backfill;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import thumbstream.config.KafkaClientSettings;
import thumbstream.config.KafkaClientSettings.Client;
import thumbstream.config.ThumbstreamConfig;

/**
 * Whether any instance of the service consumes the backfill lane, asked of the service's consumer
 * group after a backfill has published: a job whose events nobody reads never moves, and without
 * this the only hint would be in the service's own log.
 *
 * <p>A group without members answers at once. A group whose members own no partition of the lane
 * is asked again for a while first: an instance finds a lane topic created moments ago (by this
 * backfill, say) on its next metadata refresh, 30 s at most, and the group rebalances then.
 */
public final class LaneConsumers {

    /** The services' metadata refresh (30 s) plus a rebalance. */
    static final Duration PICK_UP_WAIT = Duration.ofSeconds(40);

    private static final long TIMEOUT_SECONDS = 15;

    /** What the group's members say about the lane. */
    enum Verdict {
        CONSUMED,
        NO_MEMBERS,
        NOT_ASSIGNED
    }

    private LaneConsumers() {}

    /**
     * A warning for the user when no instance consumes {@code config}'s backfill topic, or empty.
     *
     * @param waiting told once when the check waits for running instances to pick the lane up
     */
    public static Optional<String> warning(ThumbstreamConfig config, Consumer<String> waiting)
            throws InterruptedException {
        try (Admin admin = Admin.create(KafkaClientSettings.forClient(Client.ADMIN, config.kafka()))) {
            return warning(admin, config.groupId(), config.topics().backfill(), PICK_UP_WAIT, waiting);
        }
    }

    static Optional<String> warning(Admin admin, String group, String lane, Duration wait, Consumer<String> waiting)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            List<Set<TopicPartition>> assignments;
            try {
                assignments = assignments(admin, group);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                return Optional.of("note: could not check whether the service consumes '" + lane
                        + "' (describing consumer group '" + group + "' failed: " + cause + ")");
            }
            Verdict verdict = verdict(lane, assignments);
            if (verdict == Verdict.CONSUMED) {
                return Optional.empty();
            }
            if (verdict == Verdict.NO_MEMBERS) {
                return Optional.of("WARNING: no instance of the service is consuming the backfill lane '" + lane
                        + "': consumer group '" + group + "' (THUMBSTREAM_GROUP_ID) has no members. The events wait"
                        + " on the topic until `thumbstream run` starts with THUMBSTREAM_GROUP_ID=" + group
                        + " and THUMBSTREAM_BACKFILL_TOPIC=" + lane + ".");
            }
            if (System.nanoTime() > deadline) {
                return Optional.of("WARNING: no instance of the service is consuming the backfill lane '" + lane
                        + "': none of the " + assignments.size() + " member(s) of consumer group '" + group
                        + "' owns a partition of it after " + wait.toSeconds() + " s. Check that the instances"
                        + " run with THUMBSTREAM_BACKFILL_TOPIC=" + lane + "; an instance of a version that"
                        + " reads the lane only when it existed at start-up needs a restart.");
            }
            if (!told) {
                waiting.accept("waiting up to " + wait.toSeconds() + " s for the service to pick up '" + lane + "'…");
                told = true;
            }
            Thread.sleep(1000);
        }
    }

    /** Each member's assigned partitions; none when the group does not exist. */
    private static List<Set<TopicPartition>> assignments(Admin admin, String group)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(group);
            return d.members().stream()
                    .map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions())
                    .toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    static Verdict verdict(String lane, Collection<Set<TopicPartition>> assignments) {
        if (assignments.isEmpty()) {
            return Verdict.NO_MEMBERS;
        }
        boolean consumed = assignments.stream()
                .flatMap(Set::stream)
                .anyMatch(tp -> tp.topic().equals(lane));
        return consumed ? Verdict.CONSUMED : Verdict.NOT_ASSIGNED;
    }
}
