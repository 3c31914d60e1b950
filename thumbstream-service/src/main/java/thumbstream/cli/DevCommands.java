package thumbstream.cli;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Registers the developer commands when the dev artifact is on the class path, and otherwise
 * stand-ins that say where those commands live (instead of picocli's "unknown command").
 */
public final class DevCommands {

    /** The commands only the dev artifact has. */
    static final List<String> NAMES = List.of("demo", "infra", "bench");

    static final String DEV_ARTIFACT = "thumbstream-dev.jar";

    private DevCommands() {}

    /** Adds the dev commands, or their stand-ins, to {@code root}; returns whether the real ones were found. */
    public static boolean register(CommandLine root) {
        boolean found = false;
        for (DevCommandProvider provider : ServiceLoader.load(DevCommandProvider.class)) {
            for (Object command : provider.commands()) {
                root.addSubcommand(command);
                found = true;
            }
        }
        if (!found) {
            for (String name : NAMES) {
                root.addSubcommand(name, new CommandLine(new NotInThisArtifact(name)));
            }
        }
        return found;
    }

    /** {@code thumbstream demo} on the production jar: exit 2 with a message naming the dev artifact. */
    @Command(hidden = true, description = "Only in the dev artifact.")
    static final class NotInThisArtifact implements Callable<Integer> {

        private final String name;

        @Unmatched
        List<String> ignored;

        NotInThisArtifact(String name) {
            this.name = name;
        }

        @Override
        public Integer call() {
            System.err.println("thumbstream: '" + name + "' is a developer command and is not in the production"
                    + " artifact. It is in " + DEV_ARTIFACT + " (built by `make build`; `make run` runs the demo):"
                    + " java -jar target/" + DEV_ARTIFACT + " " + name);
            return RunCommand.EXIT_CONFIG;
        }
    }
}
