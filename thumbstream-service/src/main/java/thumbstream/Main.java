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
        if (isPlainRun(args)) {
            System.exit(runService());
        }
        CommandLine commandLine = new CommandLine(new Main());
        DevCommands.register(commandLine); // demo, infra, bench: only in the dev artifact
        System.exit(commandLine.execute(args));
    }

    /**
     * {@code thumbstream run} without options (what the image runs) needs no parsing: picocli is
     * compiled for Java 5, so the JVM can keep none of its classes in the AOT cache, and building
     * the command model (about 170 classes read and verified, annotation proxies) came before
     * anything else at every start. Any other command line, {@code run --help} included, still goes
     * through picocli.
     */
    static boolean isPlainRun(String[] args) {
        return args.length == 1 && args[0].equals("run");
    }

    /** {@link RunCommand#call} as picocli would run it: an exception is printed and exits 1. */
    private static int runService() {
        try {
            return new RunCommand().call();
        } catch (Exception e) {
            e.printStackTrace();
            return CommandLine.ExitCode.SOFTWARE;
        }
    }
}
