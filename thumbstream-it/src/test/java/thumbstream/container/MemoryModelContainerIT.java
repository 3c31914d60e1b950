package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import thumbstream.event.FailureReason;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * The memory model (docs/memory.md) from outside: the production image, capped at the memory limit
 * of k8s/deployment.yaml with no swap and run with the settings of k8s/configmap.yaml, takes a burst
 * of the largest inputs those settings allow, all announced at once on six partitions so every
 * render thread is busy and more wait: progressive 4:4:4 JPEGs just under THUMBSTREAM_MAX_PIXELS (the most native memory
 * a JPEG makes libjpeg-turbo hold: 240 MB of DCT coefficients each, whatever the scale), HEICs and
 * RGBA PNGs of the same size, and one JPEG over the limit. Every upload gets its result, the
 * container is never OOM-killed and never restarts, and the peak memory is printed against the limit.
 *
 * <p>Inputs are made by ImageMagick and heif-enc (.ci/run installs both), cached under target/.
 * {@code -Dthumbstream.it.memoryImage=TAG} runs the same burst against another build of the image,
 * {@code -Dthumbstream.it.memoryRenderThreads=N} the first test with more render threads than the manifest sets,
 * {@code -Dthumbstream.it.memoryJavaOptions=...} with other JVM options (then the log tail is printed
 * after a SIGTERM, e.g. for {@code -XX:+PrintNMTStatistics}) (how the figures of the build before the native budget were taken, docs/memory.md).
 */
class MemoryModelContainerIT {

    private static final int SIDE_W = 7300;
    private static final int SIDE_H = 5479; // 7300 x 5479 = 39.997 MP, just under 40 MP
    private static final Path INPUTS = Path.of("target", "memory-burst");

    @BeforeAll
    static void engine() {
        DockerEngine.require();
        ExternalImageTools.require("convert", "heif-enc");
    }

    @Test
    void theProductionImageAtTheManifestsMemoryLimitRendersABurstOfTheLargestInputsWithoutBeingKilled()
            throws Exception {
        burst(System.getProperty("thumbstream.it.memoryRenderThreads"));
    }

    /**
     * The same burst with six render threads, what the default (one per core the pod sees) gives on
     * a six-core node: six progressive 40 MP 4:4:4 JPEGs decoding at once would hold 1.44 GB of DCT
     * coefficients, and only the native budget keeps them from it. The build before the budget was
     * OOM-killed here after 7 s, with 3 of 25 results (docs/memory.md).
     */
    @Test
    void theNativeBudgetNotTheThreadCountBoundsTheCodecs() throws Exception {
        burst("6");
    }

