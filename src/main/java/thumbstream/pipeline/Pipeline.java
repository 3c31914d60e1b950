package thumbstream.pipeline;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import thumbstream.config.ThumbstreamConfig;
import thumbstream.job.ResultFactory;
import thumbstream.job.ThumbnailJob;

/**
 * The running Kafka side of one service instance: consumer, poll thread, partition workers and the
 * producer they share. {@link #start} once, {@link #stop} once.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Records buffered per partition before it is paused. */
    private static final int MAX_BACKLOG = 500;

    private final KafkaProducer<String, byte[]> producer;
    private final PollLoop pollLoop;
    private final Thread pollThread;

    public Pipeline(ThumbstreamConfig config, ThumbnailJob job, ResultFactory results, Duration stopBound,
            MeterRegistry registry) {
        this.producer = KafkaClients.producer(config);
        RecordHandler handler = new RecordHandler(job, results, RetryPolicy.DEFAULT, Clock.systemUTC());
        ResultPublisher publisher = new ResultPublisher(producer, config.topics());
        PipelineMetrics metrics = new PipelineMetrics(registry);
        this.pollLoop = new PollLoop(KafkaClients.consumer(config), config.topics().uploads(),
                tp -> new PartitionWorker(tp, handler, publisher, RetryPolicy.DEFAULT, metrics), MAX_BACKLOG, stopBound);
        this.pollThread = new Thread(pollLoop, "thumbstream-poll");
    }

    public void start() {
        pollThread.start();
    }

    /** Stops polling, lets in-flight work finish within the loop's bound, commits, flushes and closes. */
    public void stop(Duration timeout) {
        pollLoop.shutdown();
        try {
            pollThread.join(timeout.toMillis());
            if (pollThread.isAlive()) {
                LOG.warn("poll thread did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** True while the poll thread runs and keeps returning from poll. */
    public boolean isAlive() {
        return pollThread.isAlive() && pollLoop.nanosSinceLastPoll() < Duration.ofMinutes(2).toNanos();
    }

    public int assignedPartitions() {
        return pollLoop.assignedPartitions();
    }
}
