package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** k8s/kustomization.yaml applies exactly the manifests beside it, not the optional ones nor the examples. */
class KustomizationTest {

    private static final String FILE = "k8s/kustomization.yaml";

    private final JsonNode kustomization = DeployFiles.yaml(FILE);
    private final List<String> resources = resources();

    @Test
    void listsOnlyFilesThatExist() {
        List<String> missing = resources.stream()
                .filter(r -> !Files.exists(DeployFiles.path("k8s").resolve(r)))
                .toList();

        assertThat(missing).as("%s lists resources that are not in k8s/", FILE).isEmpty();
    }

    @Test
    void listsEveryManifestBesideIt() {
        List<String> unlisted = new ArrayList<>();
        for (Path file : DeployFiles.yamlFilesUnder("k8s")) {
            String name = DeployFiles.path("k8s").relativize(file).toString().replace('\\', '/');
            if (!name.equals("kustomization.yaml")
                    && !name.startsWith("optional/")
                    && !name.endsWith(".example.yaml")
                    && !resources.contains(name)) {
                unlisted.add(name);
            }
        }

        assertThat(unlisted)
                .as(
                        "manifests in k8s/ that `kubectl apply -k k8s/` would skip: list them in %s, move "
                                + "alternatives to k8s/optional/, or name examples *.example.yaml",
                        FILE)
                .isEmpty();
    }

    @Test
    void leavesTheHpaAlternativeOut() {
        assertThat(DeployFiles.path("k8s/optional/hpa.yaml"))
                .as("the HPA alternative to KEDA")
                .exists();
        assertThat(resources)
                .as("%s must not apply an HPA next to the KEDA ScaledObject: both would scale the Deployment", FILE)
                .noneMatch(r -> r.startsWith("optional/"));
    }

    @Test
    void leavesTheExampleSecretOut() {
        assertThat(DeployFiles.path("k8s/secret.example.yaml"))
                .as("the example Secret, showing its keys")
                .exists();
        assertThat(resources)
                .as(
                        "%s must not apply secret.example.yaml: every `kubectl apply -k` would overwrite the real "
                                + "Secret with its placeholders",
                        FILE)
                .noneMatch(r -> r.endsWith(".example.yaml"));
    }

    @Test
    void imageOverrideAppliesToTheDeploymentsContainer() {
        String image = KubernetesManifests.container(new KubernetesManifests().single("Deployment"))
                .path("image")
                .asText();
        List<String> overridden = kustomization.path("images").findValuesAsText("name");

        assertThat(overridden)
                .as(
                        "%s images[].name must equal the container's image '%s', or the override silently does nothing",
                        FILE, image)
                .contains(image);
    }

    private List<String> resources() {
        List<String> names = new ArrayList<>();
        kustomization.path("resources").forEach(r -> names.add(r.asText().replaceFirst("^\\./", "")));
        assertThat(names).as("%s resources", FILE).isNotEmpty();
        return names;
    }
}