    private void burst(String renderThreads) throws Exception {
        long limit = Manifests.memoryLimitBytes();
        Map<String, String> settings = Manifests.renderSettings();
        assertThat(Long.parseLong(settings.get("THUMBSTREAM_MAX_PIXELS")))
                .as("the inputs are sized for the manifest's pixel limit")
                .isGreaterThanOrEqualTo((long) SIDE_W * SIDE_H);
        Map<String, byte[]> inputs = inputs();

        // six partitions (up to four uploads each in flight): every render thread gets a big JPEG at once
        ContainerScenario s = new ContainerScenario("memory", 6);
        List<UploadEvent> uploads = new ArrayList<>();
        for (int copy = 0; copy < 12; copy++) {
            uploads.add(s.upload("progressive-444-" + copy + ".jpg", inputs.get("progressive-444.jpg"), "image/jpeg"));
        }
        for (int copy = 0; copy < 4; copy++) {
            uploads.add(s.upload("big-" + copy + ".heic", inputs.get("big.heic"), "image/heic"));
            uploads.add(s.upload("rgba-" + copy + ".png", inputs.get("rgba.png"), "image/png"));
            uploads.add(s.upload("progressive-420-" + copy + ".jpg", inputs.get("progressive-420.jpg"), "image/jpeg"));
        }
        UploadEvent tooLarge = s.upload("too-large.jpg", inputs.get("too-large.jpg"), "image/jpeg");
        uploads.add(tooLarge);

        String image = System.getProperty("thumbstream.it.memoryImage", Images.SERVICE);
        Map<String, String> env = new LinkedHashMap<>(settings);
        if (renderThreads != null) {
            env.put("THUMBSTREAM_RENDER_THREADS", renderThreads); // more concurrency than the manifest
        }
        String javaOptions = System.getProperty("thumbstream.it.memoryJavaOptions");
        if (javaOptions != null) {
            env.put("JAVA_TOOL_OPTIONS", javaOptions); // e.g. the image's own plus NMT, for the figures
        }
        Replica replica = Replica.start(
                "memory",
                s.infra,
                s.env(env),
                c -> c.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withMemory(limit)
                        .withMemorySwap(limit)), // no swap: over the limit is an OOM kill, as in Kubernetes
                image);
        CgroupMemory memory = new CgroupMemory(replica.id());
        AtomicLong peakRss = new AtomicLong();
        try (ResultsReader reader = s.results("read_uncommitted")) {
            long started = System.nanoTime();
            s.announce(uploads);
            Map<String, ThumbnailEvent> byKey = new LinkedHashMap<>();
            reader.readUntil(
                    results -> {
                        peakRss.accumulateAndGet(memory.rss(), Math::max);
                        memory.sample();
                        return byKey.size() >= uploads.size() || !running(replica);
                    },
                    Duration.ofMinutes(8),
                    event -> byKey.put(event.key(), event));
            double seconds = (System.nanoTime() - started) / 1e9;
            memory.sample();
            InspectContainerResponse.ContainerState state = ContainerInfrastructure.docker()
                    .inspectContainerCmd(replica.id())
                    .exec()
                    .getState();
            long peak = memory.maxUsage();
            System.out.printf(
                    "memory-model: image %s, limit %d MiB, %s render threads; %d uploads in %.0f s; peak usage %d MiB (%.0f %% of the"
                            + " limit), peak rss %d MiB; limit hits (failcnt) %d; OOM-killed %s, exit %s, running %s%n",
                    image,
                    limit >> 20,
                    env.get("THUMBSTREAM_RENDER_THREADS"),
                    byKey.size(),
                    seconds,
                    peak >> 20,
                    100.0 * peak / limit,
                    peakRss.get() >> 20,
                    memory.failCount(),
                    state.getOOMKilled(),
                    state.getExitCodeLong(),
                    state.getRunning());
            byKey.values()
                    .forEach(r -> System.out.printf(
                            "memory-model: %s %s%s%n",
                            r.key().substring(s.prefix.length()),
                            r.status(),
                            r.error() == null
                                    ? ""
                                    : " " + r.error().reason().code() + ": "
                                            + r.error().message()));

            assertThat(state.getOOMKilled())
                    .as("OOM-killed; log:%n%s", tail(replica.logs()))
                    .isFalse();
            assertThat(state.getRunning())
                    .as("still running; log:%n%s", tail(replica.logs()))
                    .isTrue();
            assertThat(replica.get("/healthz")).as("/healthz").isEqualTo(200);
            assertThat(byKey.keySet())
                    .as("every upload got its result")
                    .containsExactlyInAnyOrderElementsOf(
                            uploads.stream().map(UploadEvent::key).toList());
            assertThat(byKey.get(tooLarge.key()).error().reason()).isEqualTo(FailureReason.TOO_LARGE);
            assertThat(byKey.values())
                    .filteredOn(r -> !r.key().equals(tooLarge.key()))
                    .as("inputs within the limits")
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ThumbnailEvent.Status.COMPLETED));
            assertThat(peak).as("peak memory of the container").isLessThan(limit);
            if (javaOptions != null) {
                // -XX:+PrintNMTStatistics prints the JVM's own accounting when it exits
                replica.stop(Duration.ofSeconds(30));
                System.out.println("memory-model: replica log tail:\n" + tail(replica.logs()));
            }
        } finally {
            replica.close();
        }
    }

    private static boolean running(Replica replica) {
        return Boolean.TRUE.equals(ContainerInfrastructure.docker()
                .inspectContainerCmd(replica.id())
                .exec()
                .getState()
                .getRunning());
    }

    /** The inputs, made once and kept under target/memory-burst. */
    private static Map<String, byte[]> inputs() throws Exception {
        Files.createDirectories(INPUTS);
        String size = SIDE_W + "x" + SIDE_H;
        make(
                "progressive-444.jpg",
                "convert",
                "-size",
                size,
                "gradient:orange-navy",
                "-interlace",
                "JPEG",
                "-sampling-factor",
                "1x1",
                "-quality",
                "92",
                "OUT");
        make(
                "progressive-420.jpg",
                "convert",
                "-size",
                size,
                "gradient:teal-khaki",
                "-interlace",
                "JPEG",
                "-sampling-factor",
                "2x2",
                "-quality",
                "92",
                "OUT");
        make("too-large.jpg", "convert", "-size", "8000x6000", "gradient:red-blue", "-interlace", "JPEG", "OUT");
        make("rgba.png", "convert", "-size", size, "gradient:orange-none", "PNG32:OUT");
        make("rgb.png", "convert", "-size", size, "gradient:navy-gold", "PNG24:OUT");
        make(
                "big.heic",
                "heif-enc",
                "-q",
                "50",
                "-o",
                "OUT",
                INPUTS.resolve("rgb.png").toString());
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (String name :
                List.of("progressive-444.jpg", "progressive-420.jpg", "too-large.jpg", "rgba.png", "big.heic")) {
            inputs.put(name, Files.readAllBytes(INPUTS.resolve(name)));
            System.out.printf("memory-model: input %s, %d bytes%n", name, inputs.get(name).length);
        }
        return inputs;
    }

    private static void make(String name, String... command) throws Exception {
        Path out = INPUTS.resolve(name);
        if (Files.exists(out)) {
            return;
        }
        Path partial = INPUTS.resolve("partial-" + name);
        List<String> args = new ArrayList<>();
        for (String arg : command) {
            args.add(arg.replace("OUT", partial.toString()));
        }
        ExternalImageTools.run(args);
        Files.move(partial, out);
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
