package thumbstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import thumbstream.config.EnvConfigLoader;
import thumbstream.config.EnvVariable;
import thumbstream.config.ThumbstreamConfig;

/**
 * What the service's code says about how it must be deployed: the variables it reads, the ones it
 * cannot start without, the HTTP paths it serves. Read from the main sources and classes at test
 * time, so the deployment tests follow the code instead of a copy of it.
 */
final class ServiceContract {

    /** Without these the service refuses to start; every deployment must set them. */
    static final List<String> REQUIRED = List.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            "THUMBSTREAM_S3_ENDPOINT",
            "THUMBSTREAM_S3_ACCESS_KEY",
            "THUMBSTREAM_S3_SECRET_KEY");

    /** Read by the JVM (or glibc's malloc under it), not the service; allowed in a container's own env. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX");

    /** The modules whose sources may read a THUMBSTREAM_* variable: the production jar and the dev jar. */
    private static final List<String> MODULES =
            List.of("thumbstream-imaging", "thumbstream-service", "thumbstream-testkit", "thumbstream-dev");

    private static final Pattern JAVA_LITERAL = Pattern.compile("\"(THUMBSTREAM_[A-Z0-9_]+)\"");
    private static final Pattern ANY_MENTION = Pattern.compile("\\b(THUMBSTREAM_[A-Z0-9_]+)\\b");
    /** The forms EnvConfigLoader accepts: 25s, 1500ms, 2m, or plain seconds. */
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private static final Set<String> MENTIONED = scanThumbstreamVariables();
    private static final Set<String> THUMBSTREAM_VARIABLES = union(productionVariables(), MENTIONED);
    private static final Set<String> KAFKA_SETTINGS = kafkaSettings();

    private ServiceContract() {}

    /**
     * The THUMBSTREAM_* names the code knows: every {@link EnvVariable}, and any other name the main
     * code mentions (string literals in src/main/java, any mention in src/main/resources, e.g.
     * {@code ${THUMBSTREAM_LOG_FORMAT}} in a logback configuration; {@link #mentionedInMainCode()}).
     */
    static Set<String> thumbstreamVariables() {
        return THUMBSTREAM_VARIABLES;
    }

    /** True for a variable the service takes in: a THUMBSTREAM_* it reads or a KAFKA_* client setting. */
    static boolean reads(String variable) {
        return THUMBSTREAM_VARIABLES.contains(variable) || kafkaSetting(variable) != null;
    }

    /**
     * The Kafka client property a KAFKA_* variable becomes ({@code KAFKA_SECURITY_PROTOCOL} is
     * {@code security.protocol}), or null when it is no consumer, producer or admin setting: the
     * same rule as {@link EnvConfigLoader}.
     */
    static String kafkaSetting(String variable) {
        if (!variable.startsWith("KAFKA_")) {
            return null;
        }
        String name =
                variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return KAFKA_SETTINGS.contains(name) ? name : null;
    }

    /** The configuration the service would start with in this environment; throws what it would report. */
    static ThumbstreamConfig load(Map<String, String> environment) {
        return new EnvConfigLoader(environment).load();
    }

    /** True when the management server's sources register this path. */
    static boolean serves(String path) {
        return sources(Path.of("thumbstream-service/src/main/java/thumbstream/http"))
                .anyMatch(source -> source.contains("\"" + path + "\""));
    }

    /** Parses a duration the way the service does: "25s", "1500ms", "2m", or "25" (seconds). */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new AssertionError("'" + text + "' is not a duration the service accepts (25s, 1500ms, 2m, 25)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** THUMBSTREAM_* variables the production service reads: {@link EnvVariable}, the one list of them. */
    static Set<String> productionVariables() {
        Set<String> names = new TreeSet<>();
        for (EnvVariable variable : EnvVariable.values()) {
            names.add(variable.name());
        }
        return names;
    }

    /**
     * THUMBSTREAM_* names the main code of every module mentions outside {@link EnvVariable}'s
     * constants: string literals in src/main/java, any mention in src/main/resources.
     */
    static Set<String> mentionedInMainCode() {
        return MENTIONED;
    }

    private static Set<String> scanThumbstreamVariables() {
        Set<String> names = new TreeSet<>();
        for (String module : MODULES) {
            sources(Path.of(module, "src/main/java")).forEach(source -> collect(JAVA_LITERAL, source, names));
            sources(Path.of(module, "src/main/resources")).forEach(source -> collect(ANY_MENTION, source, names));
        }
        return Set.copyOf(names);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static Stream<String> sources(Path relativeDir) {
        Path dir = DeployFiles.ROOT.resolve(relativeDir);
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList().stream().map(ServiceContract::readQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // binary resources (images, fonts) mention no variable
        }
    }

    private static Set<String> kafkaSettings() {
        Set<String> names = new HashSet<>(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
