package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.config.Topics;

/**
 * The topics the service consumes and produces (thumbstream.config.Topics.DEFAULT, unless a
 * THUMBSTREAM_*_TOPIC variable overrides one) are the topics each deployment creates, and the one
 * MinIO publishes its notifications to.
 */
class TopicAgreementTest {

    private final ComposeFile compose = new ComposeFile();
    private final KubernetesManifests k8s = new KubernetesManifests();

    @Test
    void composeCreatesTheTopicsTheServiceUses() {
        Map<String, Integer> created = compose.createdTopics();

        for (String service : compose.thumbstreamServices()) {
            Topics used = composeConfig(service).topics();
            assertThat(created.keySet())
                    .as(
                            "%s: topics created by `kafka-topics.sh --create` vs the topics service '%s' uses "
                                    + "(Topics.DEFAULT = %s)",
                            ComposeFile.FILE, service, Topics.DEFAULT)
                    .containsExactlyInAnyOrderElementsOf(names(used));
        }
    }

    @Test
    void minioPublishesToTheTopicTheServiceConsumes() {
        String minio = "minio";
        String topic = compose.environment(minio).get("MINIO_NOTIFY_KAFKA_TOPIC_PRIMARY");

        for (String service : compose.thumbstreamServices()) {
            assertThat(topic)
                    .as(
                            "%s: MINIO_NOTIFY_KAFKA_TOPIC_PRIMARY vs the uploads topic of service '%s'",
                            ComposeFile.FILE, service)
                    .isEqualTo(composeConfig(service).topics().uploads());
        }
        assertThat(compose.environment(minio))
                .as("%s: MinIO's Kafka target PRIMARY must be on and know the broker", ComposeFile.FILE)
                .containsEntry("MINIO_NOTIFY_KAFKA_ENABLE_PRIMARY", "on")
                .containsKey("MINIO_NOTIFY_KAFKA_BROKERS_PRIMARY");
    }

    @Test
    void kubernetesDeclaresTheTopicsTheServiceUses() {
        ThumbstreamConfig config = ServiceContract.load(k8s.environment(k8s.single("Deployment")));

        assertThat(k8s.kafkaTopics().keySet())
                .as(
                        "Strimzi KafkaTopic resources under k8s/ vs the topics the Deployment uses "
                                + "(Topics.DEFAULT = %s)",
                        Topics.DEFAULT)
                .containsExactlyInAnyOrderElementsOf(names(config.topics()));
    }

    @Test
    void withoutOverridesBothDeploymentsUseTheDefaultTopics() {
        ThumbstreamConfig kubernetes = ServiceContract.load(k8s.environment(k8s.single("Deployment")));

        assertThat(kubernetes.topics()).as("k8s/ topics").isEqualTo(Topics.DEFAULT);
        for (String service : compose.thumbstreamServices()) {
            assertThat(composeConfig(service).topics())
                    .as("%s service '%s' topics", ComposeFile.FILE, service)
                    .isEqualTo(Topics.DEFAULT);
        }
    }

    private ThumbstreamConfig composeConfig(String service) {
        return ServiceContract.load(compose.environmentWithDefaults(service));
    }

    private static List<String> names(Topics topics) {
        return List.of(topics.uploads(), topics.results(), topics.deadLetters(), topics.backfill(), topics.jobs());
    }
}
