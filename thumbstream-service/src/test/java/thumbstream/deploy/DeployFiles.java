package thumbstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's deployment files (Dockerfile, docker-compose.yml, deploy/, k8s/) as the tests of
 * this package read them: plain text, or YAML parsed into Jackson trees (one per document).
 */
final class DeployFiles {

    /**
     * The reactor's directory (pom.xml and the Makefile); surefire runs the tests in a module below
     * it and says so in {@code basedir}.
     */
    static final Path ROOT = projectRoot();

    private static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        Path file = path(relative);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative + " (looked in " + ROOT + ")", e);
        }
    }

    /** Every non-empty document of a YAML file, in order. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    documents.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + relative(file) + " as YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    static JsonNode yaml(String relative) {
        List<JsonNode> documents = yamlDocuments(path(relative));
        if (documents.size() != 1) {
            throw new AssertionError(relative + ": expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    /** Every *.yaml and *.yml file below a directory of the project, sorted. */
    static List<Path> yamlFilesUnder(String relativeDir) {
        try (Stream<Path> files = Files.walk(path(relativeDir))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + relativeDir, e);
        }
    }

    /** A path relative to the project root with '/' separators, for messages and comparisons. */
    static String relative(Path file) {
        return ROOT.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isRegularFile(d.resolve("Makefile"))) {
                return d;
            }
        }
        throw new IllegalStateException(
                "no pom.xml and Makefile in " + dir + " or above: run the tests from the project");
    }
}
