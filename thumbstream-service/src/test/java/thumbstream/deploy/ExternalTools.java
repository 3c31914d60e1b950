package thumbstream.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Command-line tools the deployment tests run (kubectl, promtool, docker-compose): found on PATH,
 * run in the project root with a time limit.
 */
final class ExternalTools {

    private static final long TIMEOUT_SECONDS = 60;

    /** What a command printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {}

    private ExternalTools() {}

    /** The executable on PATH, or empty. */
    static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    /** The executable on PATH; else the test is skipped, or fails on CI. */
    static Path required(String name, String installHint) {
        Optional<Path> found = find(name);
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(name + " is not on PATH and CI=true: " + installHint);
        }
        Assumptions.assumeTrue(found.isPresent(), name + " is not on PATH: skipping (" + installHint + ")");
        return found.get();
    }

    /** The executable on PATH, or the test is skipped, CI or not: for checks CI does not promise. */
    static Path optional(String name) {
        Optional<Path> found = find(name);
        Assumptions.assumeTrue(found.isPresent(), name + " is not on PATH: skipping the offline check");
        return found.get();
    }

    /** Runs a command in the project root; fails the test if it does not finish in 60 s. */
    static Result run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("thumbstream-tool", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(DeployFiles.ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
