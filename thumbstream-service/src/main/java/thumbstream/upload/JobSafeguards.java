package thumbstream.upload;

import java.time.Duration;
import java.util.Objects;
import thumbstream.config.Safeguards;
import thumbstream.imaging.Budget;
import thumbstream.security.BucketAllowList;

/**
 * What a {@link ThumbnailJob} refuses and how much memory and time it may take, beyond the limits
 * of one source: the bucket allow-list, the budget of downloaded bytes shared by every job, and
 * the deadline of one render.
 */
public record JobSafeguards(BucketAllowList buckets, Budget sourceBudget, Duration renderTimeout) {

    public JobSafeguards {
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(sourceBudget, "sourceBudget");
        Objects.requireNonNull(renderTimeout, "renderTimeout");
    }

    /** Every bucket, no shared download budget, the default render deadline: for tests and tools. */
    public static JobSafeguards defaults() {
        return new JobSafeguards(BucketAllowList.allowAll(), Budget.unlimited(), Safeguards.DEFAULT_RENDER_TIMEOUT);
    }

    /** The service's: the configured allow-list and deadline, a budget sized for this JVM's heap. */
    public static JobSafeguards of(Safeguards config) {
        return new JobSafeguards(
                config.buckets(), Budget.forHeap(Runtime.getRuntime().maxMemory()), config.renderTimeout());
    }
}
