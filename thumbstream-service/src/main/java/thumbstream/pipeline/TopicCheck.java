package thumbstream.pipeline;

import java.util.List;
import java.util.Optional;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;

/**
 * Which topics to consume: the live uploads topic, and the backfill lane whenever one is
 * configured, whether or not its topic exists yet. The consumer finds a topic created later on its
 * next metadata refresh ({@link KafkaClients#METADATA_MAX_AGE_MS}) and the group assigns its
 * partitions then, so a lane created by {@code thumbstream backfill}, by the broker's
 * auto-creation or by an operator starts without a restart. The consumer itself never creates it.
 */
final class TopicCheck {

    private TopicCheck() {}

    static List<String> inputTopics(ThumbstreamConfig config) {
        String live = config.topics().uploads();
        return backfillLane(config.topics()).map(lane -> List.of(live, lane)).orElse(List.of(live));
    }

    /** The backfill topic, unless none is configured or it is the uploads topic itself. */
    static Optional<String> backfillLane(Topics topics) {
        String backfill = topics.backfill();
        if (backfill == null || backfill.isBlank() || backfill.equals(topics.uploads())) {
            return Optional.empty();
        }
        return Optional.of(backfill);
    }
}
