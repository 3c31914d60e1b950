package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import thumbstream.deploy.KubernetesManifests.Manifest;

/**
 * The environment that docker-compose.yml and k8s/ give the service is one it understands: no
 * variable it would ignore (a typo, or a setting that was renamed), every variable it cannot start
 * without, and values its configuration loader accepts.
 */
class ManifestEnvTest {

    private final ComposeFile compose = new ComposeFile();
    private final KubernetesManifests k8s = new KubernetesManifests();

    @Test
    void composeSetsOnlyVariablesTheServiceReads() {
        List<String> unread = new ArrayList<>();
        for (String service : compose.thumbstreamServices()) {
            compose.environment(service).keySet().stream()
                    .filter(name -> !ServiceContract.reads(name) && !ServiceContract.JVM_VARIABLES.contains(name))
                    .forEach(name -> unread.add(service + ": " + name));
        }

        assertThat(compose.thumbstreamServices())
                .as("services built from the Dockerfile in %s", ComposeFile.FILE)
                .isNotEmpty();
        assertThat(unread)
                .as(
                        "variables set in %s that the service never reads. THUMBSTREAM_* names come from string "
                                + "literals in src/main/java (read now: %s); KAFKA_<NAME> must be a Kafka client setting "
                                + "(KAFKA_SECURITY_PROTOCOL -> security.protocol)",
                        ComposeFile.FILE, ServiceContract.thumbstreamVariables())
                .isEmpty();
    }

    @Test
    void kubernetesSetsOnlyVariablesTheServiceReads() {
        List<String> unread = new ArrayList<>();
        for (Manifest source : k8s.all()) {
            if (source.kind().equals("ConfigMap") || source.kind().equals("Secret")) {
                KubernetesManifests.data(source).keySet().stream()
                        .filter(name -> !ServiceContract.reads(name))
                        .forEach(name -> unread.add(source.where() + ": " + name));
            }
        }
        for (Manifest deployment : k8s.ofKind("Deployment")) {
            KubernetesManifests.container(deployment).path("env").forEach(var -> {
                String name = var.path("name").asText();
                if (!ServiceContract.reads(name) && !ServiceContract.JVM_VARIABLES.contains(name)) {
                    unread.add(deployment.where() + " env: " + name);
                }
            });
        }

        assertThat(unread)
                .as(
                        "keys under k8s/ that reach the container (envFrom passes a ConfigMap or Secret whole) but "
                                + "that the service never reads. THUMBSTREAM_* read now: %s; KAFKA_<NAME> must be a Kafka "
                                + "client setting",
                        ServiceContract.thumbstreamVariables())
                .isEmpty();
    }

    @Test
    void composeSetsEveryRequiredVariable() {
        for (String service : compose.thumbstreamServices()) {
            assertThat(compose.environment(service))
                    .as("%s service '%s': the service exits at start-up without these", ComposeFile.FILE, service)
                    .containsKeys(ServiceContract.REQUIRED.toArray(String[]::new));
        }
    }

    @Test
    void kubernetesSetsEveryRequiredVariable() {
        Manifest deployment = k8s.single("Deployment");

        assertThat(k8s.environment(deployment))
                .as(
                        "%s (its env plus its envFrom ConfigMap and Secret): the service exits at start-up "
                                + "without these",
                        deployment.where())
                .containsKeys(ServiceContract.REQUIRED.toArray(String[]::new));
    }

    @Test
    void composeEnvironmentIsAValidConfiguration() {
        for (String service : compose.thumbstreamServices()) {
            Map<String, String> env = compose.environmentWithDefaults(service);

            assertThatCode(() -> ServiceContract.load(env))
                    .as(
                            "%s service '%s' (${VAR:-default} taken at its default) must pass the service's own "
                                    + "start-up validation",
                            ComposeFile.FILE, service)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void kubernetesEnvironmentIsAValidConfiguration() {
        Manifest deployment = k8s.single("Deployment");
        Map<String, String> env = k8s.environment(deployment);

        assertThatCode(() -> ServiceContract.load(env))
                .as(
                        "%s with its ConfigMap and Secret must pass the service's own start-up validation",
                        deployment.where())
                .doesNotThrowAnyException();
    }
}
