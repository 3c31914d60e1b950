package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.MountableFile;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.it.ResultCounts;
import thumbstream.testkit.ResultsReader;

/**
 * TLS from inside the image: a replica reaches the broker only on its TLS listener ({@code
 * kafka:9094}) and the S3 server only over https ({@code https://s3:9443}), both presenting a
 * certificate of a throwaway CA ({@link TestCertificates}) that no JDK trusts. The replica trusts it
 * the way docs/configuration.md tells a user to: a truststore file mounted into the container,
 * named to the Kafka client by {@code KAFKA_SSL_TRUSTSTORE_*} and to the JVM (the S3 client) by
 * {@code -Djavax.net.ssl.trustStore} appended to the image's own JAVA_TOOL_OPTIONS. Rendering the
 * uploads proves the jlink-made runtime has what TLS needs and that both settings take effect.
 */
class TlsContainerIT {

    private static final String TRUSTSTORE = "/etc/thumbstream/tls/truststore.p12";

    @BeforeAll
    static void engine() {
        DockerEngine.require();
    }

    @Test
    void rendersThroughABrokerAndAnS3ServerThatSpeakOnlyTlsWithASelfSignedCa() throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("tls", 2);
        List<UploadEvent> uploads = s.uploadImages(6);
        Map<String, String> tls = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "kafka:9094",
                "KAFKA_SECURITY_PROTOCOL",
                "SSL",
                "KAFKA_SSL_TRUSTSTORE_TYPE",
                "PKCS12",
                "KAFKA_SSL_TRUSTSTORE_LOCATION",
                TRUSTSTORE,
                "THUMBSTREAM_S3_ENDPOINT",
                "https://s3:9443",
                "JAVA_TOOL_OPTIONS",
                imageJavaToolOptions() + " -Djavax.net.ssl.trustStore=" + TRUSTSTORE
                        + " -Djavax.net.ssl.trustStoreType=PKCS12");
        MountableFile truststore = MountableFile.forHostPath(s.infra.certificates.truststore, 0644);
        Replica replica =
                Replica.start("tls", s.infra, s.env(tls), c -> c.withCopyFileToContainer(truststore, TRUSTSTORE));
        try (ResultsReader reader = s.results("read_uncommitted")) {
            // given a replica whose broker and S3 server speak TLS only, when uploads arrive, then it renders them
            s.announce(uploads);
            List<ThumbnailEvent> results = reader.read(uploads.size(), Duration.ofMinutes(2));
            assertThat(ResultCounts.countByKey(results, ThumbnailEvent.Status.COMPLETED))
                    .as("completed uploads; replica log:%n%s", replica.logs())
                    .hasSize(uploads.size());
            assertThat(replica.logs())
                    .as("the replica was configured with the TLS addresses")
                    .contains("bootstrap.servers=kafka:9094")
                    .contains("endpoint=https://s3:9443")
                    .doesNotContain("SSLHandshakeException");
        } finally {
            replica.close();
        }
        System.out.printf("TlsContainerIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The image's own JAVA_TOOL_OPTIONS, which a deployment extends rather than replaces. */
    private static String imageJavaToolOptions() {
        String[] env = ContainerInfrastructure.docker()
                .inspectImageCmd(Images.SERVICE)
                .exec()
                .getConfig()
                .getEnv();
        return Arrays.stream(env)
                .filter(e -> e.startsWith("JAVA_TOOL_OPTIONS="))
                .map(e -> e.substring("JAVA_TOOL_OPTIONS=".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(Images.SERVICE + " sets no JAVA_TOOL_OPTIONS"));
    }
}
