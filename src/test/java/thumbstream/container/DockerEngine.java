package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the container tests can run here: a Docker engine must answer. Without one they are
 * skipped, loudly, except on CI ({@code CI=true}) where a missing engine is a broken build, not a
 * reason to prove less.
 */
final class DockerEngine {

    private DockerEngine() {}

    /** Returns when an engine answers; otherwise skips the calling test class (or fails it on CI). */
    static void require() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
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
}
