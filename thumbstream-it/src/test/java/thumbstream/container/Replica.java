package thumbstream.container;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One replica of the service: the production image, on the test network, its management port
 * published on 127.0.0.1. Faults are the engine's own verbs: {@code kill} (SIGKILL), {@code pause}
 * (freeze every process, like a stalled VM), {@code stop} (SIGTERM, then SIGKILL after the grace).
 */
final class Replica implements AutoCloseable {

    static final long MEMORY_BYTES = 512L * 1024 * 1024;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port = Loopback.freePort();
    final GenericContainer<?> container;

    private Replica(String name, GenericContainer<?> container) {
        this.name = name;
        this.container = container;
    }

    /** Starts a replica and waits until /healthz answers 200; {@code customize} may add options. */
    static Replica start(
            String name,
            ContainerInfrastructure infra,
            Map<String, String> env,
            UnaryOperator<GenericContainer<?>> customize) {
        return start(name, infra, env, customize, Images.SERVICE);
    }

    /** {@link #start(String, ContainerInfrastructure, Map, UnaryOperator)} of another build of the image. */
    static Replica start(
            String name,
            ContainerInfrastructure infra,
            Map<String, String> env,
            UnaryOperator<GenericContainer<?>> customize,
            String image) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image));
        Replica replica = new Replica(name, container);
        container
                .withNetwork(infra.network)
                .withEnv(infra.serviceEnvironment())
                .withEnv(env)
                .withEnv("THUMBSTREAM_HTTP_PORT", "8080")
                .withExposedPorts(8080)
                .withCreateContainerCmdModifier(Loopback.publish(replica.port, 8080, MEMORY_BYTES))
                .waitingFor(Wait.forHttp("/healthz").forPort(8080).withStartupTimeout(Duration.ofMinutes(2)));
        customize.apply(container).start();
        return replica;
    }

    static Replica start(String name, ContainerInfrastructure infra, Map<String, String> env) {
        return start(name, infra, env, c -> c);
    }

    /** Status code of a GET on the management port, or -1 when nothing answers. */
    int get(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The Prometheus text of /metrics. */
    String metrics() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/metrics"), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(name + ": /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The value of one gauge or counter line (name and labels exactly), 0 when absent. */
    double metric(String series) throws Exception {
        return metrics()
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(0);
    }

    /** The sum of a metric's samples whose labels contain {@code labels}, e.g. {@code status="completed"}. */
    double sum(String metricName, String labels) throws Exception {
        return metrics()
                .lines()
                .filter(l -> l.startsWith(metricName + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** How many partitions this replica's consumer holds right now, -1 when it does not answer. */
    int assignedPartitions() {
        try {
            return (int) metric("thumbstream_partitions_assigned");
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    void kill() {
        ContainerInfrastructure.docker().killContainerCmd(id()).exec();
    }

    /**
     * `docker pause`. runc freezes the cgroup and gives up ("unable to freeze") when a task does not
     * stop in time, which happens on a heavily loaded host; it thaws again then, so retrying is safe.
     */
    void pause() throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                ContainerInfrastructure.docker().pauseContainerCmd(id()).exec();
                return;
            } catch (InternalServerErrorException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("unable to freeze")) {
                    throw e;
                }
                System.out.printf("%s: docker pause attempt %d: %s; retrying%n", name, attempt, e.getMessage());
                Thread.sleep(500);
            }
        }
    }

    void unpause() {
        ContainerInfrastructure.docker().unpauseContainerCmd(id()).exec();
    }

    /** `docker stop -t grace`: SIGTERM, SIGKILL if still running after the grace; returns the exit code. */
    long stop(Duration grace) {
        ContainerInfrastructure.docker()
                .stopContainerCmd(id())
                .withTimeout((int) grace.toSeconds())
                .exec();
        InspectContainerResponse.ContainerState state = ContainerInfrastructure.docker()
                .inspectContainerCmd(id())
                .exec()
                .getState();
        return state.getExitCodeLong();
    }

    String logs() {
        return container.getLogs();
    }

    String id() {
        return container.getContainerId();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void close() {
        container.stop();
    }
}
