package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The command-line image tools container tests make their inputs with (ImageMagick's {@code
 * convert}, libheif's {@code heif-enc}; .ci/run installs both). Missing ones skip the test, except
 * on CI (CI=true), where they fail it.
 */
final class ExternalImageTools {

    private ExternalImageTools() {}

    static void require(String... tools) {
        for (String tool : tools) {
            boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                    .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
            if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
                assertThat(found)
                        .as("CI=true but %s is not installed (.ci/run installs it)", tool)
                        .isTrue();
            }
            Assumptions.assumeTrue(found, tool + " is not installed (.ci/run installs it)");
        }
    }

    /** Runs a command to completion (10 minutes at most); fails with its output unless it exits 0. */
    static void run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("image-tool", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
