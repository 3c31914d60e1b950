package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.deploy.KubernetesManifests.Manifest;

/** k8s/ runs the service the way its code expects: probes, port, shutdown, scaling, identity. */
class KubernetesManifestsTest {

    private final KubernetesManifests k8s = new KubernetesManifests();
    private final Manifest deployment = k8s.single("Deployment");
    private final JsonNode container = KubernetesManifests.container(deployment);
    private final ThumbstreamConfig config = ServiceContract.load(k8s.environment(deployment));

    @Test
    void httpPortIsTheOneTheServiceListensOn() {
        assertThat(containerPort("http"))
                .as(
                        "%s: containerPort `http` vs THUMBSTREAM_HTTP_PORT (ThumbstreamConfig.DEFAULT_HTTP_PORT = %s "
                                + "unless the ConfigMap sets it)",
                        deployment.where(), ThumbstreamConfig.DEFAULT_HTTP_PORT)
                .isEqualTo(config.httpPort());
    }

    @Test
    void probesAskTheManagementServerOnTheHttpPort() {
        assertProbe("livenessProbe", "/healthz");
        assertProbe("readinessProbe", "/readyz");
        if (container.has("startupProbe")) {
            assertProbe("startupProbe", "/healthz");
        }
    }

    @Test
    void podOutlivesTheServicesShutdownGrace() {
        Map<String, String> env = k8s.environment(deployment);
        assertThat(env)
                .as("%s: THUMBSTREAM_SHUTDOWN_GRACE bounds the drain on SIGTERM", deployment.where())
                .containsKey("THUMBSTREAM_SHUTDOWN_GRACE");
        Duration grace = ServiceContract.duration(env.get("THUMBSTREAM_SHUTDOWN_GRACE"));
        JsonNode period = KubernetesManifests.podSpec(deployment).path("terminationGracePeriodSeconds");

        assertThat(period.isInt())
                .as("%s sets terminationGracePeriodSeconds", deployment.where())
                .isTrue();
        assertThat(Duration.ofSeconds(period.asInt()))
                .as(
                        "%s: terminationGracePeriodSeconds must exceed THUMBSTREAM_SHUTDOWN_GRACE (%s), or the "
                                + "kubelet kills the JVM before it commits what it finished",
                        deployment.where(), grace)
                .isGreaterThan(grace);
    }

    @Test
    void staticMembershipIdIsThePodName() {
        JsonNode var = envVar("KAFKA_GROUP_INSTANCE_ID");

        assertThat(var.path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .as(
                        "%s: KAFKA_GROUP_INSTANCE_ID must be unique per pod (fieldRef metadata.name): two members "
                                + "with one instance id fence each other out of the group",
                        deployment.where())
                .isEqualTo("metadata.name");
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootWithAWritableTmp() {
        JsonNode pod = KubernetesManifests.podSpec(deployment).path("securityContext");
        JsonNode own = container.path("securityContext");

        assertThat(own.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean()))
                .as("%s: runAsNonRoot", deployment.where())
                .isTrue();
        assertThat(own.path("readOnlyRootFilesystem").asBoolean())
                .as("%s: readOnlyRootFilesystem", deployment.where())
                .isTrue();
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath"))
                .as("%s: ImageIO and the JVM write to /tmp, which a read-only root needs mounted", deployment.where())
                .contains("/tmp");
    }

    @Test
    void declaresResourceRequestsAndLimits() {
        JsonNode resources = container.path("resources");

        assertThat(resources.path("requests").has("cpu")
                        && resources.path("requests").has("memory"))
                .as("%s: requests.cpu and requests.memory", deployment.where())
                .isTrue();
        assertThat(resources.path("limits").has("memory"))
                .as("%s: limits.memory (the heap is sized from it: -XX:MaxRAMPercentage)", deployment.where())
                .isTrue();
    }

    @Test
    void metricsServiceAndDisruptionBudgetSelectTheDeploymentsPods() {
        Map<String, String> podLabels = labels(
                deployment.doc().path("spec").path("template").path("metadata").path("labels"));
        Manifest service = k8s.single("Service");
        Manifest pdb = k8s.single("PodDisruptionBudget");

        assertThat(podLabels)
                .as("%s selects pods with labels %s", service.where(), podLabels)
                .containsAllEntriesOf(labels(service.doc().path("spec").path("selector")));
        assertThat(podLabels)
                .as("%s selects pods with labels %s", pdb.where(), podLabels)
                .containsAllEntriesOf(
                        labels(pdb.doc().path("spec").path("selector").path("matchLabels")));
        assertThat(pdb.doc().path("spec").path("maxUnavailable").asInt(-1))
                .as("%s maxUnavailable", pdb.where())
                .isEqualTo(1);
    }

    @Test
    void metricsServiceAdvertisesTheScrapeEndpoint() {
        Manifest service = k8s.single("Service");
        JsonNode annotations = service.doc().path("metadata").path("annotations");
        JsonNode port = service.doc().path("spec").path("ports").get(0);

        assertThat(annotations.path("prometheus.io/scrape").asText())
                .as("%s", service.where())
                .isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText())
                .as("%s", service.where())
                .isEqualTo(String.valueOf(config.httpPort()));
        assertThat(annotations.path("prometheus.io/path").asText())
                .as("%s", service.where())
                .isEqualTo("/metrics");
        assertThat(ServiceContract.serves("/metrics"))
                .as("the management server serves /metrics")
                .isTrue();
        assertThat(port.path("name").asText())
                .as("%s port name", service.where())
                .isEqualTo("http");
        assertThat(port.path("targetPort").asText())
                .as("%s targetPort", service.where())
                .isIn("http", String.valueOf(config.httpPort()));
    }

    private void assertProbe(String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText())
                .as("%s: %s path", deployment.where(), probe)
                .isEqualTo(path);
        assertThat(ServiceContract.serves(path))
                .as("the management server (thumbstream.http) serves %s", path)
                .isTrue();
        assertThat(get.path("port").asText())
                .as("%s: %s port, the named port `http` or its number", deployment.where(), probe)
                .isIn("http", String.valueOf(config.httpPort()));
    }

    private int containerPort(String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError(deployment.where() + ": no container port named '" + name + "'");
    }

    private JsonNode envVar(String name) {
        for (JsonNode var : container.path("env")) {
            if (name.equals(var.path("name").asText())) {
                return var;
            }
        }
        throw new AssertionError(deployment.where() + ": container env has no " + name);
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
