package thumbstream.config;

/**
 * Every {@code THUMBSTREAM_*} environment variable the service reads, defined once: {@link
 * EnvConfigLoader} reads each by its constant (the constant's name is the variable's name), and
 * the configuration-docs test checks docs/configuration.md against this list in both directions.
 * A new setting is added here first; docs/configuration.md holds its default and meaning.
 *
 * <p>{@code KAFKA_*} variables are not listed: any Kafka client setting is passed through.
 */
public enum EnvVariable {
    // S3
    THUMBSTREAM_S3_ENDPOINT,
    THUMBSTREAM_S3_ACCESS_KEY,
    THUMBSTREAM_S3_SECRET_KEY,
    THUMBSTREAM_S3_REGION,
    THUMBSTREAM_S3_PATH_STYLE,
    THUMBSTREAM_S3_MAX_CONNECTIONS,
    THUMBSTREAM_S3_CONNECT_TIMEOUT,
    THUMBSTREAM_S3_REQUEST_TIMEOUT,
    // topics and group
    THUMBSTREAM_UPLOADS_TOPIC,
    THUMBSTREAM_RESULTS_TOPIC,
    THUMBSTREAM_DLQ_TOPIC,
    THUMBSTREAM_BACKFILL_TOPIC,
    THUMBSTREAM_JOBS_TOPIC,
    THUMBSTREAM_GROUP_ID,
    THUMBSTREAM_GROUP_TYPE,
    THUMBSTREAM_SHARE_DELIVERY_LIMIT,
    THUMBSTREAM_CREATE_TOPICS,
    THUMBSTREAM_TOPIC_PARTITIONS,
    THUMBSTREAM_TOPIC_REPLICATION,
    // what to render
    THUMBSTREAM_RENDITIONS,
    THUMBSTREAM_OUTPUT_PREFIX,
    THUMBSTREAM_PLACEHOLDERS,
    // limits and safeguards
    THUMBSTREAM_MAX_PIXELS,
    THUMBSTREAM_MAX_SOURCE_BYTES,
    THUMBSTREAM_MAX_RECORDS_PER_EVENT,
    THUMBSTREAM_MAX_DEATHS_PER_RECORD,
    THUMBSTREAM_RENDER_TIMEOUT,
    THUMBSTREAM_BUCKETS,
    // concurrency, retries, delivery, shutdown
    THUMBSTREAM_RENDER_THREADS,
    /** The old name of {@link #THUMBSTREAM_RENDER_THREADS}, still read, with a deprecation warning. */
    THUMBSTREAM_WORKER_THREADS,
    THUMBSTREAM_MAX_IN_FLIGHT_PER_PARTITION,
    THUMBSTREAM_MAX_ATTEMPTS,
    THUMBSTREAM_DELIVERY,
    THUMBSTREAM_SHUTDOWN_GRACE,
    // job progress
    THUMBSTREAM_JOB_RETENTION,
    THUMBSTREAM_STATE_DIR,
    // management server and logs
    THUMBSTREAM_HTTP_PORT,
    THUMBSTREAM_HTTP_BIND,
    /** Read by logback.xml; also checked by {@link EnvConfigLoader}, so a typo fails at start. */
    THUMBSTREAM_LOG_FORMAT,
    /** Read by logback.xml only. */
    THUMBSTREAM_LOG_LEVEL
}
