package thumbstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml, read the way docker-compose reads it, for the tests of this package. */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";

    /** ${NAME}, ${NAME:-default} and ${NAME-default}: docker-compose's substitutions. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    private static final Pattern CREATE_TOPIC = Pattern.compile("--create\\b.*?--topic\\s+(\\S+)");
    private static final Pattern PARTITIONS = Pattern.compile("--partitions\\s+(\\d+)");

    private final JsonNode root = DeployFiles.yaml(FILE);

    JsonNode services() {
        return root.path("services");
    }

    JsonNode service(String name) {
        JsonNode service = services().path(name);
        if (service.isMissingNode()) {
            throw new AssertionError(FILE + " has no service '" + name + "'; services: " + serviceNames());
        }
        return service;
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        services().fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The services built from this repository's Dockerfile: the Thumbstream replicas. */
    List<String> thumbstreamServices() {
        return serviceNames().stream()
                .filter(name -> service(name).has("build"))
                .toList();
    }

    /** A service's environment as written (map or KEY=VALUE list), substitutions left in place. */
    Map<String, String> environment(String serviceName) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(serviceName).path("environment");
        if (node.isArray()) {
            for (JsonNode entry : node) {
                String[] kv = entry.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        } else {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return env;
    }

    /** The environment a container gets when none of the ${...} variables is set on the host. */
    Map<String, String> environmentWithDefaults(String serviceName) {
        Map<String, String> env = new LinkedHashMap<>();
        environment(serviceName).forEach((k, v) -> env.put(k, withDefaults(v)));
        return env;
    }

    /** Topic name -> partitions, from every `kafka-topics.sh ... --create ... --topic` line of any service. */
    Map<String, Integer> createdTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String name : serviceNames()) {
            String script = text(service(name).path("entrypoint")) + "\n"
                    + text(service(name).path("command"));
            for (String line : script.split("\n")) {
                Matcher topic = CREATE_TOPIC.matcher(line);
                if (topic.find()) {
                    Matcher partitions = PARTITIONS.matcher(line);
                    topics.put(topic.group(1), partitions.find() ? Integer.parseInt(partitions.group(1)) : null);
                }
            }
        }
        return topics;
    }

    static String withDefaults(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(part -> sb.append(part.asText()).append('\n'));
            return sb.toString();
        }
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }
}
