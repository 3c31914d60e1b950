package thumbstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, as a real browser for pages the service serves. Each run
 * gets a new empty profile and the flags that keep it off the network (TOOLCHAIN-NOTES: without
 * them it keeps trying hosts this network cannot reach), and is killed by its PID, with the
 * renderer and GPU processes it started, when it does not finish within {@value #TIMEOUT_SECONDS} s.
 * Console messages (CSP violations among them) are logged to stderr, which {@link Run} keeps.
 */
final class Chromium {

    private static final long TIMEOUT_SECONDS = 60;
    private static final String INSTALL = "apt-get install -y --no-install-recommends chromium (.ci/run installs it)";

    /** What one run printed. */
    record Run(String stdout, String stderr) {}

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The browser on PATH; else the test is skipped, or fails on CI ({@code CI=true}). */
    static Chromium required() {
        Optional<Path> found = find("chromium");
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium is not on PATH and CI=true: " + INSTALL);
        }
        Assumptions.assumeTrue(found.isPresent(), "chromium is not on PATH: skipping (" + INSTALL + ")");
        return new Chromium(found.get());
    }

    /** The DOM after the page loaded, as the browser serialises it. */
    Run dumpDom(URI page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--virtual-time-budget=2000", page.toString()));
    }

    /** A PNG of the page at the given window size. */
    Run screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Run run = run(List.of(
                "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height,
                "--hide-scrollbars",
                page.toString()));
        assertThat(png).as("screenshot; chromium said: %s", run.stderr()).exists();
        return run;
    }

    private Run run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("thumbstream-chromium-");
        Path out = Files.createTempFile("thumbstream-chromium", ".out");
        Path err = Files.createTempFile("thumbstream-chromium", ".err");
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox", // as root on CI machines
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill(process.toHandle());
                throw new AssertionError("chromium (pid " + process.pid() + ") did not finish within " + TIMEOUT_SECONDS
                        + " s and was killed: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (process.isAlive()) {
                kill(process.toHandle());
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteQuietly(profile);
        }
    }

    /** By PID: its descendants first (they would outlive it), then the browser itself. */
    private static void kill(ProcessHandle browser) {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly();
        browser.onExit()
                .orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }

    private static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
