package thumbstream.dev.cli;

import java.util.List;
import thumbstream.bench.BenchCommand;
import thumbstream.cli.DevCommandProvider;

/** The dev artifact's commands, found by {@link thumbstream.cli.DevCommands} through the ServiceLoader. */
public final class DevCommandsProvider implements DevCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new DemoCommand(), new InfraCommand(), new BenchCommand());
    }
}
