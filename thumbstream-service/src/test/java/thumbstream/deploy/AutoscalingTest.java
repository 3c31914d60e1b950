package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.deploy.KubernetesManifests.Manifest;

/**
 * KEDA (and the optional HPA) scale the Deployment within what the topic can use, and KEDA measures
 * the lag of the group and topic the service actually consumes.
 */
class AutoscalingTest {

    private final KubernetesManifests k8s = new KubernetesManifests();
    private final Manifest deployment = k8s.single("Deployment");
    private final ThumbstreamConfig config = ServiceContract.load(k8s.environment(deployment));
    /** The default one (consumer groups); optional/share-scaledobject.yaml is checked on its own below. */
    private final Manifest scaledObject = k8s.in("ScaledObject", "k8s/scaledobject.yaml");

    private final Manifest shareScaledObject = k8s.in("ScaledObject", "k8s/optional/share-scaledobject.yaml");
    private final JsonNode trigger = kafkaTrigger();

    @Test
    void kedaNeverRunsMoreConsumersThanUploadsHasPartitions() {
        Integer partitions = k8s.kafkaTopics().get(config.topics().uploads());

        assertThat(partitions)
                .as(
                        "KafkaTopic %s with spec.partitions under k8s/",
                        config.topics().uploads())
                .isNotNull();
        assertThat(scaledObject.doc().path("spec").path("maxReplicaCount").asInt())
                .as(
                        "%s: maxReplicaCount above the %s partitions of %s only adds idle consumers",
                        scaledObject.where(), partitions, config.topics().uploads())
                .isBetween(1, partitions);
        assertThat(scaledObject.doc().path("spec").path("minReplicaCount").asInt(-1))
                .as("%s: minReplicaCount", scaledObject.where())
                .isEqualTo(1);
    }

    @Test
    void kedaWatchesTheLagOfTheServicesGroupTopicAndCluster() {
        JsonNode metadata = trigger.path("metadata");

        assertThat(metadata.path("consumerGroup").asText())
                .as("%s consumerGroup vs THUMBSTREAM_GROUP_ID", scaledObject.where())
                .isEqualTo(config.groupId());
        assertThat(metadata.path("topic").asText())
                .as("%s topic vs THUMBSTREAM_UPLOADS_TOPIC", scaledObject.where())
                .isEqualTo(config.topics().uploads());
        assertThat(metadata.path("bootstrapServers").asText())
                .as("%s bootstrapServers vs KAFKA_BOOTSTRAP_SERVERS", scaledObject.where())
                .isEqualTo(config.bootstrapServers());
        assertThat(metadata.path("lagThreshold").isTextual())
                .as("%s lagThreshold is a quoted number (KEDA's metadata values are strings)", scaledObject.where())
                .isTrue();
    }

    @Test
    void theShareGroupScaledObjectScalesTheDeploymentOnTheShareLagGaugeBeyondThePartitionCount() {
        JsonNode spec = shareScaledObject.doc().path("spec");
        assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(deployment.name());
        JsonNode trigger = spec.path("triggers").path(0);
        assertThat(trigger.path("type").asText()).isEqualTo("prometheus");
        assertThat(trigger.path("metadata").path("query").asText())
                .contains("thumbstream_share_lag")
                .contains("group=\"" + config.groupId() + "\"")
                .contains("topic=\"" + config.topics().uploads() + "\"");
        assertThat(spec.path("maxReplicaCount").asInt())
                .as("share groups are not bounded by the partition count")
                .isGreaterThan(k8s.kafkaTopics().get(config.topics().uploads()));
    }

    @Test
    void everyAutoscalerTargetsTheDeployment() {
        assertThat(scaledObject
                        .doc()
                        .path("spec")
                        .path("scaleTargetRef")
                        .path("name")
                        .asText())
                .as("%s scaleTargetRef", scaledObject.where())
                .isEqualTo(deployment.name());
        for (Manifest hpa : k8s.ofKind("HorizontalPodAutoscaler")) {
            JsonNode spec = hpa.doc().path("spec");
            assertThat(spec.path("scaleTargetRef").path("name").asText())
                    .as("%s scaleTargetRef", hpa.where())
                    .isEqualTo(deployment.name());
            assertThat(spec.path("maxReplicas").asInt())
                    .as(
                            "%s: maxReplicas must not exceed the partitions of %s",
                            hpa.where(), config.topics().uploads())
                    .isBetween(1, k8s.kafkaTopics().get(config.topics().uploads()));
        }
    }

    @Test
    void deploymentLeavesTheReplicaCountToTheAutoscaler() {
        assertThat(deployment.doc().path("spec").has("replicas"))
                .as("%s sets spec.replicas: every `kubectl apply` would reset what KEDA scaled to", deployment.where())
                .isFalse();
    }

    private JsonNode kafkaTrigger() {
        List<JsonNode> kafka = new ArrayList<>();
        scaledObject.doc().path("spec").path("triggers").forEach(t -> {
            if ("kafka".equals(t.path("type").asText())) {
                kafka.add(t);
            }
        });
        assertThat(kafka)
                .as("%s has one trigger of type kafka", scaledObject.where())
                .hasSize(1);
        return kafka.get(0);
    }
}
