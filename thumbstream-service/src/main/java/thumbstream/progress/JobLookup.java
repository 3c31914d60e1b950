package thumbstream.progress;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Read access to the progress of jobs, as the HTTP endpoint needs it. Implementations are thread-safe. */
interface JobLookup {

    /** The job's progress when this instance holds it. */
    Optional<JobProgress> job(String jobId);

    /**
     * Job ids in the order {@link #jobs(String, int)} pages them: by Unicode code point, which is
     * the order of their UTF-8 bytes and so the order of the job store's keys.
     */
    Comparator<String> ID_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    /** Every job this instance holds. */
    List<JobProgress> jobs();

    /**
     * At most {@code limit} of the jobs this instance holds whose id sorts after {@code after}
     * ({@link #ID_ORDER}; null: from the first), in that order. Implementations backed by a large
     * store should read only that many; this default sorts {@link #jobs()}.
     */
    default List<JobProgress> jobs(String after, int limit) {
        return jobs().stream()
                .filter(p -> after == null || ID_ORDER.compare(p.jobId(), after) > 0)
                .sorted(Comparator.comparing(JobProgress::jobId, ID_ORDER))
                .limit(limit)
                .toList();
    }

    /** The base URL ({@code http://host:port}) of another instance that holds the job, if any. */
    Optional<URI> elsewhere(String jobId);

    /** Progress cannot be queried right now (not started yet, stopped, or failed); worth retrying later. */
    final class UnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
