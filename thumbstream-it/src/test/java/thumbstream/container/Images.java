package thumbstream.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The images the container tests run, built once per JVM from local material only (no registry):
 * the service image by {@code scripts/image.sh} (the Dockerfile, the same script {@code make image}
 * runs, on the freshly packaged production jar) and a test-only infrastructure image (the Debian
 * JRE stand-in + the dev jar, which carries Kafka's and S3Proxy's Maven jars) that runs the broker
 * or the S3 server depending on its command. Build times are printed: they are part of the CI budget.
 */
final class Images {

    /**
     * The service image's tag; THUMBSTREAM_IT_SERVICE_IMAGE overrides it, so two checkouts on one
     * machine can run their container tests against one engine without building over each other.
     */
    static final String SERVICE =
            System.getenv().getOrDefault("THUMBSTREAM_IT_SERVICE_IMAGE", "thumbstream:container-it");

    static final String INFRA = "thumbstream-it/infra:latest";

    /** The reactor root (scripts/, target/ with both jars); the tests run in thumbstream-it/. */
    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

    private static boolean built;

    private Images() {}

    /** Builds both images unless this JVM did already; docker's layer cache makes repeats cheap. */
    static synchronized void build() {
        if (built) {
            return;
        }
        long started = System.nanoTime();
        String base = run("scripts/base-images.sh").strip();
        String[] lines = base.split("\n");
        base = lines[lines.length - 1];
        System.out.printf("container-it: base image %s ready in %.1f s%n", base, seconds(started));

        long service = System.nanoTime();
        System.out.print(run("scripts/image.sh", SERVICE));
        System.out.printf("container-it: service image in %.1f s%n", seconds(service));

        long infra = System.nanoTime();
        Path context = infraContext();
        run("docker", "build", "-q", "--build-arg", "BASE=" + base, "-t", INFRA, context.toString());
        System.out.printf("container-it: infra image (broker, S3 server) in %.1f s%n", seconds(infra));
        built = true;
    }

    /** target/container-it/infra: Dockerfile, start scripts and the dev jar. */
    private static Path infraContext() {
        Path dir = ROOT.resolve("target/container-it/infra");
        try {
            Files.createDirectories(dir);
            Path devJar = ROOT.resolve("target/thumbstream-dev.jar");
            if (!Files.exists(devJar)) {
                throw new IllegalStateException(devJar + " is missing: run `mvn package` first");
            }
            Files.copy(devJar, dir.resolve("infra.jar"), StandardCopyOption.REPLACE_EXISTING);
            for (String file : List.of("Dockerfile", "broker.sh", "s3.sh")) {
                try (var in = Images.class.getResourceAsStream("infra/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "test resource thumbstream/container/infra/" + file + " missing");
                    }
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in the project root; returns its stdout, or fails with its output. */
    private static String run(String... command) {
        try {
            Path log = Files.createTempFile("container-it-build", ".log");
            Path out = Files.createTempFile("container-it-build", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(log.toFile())
                    .start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 15 minutes");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(log);
            Files.delete(out);
            Files.delete(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + stdout + stderr);
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building images", e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
