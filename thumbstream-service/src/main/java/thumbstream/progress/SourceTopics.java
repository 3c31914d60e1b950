package thumbstream.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import thumbstream.config.KafkaClientSettings;
import thumbstream.config.ThumbstreamConfig;

/** Which of the progress topology's source topics do not exist (yet). */
final class SourceTopics {

    private final ThumbstreamConfig config;

    SourceTopics(ThumbstreamConfig config) {
        this.config = config;
    }

    /**
     * @return the missing source topics; empty also when the broker cannot be asked (Kafka Streams
     *         then starts and retries the connection itself)
     */
    List<String> missing() {
        try (Admin admin =
                Admin.create(KafkaClientSettings.forClient(KafkaClientSettings.Client.ADMIN, config.kafka()))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>();
            for (String topic :
                    List.of(config.topics().results(), config.topics().jobs())) {
                if (!existing.contains(topic)) {
                    missing.add(topic);
                }
            }
            return missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return List.of();
        }
    }
}
