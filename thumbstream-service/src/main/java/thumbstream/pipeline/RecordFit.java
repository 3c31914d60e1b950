package thumbstream.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import thumbstream.event.DeadLetterHeaders;
import thumbstream.event.EventJson;

/**
 * Makes result and dead-letter records fit a size limit, so that no record can be refused by the
 * producer ({@code max.request.size}) or the broker ({@code max.message.bytes}) and block its
 * partition. Sizes are estimated from above, like the producer does: key, value and headers plus
 * the record and batch framing.
 *
 * <p>A dead letter keeps as much of the original as fits: first the value is cut, then (when the
 * key or the original headers alone are too large) the key is cut to {@value #MAX_CUT_KEY_BYTES}
 * bytes and the original headers are dropped. The headers {@code thumbstream.truncated} (what was
 * cut) and {@code thumbstream.original.size} (the value's size before) say so. A result event too
 * large (a huge record key or error message) gets its Kafka key cut and its long text fields
 * shortened; it stays valid JSON.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordFit {

    /** Batch header (61 bytes) plus the largest record framing (21 bytes), rounded up. */
    static final int FRAMING_BYTES = 128;
    /** Per header: its two length varints and framing. */
    static final int HEADER_FRAMING_BYTES = 12;
    /** What is left of a key that had to be cut. */
    static final int MAX_CUT_KEY_BYTES = 1024;
    /** What is left of a long text field of a result event that had to be shortened. */
    static final int MAX_CUT_TEXT_CHARS = 1024;

    private RecordFit() {}

    /** Upper bound of the record's size on the wire, before compression. */
    static int estimate(String key, byte[] value, Iterable<Header> headers) {
        long size = FRAMING_BYTES + utf8Length(key) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += HEADER_FRAMING_BYTES + utf8Length(h.key()) + (h.value() == null ? 0 : h.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    static int estimate(ProducerRecord<String, byte[]> r) {
        return estimate(r.key(), r.value(), r.headers());
    }

    /**
     * @param ours    the headers this service adds (reason, source, …), always kept
     * @param limit   the largest record the topic and producer take
     * @return the dead letter, whole when it fits, else cut as described above
     */
    static ProducerRecord<String, byte[]> deadLetter(
            String topic, String key, byte[] value, Header[] original, Map<String, byte[]> ours, int limit) {
        RecordHeaders headers = headers(original, ours);
        if (estimate(key, value, headers) <= limit) {
            return new ProducerRecord<>(topic, null, key, value, headers);
        }
        List<String> cut = new ArrayList<>();
        String fittedKey = key;
        Map<String, byte[]> extra = new java.util.LinkedHashMap<>(ours);
        extra.put(DeadLetterHeaders.TRUNCATED, new byte[0]);
        extra.put(DeadLetterHeaders.ORIGINAL_SIZE, ascii(value == null ? 0 : value.length));
        int withoutValue = estimate(key, null, headers(original, extra));
        if (withoutValue > limit) {
            if (utf8Length(key) > MAX_CUT_KEY_BYTES) {
                fittedKey = truncateUtf8(key, MAX_CUT_KEY_BYTES);
                extra.put(DeadLetterHeaders.ORIGINAL_KEY_SIZE, ascii(utf8Length(key)));
                cut.add("key");
            }
            if (original.length > 0) {
                original = new Header[0];
                cut.add("headers");
            }
        }
        int room = limit - estimate(fittedKey, null, headers(original, extra)) - 32; // the list of cut parts
        byte[] fittedValue = value;
        if (value != null && value.length > Math.max(0, room)) {
            fittedValue = Arrays.copyOf(value, Math.max(0, room));
            cut.add(0, "value");
        }
        extra.put(DeadLetterHeaders.TRUNCATED, ascii(String.join(",", cut)));
        return new ProducerRecord<>(topic, null, fittedKey, fittedValue, headers(original, extra));
    }

    /**
     * @return the result record, whole when it fits; else with its key cut and, if that is not
     *         enough, the long text fields of its JSON value shortened
     */
    static ProducerRecord<String, byte[]> result(String topic, String key, byte[] json, int limit) {
        ProducerRecord<String, byte[]> whole = new ProducerRecord<>(topic, key, json);
        if (estimate(whole) <= limit) {
            return whole;
        }
        String fittedKey = utf8Length(key) > MAX_CUT_KEY_BYTES ? truncateUtf8(key, MAX_CUT_KEY_BYTES) : key;
        ProducerRecord<String, byte[]> shorterKey = new ProducerRecord<>(topic, fittedKey, json);
        if (estimate(shorterKey) <= limit) {
            return shorterKey;
        }
        return new ProducerRecord<>(topic, fittedKey, shortenTexts(json));
    }

    /** The JSON with every string longer than {@value #MAX_CUT_TEXT_CHARS} characters cut, marked. */
    static byte[] shortenTexts(byte[] json) {
        try {
            JsonNode root = EventJson.mapper().readTree(json);
            shorten(root);
            return EventJson.mapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read a result event we wrote", e);
        }
    }

    private static void shorten(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    field.setValue(shortened(field.getValue().asText()));
                } else {
                    shorten(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, shortened(array.get(i).asText()));
                } else {
                    shorten(array.get(i));
                }
            }
        }
    }

    private static TextNode shortened(String text) {
        if (text.length() <= MAX_CUT_TEXT_CHARS) {
            return TextNode.valueOf(text);
        }
        return TextNode.valueOf(text.substring(0, MAX_CUT_TEXT_CHARS) + "…[" + (text.length() - MAX_CUT_TEXT_CHARS)
                + " more characters cut]");
    }

    private static RecordHeaders headers(Header[] original, Map<String, byte[]> ours) {
        RecordHeaders headers = new RecordHeaders(original);
        ours.forEach(headers::add);
        return headers;
    }

    static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The longest prefix of {@code s} whose UTF-8 form has at most {@code maxBytes} bytes. */
    static String truncateUtf8(String s, int maxBytes) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return s;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.IGNORE)
                .onUnmappableCharacter(CodingErrorAction.IGNORE);
        CharBuffer out = CharBuffer.allocate(maxBytes);
        // IGNORE drops the partial character the cut may leave at the end.
        decoder.decode(ByteBuffer.wrap(bytes, 0, maxBytes), out, true);
        decoder.flush(out);
        return out.flip().toString();
    }

    private static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }
}
