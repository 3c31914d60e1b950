package thumbstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class DevCommandsTest {

    @Command(name = "thumbstream")
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void theProductionClassPathGetsStandInsForTheDevCommands() {
        // this module's class path is the production jar's: no provider file
        CommandLine root = new CommandLine(new Root());

        boolean found = DevCommands.register(root);

        assertThat(found).as("a DevCommandProvider was found").isEqualTo(false);
        assertThat(root.getSubcommands()).containsKeys("demo", "infra", "bench");
        Object demo = root.getSubcommands().get("demo").getCommand();
        assertThat(demo).isInstanceOf(DevCommands.NotInThisArtifact.class);
    }

    @Test
    void aStandInNamesTheDevArtifactAndExitsWithTwo() {
        CommandLine standIn = new CommandLine(new DevCommands.NotInThisArtifact("demo"));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = standIn.execute("--images", "3");
        } finally {
            System.setErr(err);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("'demo'").contains("thumbstream-dev.jar");
    }
}
