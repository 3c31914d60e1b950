package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * One name for the service image: k8s/kustomization.yaml says it (the Makefile's `make image` reads
 * it from there), docker-compose.yml defaults to it, and every compose image can be swapped by a
 * variable, so the stack starts from a mirror or loaded images where a registry is unreachable.
 */
class ImageNamesTest {

    private final ComposeFile compose = new ComposeFile();

    @Test
    void composeDefaultsToTheImageTheKustomizationNames() {
        JsonNode image =
                DeployFiles.yaml("k8s/kustomization.yaml").path("images").get(0);
        String kustomized =
                image.path("newName").asText() + ":" + image.path("newTag").asText();

        for (String service : compose.thumbstreamServices()) {
            assertThat(ComposeFile.withDefaults(
                            compose.service(service).path("image").asText()))
                    .as("%s: image of service %s without variables set", ComposeFile.FILE, service)
                    .isEqualTo(kustomized);
        }
    }

    @Test
    void everyComposeImageIsAVariableWithTheRegistryImageAsDefault() {
        for (String service : compose.serviceNames()) {
            String image = compose.service(service).path("image").asText();

            assertThat(image)
                    .as("%s: image of service %s is ${VARIABLE:-default}", ComposeFile.FILE, service)
                    .matches("\\$\\{[A-Z_]+:-[^}]+}");
        }
    }

    @Test
    void makefileTakesTheImageNameFromTheKustomization() {
        assertThat(DeployFiles.read("Makefile"))
                .as("Makefile: IMAGE is read from k8s/kustomization.yaml (newName, newTag)")
                .contains("IMAGE ?=")
                .contains("k8s/kustomization.yaml")
                .contains("newName")
                .contains("newTag");
    }
}
