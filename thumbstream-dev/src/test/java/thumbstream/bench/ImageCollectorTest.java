package thumbstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `thumbstream bench` measures the service with the garbage collector the image runs it with. */
class ImageCollectorTest {

    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w+GC");

    @Test
    void theBenchmarkRunsTheServiceWithTheImagesCollector() throws IOException {
        String envLines = Files.readAllLines(reactorRoot().resolve("Dockerfile")).stream()
                .map(String::strip)
                .filter(line -> line.startsWith("ENV ") || line.contains("JAVA_TOOL_OPTIONS"))
                .reduce("", (a, b) -> a + "\n" + b);
        Matcher collector = COLLECTOR.matcher(envLines);

        assertThat(collector.find())
                .as("Dockerfile: JAVA_TOOL_OPTIONS names its collector")
                .isTrue();
        assertThat(EndToEndBench.DEFAULT_SERVICE_JVM_ARGS)
                .as("`thumbstream bench` measures the service as the image runs it")
                .contains(collector.group());
    }

    /** The directory holding the reactor's pom.xml and the Makefile (surefire runs in the module). */
    private static Path reactorRoot() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("Makefile")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no reactor root above " + dir);
    }
}
