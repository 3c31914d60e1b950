package thumbstream.cli;

import java.util.LinkedHashSet;
import java.util.Set;
import thumbstream.config.Topics;

/**
 * Which dead letters {@code replay-dlq} may republish, and where to. A dead letter's
 * {@code thumbstream.source.topic} header is only a claim (a producer can put any header on the
 * record it sends to {@code uploads}, and the DLQ keeps the original headers), so replay writes only
 * to the input topics the configuration names.
 */
record ReplayTargets(Set<String> allowed) {

    static ReplayTargets of(Topics topics) {
        Set<String> inputs = new LinkedHashSet<>();
        inputs.add(topics.uploads());
        if (topics.backfill() != null && !topics.backfill().isBlank()) {
            inputs.add(topics.backfill());
        }
        return new ReplayTargets(Set.copyOf(inputs));
    }

    /**
     * @param sourceTopic the dead letter's source-topic header, null when absent
     * @param truncated   its truncation header, null when the record is whole
     * @return why the dead letter must not be replayed, or null when it may be
     */
    String refusal(String sourceTopic, String truncated) {
        if (sourceTopic == null) {
            return "no thumbstream.source.topic header";
        }
        if (!allowed.contains(sourceTopic)) {
            return "source topic '" + sourceTopic + "' is not one of the configured input topics " + allowed;
        }
        if (truncated != null) {
            return "truncated to fit the dead-letter topic (" + truncated + "); its original is incomplete";
        }
        return null;
    }
}
