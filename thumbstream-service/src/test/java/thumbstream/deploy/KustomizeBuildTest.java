package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;

/**
 * What `kubectl apply -k k8s/` would send, as `kubectl kustomize k8s` builds it (offline, no
 * cluster), held to the code: only variables the production service reads, probes on the
 * management server's paths and port, and no Secret, so a real one is never overwritten by the
 * example. Skipped without kubectl, except on CI (CI=true), where it fails.
 */
class KustomizeBuildTest {

    private static final List<JsonNode> BUILT = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        String kubectl = ExternalTools.required("kubectl", "kubectl 1.27+ (its built-in kustomize reads k8s/)")
                .toString();
        ExternalTools.Result result = ExternalTools.run(kubectl, "kustomize", "k8s");
        assertThat(result.exitCode())
                .as("`kubectl kustomize k8s` failed:%n%s", result.output())
                .isZero();
        try (MappingIterator<JsonNode> docs =
                new YAMLMapper().readerFor(JsonNode.class).readValues(result.output())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    BUILT.add(doc);
                }
            }
        }
    }

    @Test
    void setsOnlyVariablesTheProductionServiceReads() {
        List<String> unknown = new ArrayList<>();
        for (JsonNode configMap : ofKind("ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(name -> {
                if (!productionReads(name)) {
                    unknown.add("ConfigMap " + name(configMap) + ": " + name);
                }
            });
        }
        for (JsonNode var : container().path("env")) {
            String name = var.path("name").asText();
            if (!productionReads(name) && !ServiceContract.JVM_VARIABLES.contains(name)) {
                unknown.add("Deployment env: " + name);
            }
        }

        assertThat(unknown)
                .as(
                        "variables `kubectl kustomize k8s` hands the container that the production service never "
                                + "reads (a typo, or a renamed setting). THUMBSTREAM_* read by thumbstream-imaging and "
                                + "-service: %s; KAFKA_<NAME> must be a Kafka client setting",
                        ServiceContract.productionVariables())
                .isEmpty();
    }

    @Test
    void probesAskTheManagementServerOnItsPort() {
        JsonNode container = container();
        int httpPort = ServiceContract.load(environmentWithPlaceholderSecrets()).httpPort();
        Map<String, Integer> ports = new LinkedHashMap<>();
        container
                .path("ports")
                .forEach(p -> ports.put(
                        p.path("name").asText(), p.path("containerPort").asInt()));

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            String path = get.path("path").asText();
            JsonNode port = get.path("port");
            int number = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);

            assertThat(ServiceContract.serves(path))
                    .as("%s path '%s': the management server (thumbstream.http) serves it", probe, path)
                    .isTrue();
            assertThat(number)
                    .as(
                            "%s port '%s' (container ports %s) vs the port the service listens on "
                                    + "(THUMBSTREAM_HTTP_PORT from the ConfigMap, else %s)",
                            probe, port.asText(), ports, ThumbstreamConfig.DEFAULT_HTTP_PORT)
                    .isEqualTo(httpPort);
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/healthz");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/readyz");
    }

    @Test
    void appliesNoSecretSoARealOneIsNeverOverwritten() {
        assertThat(ofKind("Secret"))
                .as("`kubectl apply -k k8s/` must not apply secret.example.yaml: it would replace the real "
                        + "thumbstream-credentials with placeholders")
                .isEmpty();
        assertThat(DeployFiles.path("k8s/secret.example.yaml"))
                .as("the example Secret stays")
                .exists();
        assertThat(container().path("envFrom").findValuesAsText("name"))
                .as("the Deployment still reads the Secret users create")
                .contains("thumbstream-credentials");
    }

    @Test
    void appliesNoneOfTheOptionalManifests() {
        assertThat(BUILT)
                .extracting(doc -> doc.path("kind").asText())
                .as("k8s/optional/: the HPA would fight KEDA; the PrometheusRule needs the Prometheus Operator")
                .doesNotContain("HorizontalPodAutoscaler", "PrometheusRule");
    }

    @Test
    void aNetworkPolicyAdmitsOnlyPrometheusAndLabelledClientsToTheManagementPort() {
        JsonNode deployment = ofKind("Deployment").get(0);
        Map<String, String> podLabels = strings(
                deployment.path("spec").path("template").path("metadata").path("labels"));
        int httpPort = ServiceContract.load(environmentWithPlaceholderSecrets()).httpPort();
        List<JsonNode> policies = ofKind("NetworkPolicy").stream()
                .filter(p -> selects(p.path("spec").path("podSelector"), podLabels))
                .toList();

        assertThat(policies)
                .as("NetworkPolicies built from k8s/ that select the Deployment's pods (labels %s)", podLabels)
                .hasSize(1);
        JsonNode spec = policies.get(0).path("spec");
        assertThat(spec.path("podSelector").path("matchLabels").isEmpty())
                .as("%s: an empty podSelector selects every pod of the namespace", name(policies.get(0)))
                .isFalse();
        List<String> types = new ArrayList<>();
        spec.path("policyTypes").forEach(t -> types.add(t.asText()));
        assertThat(types)
                .as("the policy restricts ingress, and leaves egress open (Kafka and S3 endpoints vary)")
                .containsExactly("Ingress");

        List<String> allowed = new ArrayList<>();
        for (JsonNode rule : spec.path("ingress")) {
            assertThat(rule.path("from").isEmpty())
                    .as("an ingress rule without `from` admits everyone: %s", rule)
                    .isFalse();
            assertThat(rule.path("ports").isEmpty())
                    .as("an ingress rule without `ports` opens every port: %s", rule)
                    .isFalse();
            for (JsonNode port : rule.path("ports")) {
                assertThat(portNumber(port.path("port")))
                        .as("ingress port %s vs the management port", port)
                        .isEqualTo(httpPort);
            }
            for (JsonNode peer : rule.path("from")) {
                assertThat(peer.has("ipBlock")).as("no ipBlock peers: %s", peer).isFalse();
                assertThat(peer.path("podSelector").path("matchLabels").isEmpty())
                        .as("every peer names the pods it admits by label: %s", peer)
                        .isFalse();
                allowed.add(peer.path("podSelector").path("matchLabels").toString());
            }
        }
        assertThat(allowed)
                .as("peers admitted to the management port")
                .containsExactlyInAnyOrder(
                        "{\"app.kubernetes.io/name\":\"prometheus\"}", "{\"thumbstream-client\":\"true\"}");
    }

    /** A container port's number, by number or by the name the container gives it. */
    private static int portNumber(JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container().path("ports")) {
            if (port.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named '" + port.asText() + "'");
    }

    /** Whether a label selector with only matchLabels selects pods labelled {@code labels}. */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        return !selector.has("matchExpressions")
                && strings(selector.path("matchLabels")).entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        object.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    @Test
    void theMemoryLimitFitsTheMemoryModel() {
        // issue 21 item 5 / issue 19 item 2: what the pod may use, line by line (docs/memory.md)
        JsonNode container = container();
        long limit = memoryQuantity(
                container.path("resources").path("limits").path("memory").asText());
        Map<String, String> env = environmentWithPlaceholderSecrets();
        String javaOptions = env.getOrDefault("JAVA_TOOL_OPTIONS", dockerfileEnv("JAVA_TOOL_OPTIONS"));
        Matcher heap = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(javaOptions);
        assertThat(heap.find())
                .as(
                        "JAVA_TOOL_OPTIONS (Deployment env, else the Dockerfile) sets -XX:MaxRAMPercentage: %s",
                        javaOptions)
                .isTrue();
        int renderThreads = Integer.parseInt(env.getOrDefault("THUMBSTREAM_RENDER_THREADS", "0"));
        assertThat(renderThreads)
                .as("the ConfigMap sets THUMBSTREAM_RENDER_THREADS: with the default (the cores the pod"
                        + " sees) the native memory kept per thread is not bounded by the manifest")
                .isPositive();

        MemoryModel model = new MemoryModel(limit, Double.parseDouble(heap.group(1)), renderThreads);

        assertThat(model.total())
                .as("the memory model for limits.memory %d MiB:%s", limit >> 20, model.table())
                .isLessThanOrEqualTo(limit);
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .as("requests.memory = limits.memory: the scheduler reserves what the model needs")
                .isEqualTo(container
                        .path("resources")
                        .path("limits")
                        .path("memory")
                        .asText());
        assertThat(env.getOrDefault("MALLOC_ARENA_MAX", dockerfileEnv("MALLOC_ARENA_MAX")))
                .as("MALLOC_ARENA_MAX (Deployment env, else the Dockerfile)")
                .isEqualTo("2");
    }

    /** A Kubernetes memory quantity in bytes: plain, or with a Ki/Mi/Gi suffix. */
    static long memoryQuantity(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity.strip());
        assertThat(m.matches()).as("memory quantity '%s'", quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2) == null
                ? n
                : switch (m.group(2)) {
                    case "Ki" -> n << 10;
                    case "Mi" -> n << 20;
                    default -> n << 30;
                };
    }

    /** The value of {@code ENV NAME=value} (quotes removed) in the Dockerfile; "" when it sets none. */
    private static String dockerfileEnv(String name) {
        Matcher m = Pattern.compile("(?m)^ENV\\s+" + name + "=\"?([^\"\\n]*)\"?\\s*$")
                .matcher(DeployFiles.read("Dockerfile"));
        return m.find() ? m.group(1) : "";
    }

    /** The built ConfigMap and container env, plus stand-ins for the Secret's keys, which the build lacks. */
    private static Map<String, String> environmentWithPlaceholderSecrets() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("THUMBSTREAM_S3_ACCESS_KEY", "from-the-secret");
        env.put("THUMBSTREAM_S3_SECRET_KEY", "from-the-secret");
        for (JsonNode configMap : ofKind("ConfigMap")) {
            configMap
                    .path("data")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode var : container().path("env")) {
            env.put(var.path("name").asText(), var.path("value").asText(KubernetesManifests.SAMPLE_POD_NAME));
        }
        return env;
    }

    private static boolean productionReads(String name) {
        return ServiceContract.productionVariables().contains(name) || ServiceContract.kafkaSetting(name) != null;
    }

    private static List<JsonNode> ofKind(String kind) {
        return BUILT.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static JsonNode container() {
        List<JsonNode> deployments = ofKind("Deployment");
        assertThat(deployments).as("Deployments built from k8s/").hasSize(1);
        for (JsonNode c :
                deployments.get(0).path("spec").path("template").path("spec").path("containers")) {
            if ("thumbstream".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("the built Deployment has no container named thumbstream");
    }

    private static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }
}
