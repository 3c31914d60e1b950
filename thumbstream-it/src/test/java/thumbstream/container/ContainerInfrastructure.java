package thumbstream.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import thumbstream.config.S3Settings;
import thumbstream.storage.MinioObjectStore;

/**
 * The broker and the S3 server as containers on one Docker network, shared by every container test
 * in this JVM (each test isolates itself with its own topics, group and key prefix). Replicas reach
 * them by name ({@code kafka:9092}, {@code http://s3:9000}); the test JVM through 127.0.0.1. Both
 * also speak TLS on the network ({@code kafka:9094}, {@code https://s3:9443}) with a certificate of
 * {@link TestCertificates}. Ryuk is off (its image cannot be pulled everywhere), so a shutdown hook
 * removes the containers.
 */
final class ContainerInfrastructure {

    static final String ACCESS_KEY = "thumbstream";
    static final String SECRET_KEY = "thumbstream-container-secret";
    static final String BUCKET = "media";
    /** Where the infrastructure containers find the server keystore. */
    private static final String KEYSTORE_IN_CONTAINER = "/opt/infra/tls/server.p12";

    private static final long MIB = 1024L * 1024;

    private static ContainerInfrastructure shared;

    final Network network = Network.newNetwork();
    final int brokerPort = Loopback.freePort();
    final int s3Port = Loopback.freePort();
    final GenericContainer<?> broker;
    final GenericContainer<?> s3;

    final TestCertificates certificates = TestCertificates.get();

    private ContainerInfrastructure() {
        MountableFile keystore = MountableFile.forHostPath(certificates.serverKeystore, 0644);
        broker = new GenericContainer<>(DockerImageName.parse(Images.INFRA))
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withEnv("ADVERTISED_HOST", "kafka")
                .withEnv("HOST_PORT", String.valueOf(brokerPort))
                .withEnv("TLS_KEYSTORE", KEYSTORE_IN_CONTAINER)
                .withEnv("TLS_KEYSTORE_PASSWORD", TestCertificates.KEYSTORE_PASSWORD)
                .withCopyFileToContainer(keystore, KEYSTORE_IN_CONTAINER)
                .withCommand("/opt/infra/broker.sh")
                .withExposedPorts(19092)
                .withCreateContainerCmdModifier(Loopback.publish(brokerPort, 19092, 1024 * MIB))
                .waitingFor(Wait.forListeningPorts(19092).withStartupTimeout(Duration.ofMinutes(2)));
        s3 = new GenericContainer<>(DockerImageName.parse(Images.INFRA))
                .withNetwork(network)
                .withNetworkAliases("s3")
                .withEnv("S3_ACCESS_KEY", ACCESS_KEY)
                .withEnv("S3_SECRET_KEY", SECRET_KEY)
                .withEnv("TLS_KEYSTORE", KEYSTORE_IN_CONTAINER)
                .withEnv("TLS_KEYSTORE_PASSWORD", TestCertificates.KEYSTORE_PASSWORD)
                .withCopyFileToContainer(keystore, KEYSTORE_IN_CONTAINER)
                .withCommand("/opt/infra/s3.sh")
                .withExposedPorts(9000)
                .withCreateContainerCmdModifier(Loopback.publish(s3Port, 9000, 768 * MIB))
                .waitingFor(Wait.forListeningPorts(9000).withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** Builds the images and starts the broker and S3 server on first use. */
    static synchronized ContainerInfrastructure get() throws Exception {
        if (shared == null) {
            Images.build();
            ContainerInfrastructure infra = new ContainerInfrastructure();
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "container-it-cleanup"));
            long started = System.nanoTime();
            infra.broker.start();
            infra.s3.start();
            infra.awaitBroker();
            new MinioObjectStore(infra.s3Settings()).ensureBucket(BUCKET);
            System.out.printf(
                    "container-it: broker (127.0.0.1:%d) and S3 server (127.0.0.1:%d) up in %.1f s%n",
                    infra.brokerPort, infra.s3Port, (System.nanoTime() - started) / 1e9);
            shared = infra;
        }
        return shared;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    S3Settings s3Settings() {
        return new S3Settings("http://127.0.0.1:" + s3Port, ACCESS_KEY, SECRET_KEY, "us-east-1", true);
    }

    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000));
    }

    /** What a replica on the network needs to reach the broker and the S3 server by name. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("THUMBSTREAM_S3_ENDPOINT", "http://s3:9000");
        env.put("THUMBSTREAM_S3_ACCESS_KEY", ACCESS_KEY);
        env.put("THUMBSTREAM_S3_SECRET_KEY", SECRET_KEY);
        env.put("THUMBSTREAM_S3_REGION", "us-east-1");
        env.put("THUMBSTREAM_S3_PATH_STYLE", "true");
        return env;
    }

    /** `docker restart` of the broker: SIGTERM, up to 10 s to stop, then the same container again. */
    void restartBroker() throws Exception {
        docker().restartContainerCmd(broker.getContainerId()).withTimeout(10).exec();
        awaitBroker();
    }

    /** `docker network disconnect`: replicas can no longer resolve or reach {@code s3}. */
    void disconnectS3() {
        docker().disconnectFromNetworkCmd()
                .withNetworkId(network.getId())
                .withContainerId(s3.getContainerId())
                .exec();
    }

    /** `docker network connect` with the alias again (a reconnect does not keep it). */
    void reconnectS3() {
        docker().connectToNetworkCmd()
                .withNetworkId(network.getId())
                .withContainerId(s3.getContainerId())
                .withContainerNetwork(new ContainerNetwork().withAliases("s3"))
                .exec();
    }

    /** The broker answers metadata requests on the host listener. */
    private void awaitBroker() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker container did not answer:\n" + broker.getLogs(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** Removes both containers (side by side: each is a kill and a removal) and the network. */
    private void close() {
        long started = System.nanoTime();
        List<Thread> removals = new ArrayList<>();
        for (GenericContainer<?> c : List.of(broker, s3)) {
            Thread t = new Thread(
                    () -> {
                        try {
                            c.stop();
                        } catch (RuntimeException e) {
                            // the JVM is exiting; a leftover container is visible in `docker ps -a`
                        }
                    },
                    "container-it-remove");
            t.start();
            removals.add(t);
        }
        for (Thread t : removals) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        network.close();
        System.out.printf(
                "container-it: broker and S3 containers removed in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
