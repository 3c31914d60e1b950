package thumbstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every Kubernetes object under k8s/ (optional/ included), for the tests of this package. */
final class KubernetesManifests {

    /** Stands in for a pod name where the Deployment takes a value from metadata.name. */
    static final String SAMPLE_POD_NAME = "thumbstream-5d9c7b8f6d-x2x9k";

    /** One object and the file it came from. */
    record Manifest(Path file, JsonNode doc) {

        String kind() {
            return doc.path("kind").asText();
        }

        String name() {
            return doc.path("metadata").path("name").asText();
        }

        String where() {
            return kind() + " " + name() + " (" + DeployFiles.relative(file) + ")";
        }
    }

    private final List<Manifest> all = new ArrayList<>();

    KubernetesManifests() {
        for (Path file : DeployFiles.yamlFilesUnder("k8s")) {
            DeployFiles.yamlDocuments(file).forEach(doc -> all.add(new Manifest(file, doc)));
        }
    }

    List<Manifest> all() {
        return all;
    }

    List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    Manifest single(String kind) {
        List<Manifest> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " under k8s/, found " + found.size());
        }
        return found.get(0);
    }

    /** The one {@code kind} in {@code file} (a path under the repository, e.g. {@code k8s/scaledobject.yaml}). */
    Manifest in(String kind, String file) {
        List<Manifest> found = ofKind(kind).stream()
                .filter(m -> m.file().normalize().endsWith(Path.of(file).normalize()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " in " + file + ", found " + found.size());
        }
        return found.get(0);
    }

    Manifest named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named '" + name + "' under k8s/"));
    }

    static JsonNode podSpec(Manifest workload) {
        return workload.doc().path("spec").path("template").path("spec");
    }

    /** The Thumbstream container: the pod's only one, or the one named thumbstream. */
    static JsonNode container(Manifest workload) {
        JsonNode containers = podSpec(workload).path("containers");
        if (containers.size() == 1) {
            return containers.get(0);
        }
        for (JsonNode c : containers) {
            if ("thumbstream".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError(workload.where() + ": no container named thumbstream");
    }

    /** The keys and values a ConfigMap or Secret hands to envFrom (Secret data is base64-decoded). */
    static Map<String, String> data(Manifest configMapOrSecret) {
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode doc = configMapOrSecret.doc();
        putAll(doc.path("data"), data, "Secret".equals(configMapOrSecret.kind()));
        putAll(doc.path("stringData"), data, false);
        return data;
    }

    /**
     * The environment the container starts with: its envFrom sources (which must be defined under
     * k8s/), then its own env, where a fieldRef to metadata.name becomes {@link #SAMPLE_POD_NAME}.
     */
    Map<String, String> environment(Manifest workload) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode container = container(workload);
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            Manifest source = from.has("configMapRef")
                    ? named("ConfigMap", from.path("configMapRef").path("name").asText())
                    : named("Secret", from.path("secretRef").path("name").asText());
            data(source).forEach((k, v) -> env.put(prefix + k, v));
        }
        for (JsonNode var : container.path("env")) {
            String name = var.path("name").asText();
            if (var.has("value")) {
                env.put(name, var.path("value").asText());
            } else if ("metadata.name"
                    .equals(var.path("valueFrom")
                            .path("fieldRef")
                            .path("fieldPath")
                            .asText())) {
                env.put(name, SAMPLE_POD_NAME);
            } else {
                env.put(name, "<" + var.path("valueFrom").fieldNames().next() + ">");
            }
        }
        return env;
    }

    /** Topic name -> partitions of every Strimzi KafkaTopic (spec.topicName, else metadata.name). */
    Map<String, Integer> kafkaTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Manifest topic : ofKind("KafkaTopic")) {
            JsonNode spec = topic.doc().path("spec");
            topics.put(
                    spec.path("topicName").asText(topic.name()),
                    spec.has("partitions") ? spec.path("partitions").asInt() : null);
        }
        return topics;
    }

    private static void putAll(JsonNode node, Map<String, String> into, boolean base64) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String value = e.getValue().asText();
            into.put(
                    e.getKey(), base64 ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8) : value);
        }
    }
}
