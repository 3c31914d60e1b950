package thumbstream.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the Kubernetes manifests (k8s/) say about memory, read from the files themselves, so a
 * container test runs the image the way the Deployment does without keeping a second copy of the
 * figures.
 */
final class Manifests {

    /** The ConfigMap settings that decide how much memory renders take. */
    static final List<String> RENDER_SETTINGS = List.of(
            "THUMBSTREAM_RENDER_THREADS",
            "THUMBSTREAM_MAX_PIXELS",
            "THUMBSTREAM_MAX_SOURCE_BYTES",
            "THUMBSTREAM_RENDER_TIMEOUT",
            "THUMBSTREAM_RENDITIONS");

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

    private Manifests() {}

    /** resources.limits.memory of the service's container in k8s/deployment.yaml, in bytes. */
    static long memoryLimitBytes() {
        JsonNode container = read("k8s/deployment.yaml")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
        return quantity(
                container.path("resources").path("limits").path("memory").asText());
    }

    /** {@link #RENDER_SETTINGS} as k8s/configmap.yaml sets them. */
    static Map<String, String> renderSettings() {
        JsonNode data = read("k8s/configmap.yaml").path("data");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : RENDER_SETTINGS) {
            if (!data.path(name).isMissingNode()) {
                settings.put(name, data.path(name).asText());
            }
        }
        return settings;
    }

    /** A Kubernetes memory quantity: plain bytes, or with a Ki/Mi/Gi or k/M/G suffix. */
    static long quantity(String text) {
        String q = text.strip();
        Map<String, Long> units = Map.of(
                "Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (q.endsWith(unit.getKey())
                    && Character.isDigit(q.charAt(q.length() - unit.getKey().length() - 1))) {
                return Long.parseLong(q.substring(0, q.length() - unit.getKey().length())) * unit.getValue();
            }
        }
        if (!q.chars().allMatch(Character::isDigit) || q.isEmpty()) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "memory quantity '%s' is not one this test understands", text));
        }
        return Long.parseLong(q);
    }

    private static JsonNode read(String file) {
        try {
            return new YAMLMapper().readTree(ROOT.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
