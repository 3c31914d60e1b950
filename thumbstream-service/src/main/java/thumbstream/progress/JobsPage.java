package thumbstream.progress;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One page of {@code GET /jobs}, from its query {@code ?limit=&after=}: at most {@code limit} jobs
 * whose id sorts after {@code after} (null: from the first). The query comes from anyone who can
 * reach the port, so it is checked before the store is read.
 *
 * @param after the last job id of the previous page (the {@code next} it returned), or null
 * @param limit jobs on this page, 1 to {@link JobsEndpoint#MAX_LIMIT}
 */
record JobsPage(String after, int limit) {

    /** Thrown for a query a client must change: answered 400 with the message. */
    static final class BadQueryException extends Exception {

        private static final long serialVersionUID = 1L;

        BadQueryException(String message) {
            super(message);
        }
    }

    /**
     * @param rawQuery the request URI's raw query, or null; unknown parameters are ignored, and a
     *                 limit above {@link JobsEndpoint#MAX_LIMIT} is taken as that maximum
     */
    static JobsPage parse(String rawQuery) throws BadQueryException {
        String after = null;
        int limit = JobsEndpoint.DEFAULT_LIMIT;
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new JobsPage(after, limit);
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.equals("limit")) {
                limit = limit(value);
            } else if (name.equals("after")) {
                if (value.length() > ProgressTopology.MAX_JOB_ID_CHARS) {
                    throw new BadQueryException(
                            "after: a job id is at most " + ProgressTopology.MAX_JOB_ID_CHARS + " characters");
                }
                after = value.isEmpty() ? null : value;
            }
        }
        return new JobsPage(after, limit);
    }

    private static int limit(String value) throws BadQueryException {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadQueryException("limit must be a number from 1 to " + JobsEndpoint.MAX_LIMIT);
        }
        if (value.length() > 9) {
            return JobsEndpoint.MAX_LIMIT; // more digits than an int holds: more than the maximum anyway
        }
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new BadQueryException("limit must be a number from 1 to " + JobsEndpoint.MAX_LIMIT);
        }
        return Math.min(n, JobsEndpoint.MAX_LIMIT);
    }

    private static String decode(String raw) throws BadQueryException {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadQueryException("the query is not URL-encoded: " + e.getMessage());
        }
    }
}
