package thumbstream.config;

/**
 * What the service does at start-up about its own topics that do not exist yet ({@code thumbnails},
 * {@code uploads.dlq}, {@code uploads.backfill}, {@code thumbstream.jobs}): create them, or report
 * them and go on. A missing
 * {@code uploads} topic always stops start-up: creating it would hide a misspelt name.
 *
 * @param create            create missing topics of the service's own ({@code THUMBSTREAM_CREATE_TOPICS})
 * @param partitions        partitions of a created topic, or {@link #BROKER_DEFAULT} for the
 *                          broker's {@code num.partitions} ({@code THUMBSTREAM_TOPIC_PARTITIONS})
 * @param replicationFactor replicas of a created topic, or {@link #BROKER_DEFAULT} for the broker's
 *                          {@code default.replication.factor} ({@code THUMBSTREAM_TOPIC_REPLICATION})
 */
public record TopicCreation(boolean create, int partitions, int replicationFactor) {

    /** Leave the value to the broker's configuration. */
    public static final int BROKER_DEFAULT = -1;

    public static final TopicCreation DEFAULT = new TopicCreation(true, BROKER_DEFAULT, BROKER_DEFAULT);

    public TopicCreation {
        if (partitions != BROKER_DEFAULT && partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor != BROKER_DEFAULT && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
        }
    }
}
