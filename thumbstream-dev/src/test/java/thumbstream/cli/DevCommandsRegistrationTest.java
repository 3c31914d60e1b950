package thumbstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dev artifact registers demo, infra and bench through its {@link DevCommandProvider}. */
class DevCommandsRegistrationTest {

    @Command(name = "thumbstream")
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void registersTheDevArtifactsCommandsWhenItsProviderIsOnTheClassPath() {
        // the test class path is the dev artifact's: its src/main/resources holds the provider file
        CommandLine root = new CommandLine(new Root());

        boolean found = DevCommands.register(root);

        assertThat(found).isTrue();
        assertThat(root.getSubcommands()).containsKeys("demo", "infra", "bench");
        Object demo = root.getSubcommands().get("demo").getCommand();
        assertThat(demo).isNotInstanceOf(DevCommands.NotInThisArtifact.class);
    }
}
