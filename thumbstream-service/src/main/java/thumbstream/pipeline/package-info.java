/**
 * The Kafka side of the service and the only package that knows about threads and offsets.
 *
 * <p>One poll thread owns the {@code KafkaConsumer} ({@link thumbstream.pipeline.PollLoop}); it hands
 * each assigned partition's records to that partition's {@link thumbstream.pipeline.PartitionWorker},
 * pauses partitions whose backlog is full, and commits, per partition, the offsets below the first
 * record whose result the broker has not yet acknowledged ({@link thumbstream.pipeline.OffsetTracker}).
 * A crash may therefore repeat work but never skip it.
 */
package thumbstream.pipeline;
