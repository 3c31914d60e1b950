package thumbstream.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import thumbstream.progress.JobProgress;
import thumbstream.progress.JobReport;
import thumbstream.progress.JobWatcher;
import thumbstream.progress.ProgressLine;

/** {@code thumbstream watch}: a progress bar of a job until it is done; exit 1 when anything failed. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Show a job's progress (done/total, rate, ETA) until every upload has a result.",
            "Exit code 0 when nothing failed, 1 when some failed (listed on stdout), 2 when the service "
                    + "cannot be reached."
        })
public final class WatchCommand implements Callable<Integer> {

    static final int EXIT_UNREACHABLE = 2;

    @Option(names = "--job", required = true, description = "Job id, as given to `thumbstream backfill --job`")
    String job;

    @Option(names = "--url", description = "Any instance of the service (default: ${DEFAULT-VALUE})")
    URI url = URI.create("http://127.0.0.1:8080");

    @Option(names = "--interval", description = "Seconds between polls (default: ${DEFAULT-VALUE})")
    double intervalSeconds = 1;

    @Option(names = "--timeout", description = "Give up after this many seconds (default: wait until done)")
    Long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        JobWatcher watcher = new JobWatcher(
                url,
                job,
                ProgressLine.stderr(),
                Duration.ofMillis(Math.max(100, (long) (intervalSeconds * 1000))),
                timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
        JobReport report;
        try {
            report = watcher.await();
        } catch (JobWatcher.WatchException e) {
            System.err.println("thumbstream watch: " + e.getMessage());
            return EXIT_UNREACHABLE;
        }
        System.out.printf(
                Locale.ROOT,
                "job %s done: %,d of %,d (completed %,d, skipped %,d, deleted %,d, failed %,d)%n",
                report.jobId(),
                report.done(),
                report.total(),
                report.completed(),
                report.skipped(),
                report.deleted(),
                report.failed());
        if (report.failed() == 0) {
            return 0;
        }
        System.out.println("failed " + report.failedByReason() + ":");
        for (JobProgress.Failure f : report.failures()) {
            System.out.println("  " + f.reason() + "\t" + f.key() + (f.message() == null ? "" : "\t" + f.message()));
        }
        if (report.unlistedFailures() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "  … and %,d more (only the first %,d are kept)%n",
                    report.unlistedFailures(),
                    JobProgress.MAX_LISTED_FAILURES);
        }
        return RunCommand.EXIT_FAILED;
    }
}
