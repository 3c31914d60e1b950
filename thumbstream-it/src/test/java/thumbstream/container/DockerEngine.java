package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the container tests can run here: a Docker engine must answer both Testcontainers and the
 * {@code docker} command (the image scripts use it). Without one they are skipped, loudly, except on
 * CI ({@code CI=true}) where a missing engine is a broken build, not a reason to prove less.
 */
final class DockerEngine {

    private DockerEngine() {}

    /** Returns when an engine answers; otherwise skips the calling test class (or fails it on CI). */
    static void require() {
        boolean available = cliAnswers() && DockerClientFactory.instance().isDockerAvailable();
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(available)
                    .as("CI=true but no Docker engine answers: run `make docker-engine` before `make test`")
                    .isTrue();
        }
        if (!available) {
            System.err.println("\n*** SKIPPED container ITs (*ContainerIT): no Docker engine answers."
                    + " Run `make docker-engine` (Debian/Ubuntu, root) to run them. ***\n");
        }
        Assumptions.assumeTrue(available, "no Docker engine answers: container ITs skipped (make docker-engine)");
    }

    /** `docker info` succeeds (the client is installed and reaches a daemon). */
    private static boolean cliAnswers() {
        try {
            Process info = new ProcessBuilder("docker", "info")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!info.waitFor(30, TimeUnit.SECONDS)) {
                info.destroyForcibly();
                return false;
            }
            return info.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
