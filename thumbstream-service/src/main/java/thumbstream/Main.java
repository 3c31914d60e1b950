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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        DevCommands.register(commandLine); // demo, infra, bench: only in the dev artifact
        System.exit(commandLine.execute(args));
    }
}
