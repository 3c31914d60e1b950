package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.it.ResultCounts;
import thumbstream.testkit.ResultsReader;

/**
 * Case a, the image contract: what a Kubernetes pod spec or `docker run` relies on. Non-root uid
 * 10001, a read-only root filesystem with a tmpfs /tmp, probes on the published port, JSON logs,
 * libjpeg-turbo active inside the image, and SIGTERM drains and exits 0 within the grace period.
 */
class ImageContractContainerIT {

    private static final Duration GRACE = Duration.ofSeconds(30);

    @BeforeAll
    static void engine() {
        DockerEngine.require();
    }

    @Test
    void runsAsUid10001OnAReadOnlyRootProbesLogsJsonUsesLibjpegTurboAndDrainsOnSigterm() throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("contract", 3);
        List<UploadEvent> uploads = s.uploadImages(20);
        Replica replica = Replica.start(
                "contract",
                s.infra,
                s.env(Map.of("THUMBSTREAM_LOG_FORMAT", "json", "THUMBSTREAM_SHUTDOWN_GRACE", "20s")),
                // exec: JNA maps its native stub from /tmp (Docker's --tmpfs is noexec unless told;
                // Kubernetes' emptyDir, which k8s/deployment.yaml mounts there, is exec)
                c -> c.withTmpFs(Map.of("/tmp", "rw,exec,nosuid,size=64m"))
                        .withCreateContainerCmdModifier(
                                cmd -> cmd.getHostConfig().withReadonlyRootfs(true)));
        try (ResultsReader reader = s.results("read_uncommitted")) {
            // given a replica on a read-only root filesystem, when uploads arrive, then it renders them
            s.announce(uploads);
            List<ThumbnailEvent> results = reader.read(uploads.size(), Duration.ofMinutes(2));
            assertThat(ResultCounts.countByKey(results, ThumbnailEvent.Status.COMPLETED))
                    .as("completed uploads; replica log:%n%s", replica.logs())
                    .hasSize(uploads.size());

            ExecResult uid = replica.container.execInContainer("id", "-u");
            assertThat(uid.getStdout().strip())
                    .as("uid of processes in the container")
                    .isEqualTo("10001");
            ExecResult write = replica.container.execInContainer("sh", "-c", "touch /app/x");
            assertThat(write.getExitCode())
                    .as("writing to the root filesystem fails")
                    .isNotZero();
            assertThat(write.getStderr()).contains("Read-only file system");
            ExecResult devJar = replica.container.execInContainer("sh", "-c", "ls /app");
            assertThat(devJar.getStdout().strip())
                    .as("/app holds the production jar and its AOT cache only")
                    .isEqualTo("thumbstream.aot\nthumbstream.jar");

            assertThat(replica.get("/healthz")).as("/healthz").isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> replica.get("/readyz") == 200);

            String logs = replica.logs();
            assertThat(jsonLogLines(logs))
                    .as("log lines as JSON objects")
                    .isNotEmpty()
                    .anySatisfy(line -> assertThat(line.path("formattedMessage").asText())
                            .as("start-up line naming the JPEG codec")
                            .contains("JPEG decode: libjpeg-turbo")
                            .contains("(native)"));
            assertThat(nonJsonLines(logs))
                    .as("every log line is JSON, except the JVM's own note about JAVA_TOOL_OPTIONS")
                    .allSatisfy(line -> assertThat(line).startsWith("Picked up JAVA_TOOL_OPTIONS"));

            // when Docker sends SIGTERM (docker stop), then it drains and exits 0 before the SIGKILL
            long exitCode = replica.stop(GRACE);
            assertThat(exitCode)
                    .as("exit code after `docker stop -t %d` (137 = killed after the grace)", GRACE.toSeconds())
                    .isZero();
            await().atMost(Duration.ofSeconds(30)).until(s::allCommitted);
        } finally {
            replica.close();
        }
        System.out.printf("ImageContractContainerIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static List<JsonNode> jsonLogLines(String logs) {
        ObjectMapper json = new ObjectMapper();
        return logs.lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + l, e);
                    }
                })
                .toList();
    }

    private static List<String> nonJsonLines(String logs) {
        return logs.lines().filter(l -> !l.isBlank() && !l.startsWith("{")).toList();
    }
}
