package thumbstream.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The two artifacts {@code mvn package} builds (runs in {@code verify}, after the jars exist): the
 * production jar holds the service and nothing of the dev mode; the dev jar adds it.
 */
class ProductionJarIT {

    /** The reactor's target/, where thumbstream-service and thumbstream-dev write their jars. */
    private static final Path TARGET = Path.of(System.getProperty("basedir", ""), "..", "target");

    private static final Path PRODUCTION = TARGET.resolve("thumbstream.jar");
    private static final Path DEV = TARGET.resolve("thumbstream-dev.jar");
    private static final long MAX_PRODUCTION_BYTES = 60L * 1024 * 1024;

    /**
     * Packages of the embedded broker, the embedded S3 server and their dependencies. The module
     * structure already keeps them out (thumbstream-service depends on none of them); this is the
     * sanity check that it stays so.
     */
    private static final List<String> DEV_ONLY_PREFIXES = List.of(
            "thumbstream/dev/",
            "thumbstream/testkit/",
            "thumbstream/bench/",
            "kafka/server/",
            "org/apache/kafka/raft/",
            "org/gaul/",
            "org/eclipse/jetty/",
            "software/amazon/",
            "org/apache/logging/log4j/core/",
            "scala/",
            "tools/jackson/");

    @Test
    void productionJarIsAtMostSixtyMebibytes() throws IOException {
        assertThat(Files.size(PRODUCTION)).isLessThanOrEqualTo(MAX_PRODUCTION_BYTES);
    }

    @Test
    void productionJarHoldsNoDevOrBenchClassesNorTheirDependencies() throws IOException {
        try (JarFile jar = new JarFile(PRODUCTION.toFile())) {
            List<String> devEntries = jar.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> DEV_ONLY_PREFIXES.stream().anyMatch(name::startsWith))
                    .limit(10)
                    .toList();
            assertThat(devEntries).isEmpty();
            assertThat(jar.getEntry("META-INF/services/thumbstream.cli.DevCommandProvider"))
                    .isNull();
            assertThat(jar.getEntry("thumbstream/Main.class")).isNotNull();
            assertThat(jar.getEntry("thumbstream/cli/RunCommand.class")).isNotNull();
        }
    }

    @Test
    void productionJarCarriesRocksDbOnlyForLinuxX86AndArm() throws IOException {
        try (JarFile jar = new JarFile(PRODUCTION.toFile())) {
            List<String> natives = jar.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.startsWith("librocksdbjni"))
                    .sorted()
                    .toList();
            assertThat(natives).containsExactly("librocksdbjni-linux-aarch64.so", "librocksdbjni-linux64.so");
        }
    }

    @Test
    void devJarAddsTheEmbeddedBrokerAndS3ServerAndRegistersTheDevCommands() throws IOException {
        try (JarFile jar = new JarFile(DEV.toFile())) {
            assertThat(jar.getEntry("thumbstream/testkit/EmbeddedKafka.class")).isNotNull();
            assertThat(jar.getEntry("kafka/server/KafkaRaftServer.class")).isNotNull();
            assertThat(jar.getEntry("org/gaul/s3proxy/S3Proxy.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/thumbstream.cli.DevCommandProvider"))
                    .isNotNull();
        }
    }
}
