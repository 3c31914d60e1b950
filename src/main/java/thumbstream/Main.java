package thumbstream;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code thumbstream} command line: wires subcommands, holds no logic. */
@Command(name = "thumbstream", mixinStandardHelpOptions = true, version = "thumbstream 0.1.0",
        description = "Kafka-native image thumbnail service for S3-compatible storage.",
        subcommands = {RunCommand.class, InfraCommand.class, DemoCommand.class, BackfillCommand.class,
                WatchCommand.class, BenchCommand.class, ReplayDlqCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
