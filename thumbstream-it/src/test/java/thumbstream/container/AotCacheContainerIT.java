package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.it.ResultCounts;
import thumbstream.testkit.ResultsReader;

/**
 * The image's AOT cache (issue 22; scripts/image.sh trains it): the JVM in the image uses it, and a
 * cache that no longer matches the image's jar is refused. Both rely on {@code -XX:AOTMode=on},
 * under which the JVM exits at start when it cannot map the cache instead of starting without it.
 */
class AotCacheContainerIT {

    private static final String CACHE = "-XX:AOTCache=/app/thumbstream.aot";

    @BeforeAll
    static void engine() throws Exception {
        DockerEngine.require();
        ContainerInfrastructure.get(); // builds the images
    }

    @Test
    void theImageStartsOnItsAotCacheRequiredAndRendersUploads() throws Exception {
        String options = javaToolOptions();
        assertThat(options).as("the image's JAVA_TOOL_OPTIONS").contains(CACHE);
        ContainerScenario s = new ContainerScenario("aot", 2);
        List<UploadEvent> uploads = s.uploadImages(5);
        // given the image with the cache required (-XX:AOTMode=on fails the start without it)
        Replica replica = Replica.start(
                "aot", s.infra, s.env(Map.of("JAVA_TOOL_OPTIONS", options + " -XX:AOTMode=on -Xlog:aot=info")));
        try (ResultsReader reader = s.results("read_uncommitted")) {
            // when uploads arrive, then it renders them
            s.announce(uploads);
            List<ThumbnailEvent> results = reader.read(uploads.size(), Duration.ofMinutes(2));
            String logs = replica.logs();
            assertThat(ResultCounts.countByKey(results, ThumbnailEvent.Status.COMPLETED))
                    .as("completed uploads; replica log:%n%s", logs)
                    .hasSize(uploads.size());
            assertThat(logs)
                    .as("the JVM's AOT log")
                    .contains("Opened AOT cache /app/thumbstream.aot")
                    .contains("Using AOT-linked classes: true");
        } finally {
            replica.close();
        }
    }

    @Test
    void aCacheThatDoesNotMatchTheImagesJarIsRefused() throws Exception {
        String options = javaToolOptions();
        // given the image's own jar, byte for byte, with another modification time: what a stale
        // cache next to a rebuilt jar looks like to the JVM (it checks the jar's size and mtime)
        Path dir = Files.createTempDirectory("aot-stale");
        Path jar = dir.resolve("thumbstream.jar");
        try {
            Path root =
                    Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
            Files.copy(root.resolve("target/image/thumbstream.jar"), jar);
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
            String mount = jar + ":/app/thumbstream.jar:ro";

            // then the image's own start check (scripts/image.sh runs the same) fails on it ...
            Result refused = docker(
                    "run",
                    "--rm",
                    "-v",
                    mount,
                    "-e",
                    "JAVA_TOOL_OPTIONS=" + options + " -XX:AOTMode=on",
                    Images.SERVICE,
                    "--help");
            assertThat(refused.exit())
                    .as("exit with a stale cache required:%n%s", refused.output())
                    .isNotZero();
            assertThat(refused.output()).contains("timestamp has changed", "shared class paths mismatch");

            // ... while the unchanged jar passes it, and without -XX:AOTMode=on the stale cache only costs speed
            Result own = docker(
                    "run", "--rm", "-e", "JAVA_TOOL_OPTIONS=" + options + " -XX:AOTMode=on", Images.SERVICE, "--help");
            assertThat(own.exit())
                    .as("exit with the image's own jar:%n%s", own.output())
                    .isZero();
            Result lenient = docker("run", "--rm", "-v", mount, Images.SERVICE, "--help");
            assertThat(lenient.exit())
                    .as("exit with the default AOTMode:%n%s", lenient.output())
                    .isZero();
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(dir);
        }
    }

    private static String javaToolOptions() throws Exception {
        Result env =
                docker("image", "inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", Images.SERVICE);
        assertThat(env.exit()).as(env.output()).isZero();
        return env.output()
                .lines()
                .filter(l -> l.startsWith("JAVA_TOOL_OPTIONS="))
                .map(l -> l.substring("JAVA_TOOL_OPTIONS=".length()))
                .findFirst()
                .orElse("");
    }

    private record Result(int exit, String output) {}

    private static Result docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 2 minutes");
        }
        return new Result(p.exitValue(), out);
    }
}
