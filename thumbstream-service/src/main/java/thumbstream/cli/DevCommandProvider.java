package thumbstream.cli;

import java.util.List;

/**
 * Adds the developer commands ({@code demo}, {@code infra}, {@code bench}) to the command line.
 *
 * <p>Implemented only in the dev artifact ({@code thumbstream-dev.jar}), which carries the
 * embedded broker and S3 server; found through {@link java.util.ServiceLoader}, so the production
 * artifact runs without any of it on the class path.
 */
public interface DevCommandProvider {

    /** Annotated picocli command objects, each a subcommand of {@code thumbstream}. */
    List<Object> commands();
}
