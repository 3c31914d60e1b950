package thumbstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import thumbstream.backfill.Backfill;
import thumbstream.backfill.BackfillException;
import thumbstream.backfill.BackfillOptions;
import thumbstream.backfill.BackfillSummary;
import thumbstream.backfill.LaneConsumers;
import thumbstream.config.ConfigException;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.ThumbstreamConfig;
import thumbstream.progress.ProgressLine;

/** {@code thumbstream backfill}: publish an upload event for every image of a bucket (or prefix) as one job. */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description = {
            "List a bucket (or a prefix) and publish an upload event per image object to the backfill "
                    + "topic as one job; then follow it with `thumbstream watch --job JOB`.",
            "Configured by the same KAFKA_* and THUMBSTREAM_* environment variables as `run`."
        })
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = "--bucket", required = true, description = "Bucket to list")
    String bucket;

    @Option(names = "--prefix", description = "Only keys starting with this (default: the whole bucket)")
    String prefix = "";

    @Option(names = "--job", required = true, description = "Job id, e.g. rebrand-2026 (letters, digits, . _ : -)")
    String job;

    @Option(names = "--missing-only", description = "Publish only objects whose thumbnails are missing or stale")
    boolean missingOnly;

    @Option(names = "--rate", paramLabel = "N", description = "At most N upload events per second (default: no limit)")
    double rate;

    @Override
    public Integer call() throws InterruptedException {
        ThumbstreamConfig config;
        BackfillOptions options;
        try {
            config = new EnvConfigLoader(System.getenv()).load();
            options = new BackfillOptions(bucket, prefix, job, missingOnly, rate);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("thumbstream backfill: " + e.getMessage());
            return RunCommand.EXIT_CONFIG;
        }
        try {
            BackfillSummary summary = Backfill.run(config, options, ProgressLine.stderr());
            System.out.println(summary.describe());
            // Not a failure: the events are on the topic and are processed once an instance reads it.
            LaneConsumers.warning(config, System.err::println).ifPresent(System.err::println);
            System.out.println("follow it: thumbstream watch --job " + options.jobId());
            return 0;
        } catch (BackfillException e) {
            System.err.println("thumbstream backfill: " + e.getMessage() + " (running the same job again is safe)");
            return RunCommand.EXIT_FAILED;
        }
    }
}
