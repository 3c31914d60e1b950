package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The tools that will run these files accept them, checked offline where the tools are installed
 * (skipped elsewhere): `docker-compose config` needs no Docker engine, `kubectl kustomize` no
 * cluster.
 */
class OfflineValidationTest {

    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        Path compose = onPath("docker-compose");

        Result result = run(compose.toString(), "-f", ComposeFile.FILE, "config", "--quiet");

        assertThat(result.exitCode())
                .as(
                        "`docker-compose -f %s config --quiet` failed (docker-compose v1 rejects newer keys such as "
                                + "top-level `name` and `include`):%n%s",
                        ComposeFile.FILE, result.output())
                .isZero();
    }

    @Test
    void kustomizeBuildsTheKubernetesManifests() throws Exception {
        Path kubectl = onPath("kubectl");

        Result result = run(kubectl.toString(), "kustomize", "k8s");

        assertThat(result.exitCode())
                .as("`kubectl kustomize k8s` failed:%n%s", result.output())
                .isZero();
        assertThat(result.output()).as("rendered manifests").contains("kind: Deployment");
    }

    private record Result(int exitCode, String output) {}

    /** Runs a command in the project root with a time limit; stdout and stderr together. */
    private static Result run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("thumbstream-validate", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(DeployFiles.ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The executable on PATH, or the test is skipped: not every machine has these tools. */
    private static Path onPath(String name) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(), name + " is not on PATH: skipping the offline check");
        return found.get();
    }
}
