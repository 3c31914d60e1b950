package thumbstream.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
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
    private static final long TIMEOUT_SECONDS = 30;

    private ShareGroupSetup() {}

    /** @return true when it set {@code earliest} */
    static boolean startFromTheBeginning(Admin admin, String groupId) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        try {
            ConfigEntry reset = admin.describeConfigs(List.of(group))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(group)
                    .get(AUTO_OFFSET_RESET);
            if (reset != null && reset.source() == ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG) {
                LOG.info(
                        "share group {}: {}={} (set on the group; left as it is)",
                        groupId,
                        AUTO_OFFSET_RESET,
                        reset.value());
                return false;
            }
            if (!offsets(admin, groupId).isEmpty()) {
                return false; // the group has state: it goes on from there
            }
            admin.incrementalAlterConfigs(Map.of(
                            group,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(AUTO_OFFSET_RESET, "earliest"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info(
                    "share group {} is new: {}=earliest, so it starts from the beginning of the topic",
                    groupId,
                    AUTO_OFFSET_RESET);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "share group {}: could not check or set {}=earliest ({}); a new group then starts at the end"
                            + " of the topic. Grant ALTER_CONFIGS and DESCRIBE_CONFIGS on the group, or set it with"
                            + " kafka-configs.sh --entity-type groups",
                    groupId,
                    AUTO_OFFSET_RESET,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
