package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docker-compose accepts the compose file, checked offline where it is installed (skipped
 * elsewhere, CI included): `docker-compose config` needs no Docker engine. What `kubectl kustomize`
 * builds from k8s/ is KustomizeBuildTest's.
 */
class OfflineValidationTest {

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        Path compose = ExternalTools.optional("docker-compose");

        ExternalTools.Result result =
                ExternalTools.run(compose.toString(), "-f", ComposeFile.FILE, "config", "--quiet");

        assertThat(result.exitCode())
                .as(
                        "`docker-compose -f %s config --quiet` failed (docker-compose v1 rejects newer keys such as "
                                + "top-level `name` and `include`):%n%s",
                        ComposeFile.FILE, result.output())
                .isZero();
    }
}
