/**
 * {@code thumbstream backfill}: lists a bucket (or a prefix of it) page by page and publishes one
 * native upload event per image object — with its ETag, so the service can skip objects whose
 * thumbnails are current, and with the job id — to the backfill topic, announcing the job and its
 * total on the jobs topic. No Kafka consumer and no service state: re-running it is always safe.
 */
package thumbstream.backfill;
