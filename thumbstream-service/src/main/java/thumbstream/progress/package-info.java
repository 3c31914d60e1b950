/**
 * Job progress: a Kafka Streams topology ({@link thumbstream.progress.ProgressTopology}) that folds
 * the result events of backfill jobs and their announcements into one progress record per job, its
 * HTTP endpoint ({@code GET /jobs}, {@code GET /jobs/{id}}) served by interactive queries, and the
 * client side of {@code thumbstream watch}; and the HTML status page at {@code /}
 * ({@link thumbstream.progress.StatusPage}: the latest jobs and the latest results
 * {@link thumbstream.progress.LatestResults} kept from what the pipeline delivered).
 *
 * <p>Counts are per distinct object: a duplicate result (at-least-once delivery) or a re-render of
 * the same object in the same job replaces that object's earlier outcome instead of adding to it.
 * Only jobs announced on the jobs topic are counted; results of others are held for a while in
 * case the announcement follows ({@link thumbstream.progress.HeldResults}), then dropped.
 */
package thumbstream.progress;
