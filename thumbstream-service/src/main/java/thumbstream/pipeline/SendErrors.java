package thumbstream.pipeline;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Classifies why the producer could not send a record, once, for every sink: an error retrying
 * cannot fix is permanent for that record (retrying it would stop its partition for good); anything
 * else (broker down, leader moving, timeouts) is retried.
 */
final class SendErrors {

    private SendErrors() {}

    /**
     * True for errors that depend on the record or on the cluster's configuration, not on time:
     * too large for the producer or the topic, a topic name the broker refuses, a missing ACL, a
     * record the broker rejects as invalid.
     */
    static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException
                    || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidTopicException
                    || t instanceof AuthorizationException
                    || t instanceof InvalidRecordException
                    || t instanceof SerializationException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
