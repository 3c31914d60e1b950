package thumbstream.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of optional and required fields from a JSON tree, failing with messages that name the
 * field by its full path (e.g. {@code Records[0].s3.object.key}) so a user can find it in their payload.
 *
 * <p>A field that is present with the JSON value {@code null} counts as absent: producers commonly write
 * nulls for fields they do not know.
 */
final class JsonFields {

    private JsonFields() {}

    /** The string at {@code parent.field}, or null when absent. */
    static String optionalText(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEventException(
                    "field '" + path(parentPath, field) + "' must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    /** The non-blank string at {@code parent.field}. */
    static String requiredText(JsonNode parent, String field, String parentPath) {
        String value = optionalText(parent, field, parentPath);
        if (value == null) {
            throw new InvalidEventException("missing required field '" + path(parentPath, field) + "'");
        }
        if (value.isBlank()) {
            throw new InvalidEventException("field '" + path(parentPath, field) + "' must not be blank");
        }
        return value;
    }

    /** A byte count at {@code parent.field}: a whole, non-negative number, or null when absent. */
    static Long optionalSize(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new InvalidEventException("field '" + path(parentPath, field)
                    + "' must be a whole number of bytes >= 0, got " + kind(node) + " " + abbreviate(node.toString()));
        }
        return node.longValue();
    }

    /** "a string", "an array", …: the JSON type of a node, for messages. */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
        };
    }

    /** Keeps user-supplied text in messages short: a message quotes a value, it does not echo a payload. */
    static String abbreviate(String text) {
        return abbreviate(text, 80);
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String path(String parentPath, String field) {
        return parentPath.isEmpty() ? field : parentPath + "." + field;
    }
}
