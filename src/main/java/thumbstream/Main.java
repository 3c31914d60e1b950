package thumbstream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import thumbstream.cli.BackfillCommand;
import thumbstream.cli.DevCommands;
import thumbstream.cli.ReplayDlqCommand;
import thumbstream.cli.RunCommand;
import thumbstream.cli.WatchCommand;

/** The {@code thumbstream} command line: wires subcommands, holds no logic. */
@Command(
        name = "thumbstream",
        mixinStandardHelpOptions = true,
        version = "thumbstream 0.1.0",
        description = "Kafka-native image thumbnail service for S3-compatible storage.",
        subcommands = {RunCommand.class, BackfillCommand.class, WatchCommand.class, ReplayDlqCommand.class})
public final class Main implements Runnable {

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // The MinIO SDK runs its calls as CompletableFuture.*Async on the common pool; with fewer
        // than 2 cores' worth of parallelism the JDK then starts a new thread per call (seen in the
        // benchmark profile: thousands of threads). Must be set before the pool is first used.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(
                    COMMON_POOL_PARALLELISM,
                    Integer.toString(Math.max(4, Runtime.getRuntime().availableProcessors())));
        }
        CommandLine commandLine = new CommandLine(new Main());
        DevCommands.register(commandLine); // demo, infra, bench: only in the dev artifact
        System.exit(commandLine.execute(args));
    }
}
