package thumbstream.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up of share-group mode: a share group the broker has no state for starts from the end of
 * the topic ({@code share.auto.offset.reset=latest} is Kafka's default), which would skip every
 * upload announced before the first deployment. So the service sets {@code earliest} on its own
 * group, through the Admin client, when the group has no offsets yet; a group with state, or one
 * whose reset an operator set, is left as it is. Needs ALTER_CONFIGS on the group (and DESCRIBE).
 */
final class ShareGroupSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupSetup.class);
    static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    static final String LOCK_DURATION = "share.record.lock.duration.ms";
    /** Kafka's default bounds of a group's lock ({@code group.share.min/max.record.lock.duration.ms}). */
    static final Duration MIN_LOCK = Duration.ofSeconds(15);

    static final Duration MAX_LOCK = Duration.ofSeconds(60);
    private static final long TIMEOUT_SECONDS = 30;

    private ShareGroupSetup() {}

    /**
     * Prepares the group with one describe and at most one alter: {@code earliest} when the group
     * has no state yet, and the acquisition lock {@code lock}; a setting an operator put on the
     * group is left as it is. Failures are logged, not thrown: the service still runs on the
     * broker's defaults.
     *
     * @return the group's acquisition lock: the one an operator set, else {@code lock} (also when
     *     it could not be set, the broker's default being unknown here)
     */
    static Duration configure(Admin admin, String groupId, Duration lock) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        try {
            Config current = admin.describeConfigs(List.of(group))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(group);
            List<AlterConfigOp> changes = new ArrayList<>();
            if (!setByOperator(groupId, current.get(AUTO_OFFSET_RESET))
                    && offsets(admin, groupId).isEmpty()) {
                changes.add(set(AUTO_OFFSET_RESET, "earliest"));
            }
            Duration effective = lock;
            ConfigEntry currentLock = current.get(LOCK_DURATION);
            if (setByOperator(groupId, currentLock)) {
                effective = Duration.ofMillis(Long.parseLong(currentLock.value()));
            } else {
                changes.add(set(LOCK_DURATION, Long.toString(lock.toMillis())));
            }
            if (changes.isEmpty()) {
                return effective;
            }
            admin.incrementalAlterConfigs(Map.of(group, changes)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (AlterConfigOp change : changes) {
                LOG.info(
                        "share group {}: {}={} ({})",
                        groupId,
                        change.configEntry().name(),
                        change.configEntry().value(),
                        change.configEntry().name().equals(AUTO_OFFSET_RESET)
                                ? "the group is new: it starts from the beginning of the topic"
                                : "twice THUMBSTREAM_RENDER_TIMEOUT");
            }
            return effective;
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn(
                    "share group {}: could not check or set {}=earliest and {}={} ({}); the broker's defaults apply:"
                            + " a new group starts at the end of the topic, and a record whose work outlasts the"
                            + " default lock may be worked on twice. Grant ALTER_CONFIGS and DESCRIBE_CONFIGS on the"
                            + " group, or set them with kafka-configs.sh --entity-type groups",
                    groupId,
                    AUTO_OFFSET_RESET,
                    LOCK_DURATION,
                    lock.toMillis(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lock;
    }

    private static boolean setByOperator(String groupId, ConfigEntry entry) {
        if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG) {
            LOG.info("share group {}: {}={} (set on the group; left as it is)", groupId, entry.name(), entry.value());
            return true;
        }
        return false;
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    /**
     * The acquisition lock a record needs: it must outlast the record's work (a render is cut at
     * {@code renderTimeout}; download and upload come on top), or the broker hands the record to
     * another member while this one still works on it. Twice the render timeout, within Kafka's
     * default bounds of 15 to 60 s. (Renewing the lock with {@code AcknowledgeType.RENEW} is not
     * used: the 4.2 and 4.3 clients hand a renewed record to the application again, KAFKA-20458.)
     */
    static Duration lockFor(Duration renderTimeout) {
        Duration wanted = renderTimeout.multipliedBy(2);
        return wanted.compareTo(MIN_LOCK) < 0 ? MIN_LOCK : wanted.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : wanted;
    }

    /** The group's start offsets and lag per partition (empty for a group without state). */
    static Map<TopicPartition, SharePartitionOffsetInfo> offsets(Admin admin, String groupId)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                        Map.of(groupId, new ListShareGroupOffsetsSpec()))
                .partitionsToOffsetInfo(groupId)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        offsets.values().removeIf(info -> info == null);
        return offsets;
    }

    /** Sum of the lag of {@code partitions} (all when empty), for the lag gauge. */
    static long lag(Map<TopicPartition, SharePartitionOffsetInfo> offsets, Collection<String> topics) {
        return offsets.entrySet().stream()
                .filter(e -> topics.contains(e.getKey().topic()))
                .mapToLong(e -> e.getValue().lag().orElse(0L))
                .sum();
    }
}
