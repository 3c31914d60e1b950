package thumbstream.progress;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Read access to the progress of jobs, as the HTTP endpoint needs it. Implementations are thread-safe. */
interface JobLookup {

    /** The job's progress when this instance holds it. */
    Optional<JobProgress> job(String jobId);

    /** Every job this instance holds. */
    List<JobProgress> jobs();

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
