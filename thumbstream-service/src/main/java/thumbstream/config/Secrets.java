package thumbstream.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Masks values of settings that may hold secrets before they are printed. */
final class Secrets {

    private static final String[] SENSITIVE = {"password", "secret", "jaas", "credential", "token", "key"};

    private Secrets() {}

    static boolean isSensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        // "key.serializer"-style class names are not secrets; only values of key-material settings are.
        if (lower.endsWith(".serializer") || lower.endsWith(".deserializer")) {
            return false;
        }
        for (String word : SENSITIVE) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, isSensitive(k) ? "****" : v));
        return out;
    }
}
