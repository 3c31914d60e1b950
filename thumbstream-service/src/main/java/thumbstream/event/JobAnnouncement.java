package thumbstream.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code thumbstream backfill} says about a job on the jobs topic, keyed by the job id:
 * {@code {"jobId","bucket","prefix","total","startedAt","finishedListingAt"}}. It is sent twice:
 * when the listing starts (no {@code total} yet) and once every upload event of the job is
 * acknowledged ({@code total} = upload events published).
 *
 * @param jobId             the job, never blank
 * @param bucket            the bucket that was listed
 * @param prefix            the key prefix that was listed, empty for the whole bucket
 * @param total             upload events published for the job, or null while still listing
 * @param startedAt         when the backfill started
 * @param finishedListingAt when the last upload event was acknowledged, or null while still listing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"jobId", "bucket", "prefix", "total", "startedAt", "finishedListingAt"})
public record JobAnnouncement(
        String jobId, String bucket, String prefix, Long total, Instant startedAt, Instant finishedListingAt) {

    public JobAnnouncement {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be blank");
        }
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
    }

    /** The announcement sent before listing: the total is not known yet. */
    public static JobAnnouncement started(String jobId, String bucket, String prefix, Instant startedAt) {
        return new JobAnnouncement(jobId, bucket, prefix, null, startedAt, null);
    }

    /** The same job with its total known. */
    public JobAnnouncement finished(long published, Instant at) {
        return new JobAnnouncement(jobId, bucket, prefix, published, startedAt, at);
    }

    public byte[] toBytes() {
        try {
            return EventJson.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + this, e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not an announcement */
    public static JobAnnouncement fromBytes(byte[] json) {
        try {
            return EventJson.mapper().readValue(json, JobAnnouncement.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a job announcement: " + e.getMessage(), e);
        }
    }
}
