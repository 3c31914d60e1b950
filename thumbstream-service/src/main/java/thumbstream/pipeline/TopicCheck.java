package thumbstream.pipeline;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.config.ThumbstreamConfig;

/**
 * Which topics to consume: the live uploads topic always, the backfill lane when it exists. A
 * missing backfill topic disables the lane with one warning instead of the consumer's endless
 * "unknown topic" warnings; when the broker cannot be asked, both are subscribed.
 */
final class TopicCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCheck.class);

    private TopicCheck() {}

    static List<String> inputTopics(ThumbstreamConfig config) {
        String live = config.topics().uploads();
        String backfill = config.topics().backfill();
        if (backfill == null || backfill.isBlank() || backfill.equals(live)) {
            return List.of(live);
        }
        try (Admin admin = KafkaClients.admin(config)) {
            Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            if (!names.contains(backfill)) {
                LOG.warn(
                        "backfill topic '{}' does not exist: the backfill lane is off (create it and restart)",
                        backfill);
                return List.of(live);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.info("could not list topics ({}); subscribing to {} and {}", e.toString(), live, backfill);
        }
        return List.of(live, backfill);
    }
}
