package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import thumbstream.config.ThumbstreamConfig;

/**
 * The image runs the jar Maven builds, as a non-root user, with `run` as its default command, and
 * starts with the AOT cache scripts/image.sh trained on that very stage.
 */
class DockerfileTest {

    private static final String FILE = "Dockerfile";
    /** The module whose shaded jar the image ships. */
    private static final String SERVICE_POM = "thumbstream-service/pom.xml";

    private static final Pattern SHADED_JAR =
            Pattern.compile("<outputFile>\\$\\{project\\.basedir}/\\.\\./target/([^<]+\\.jar)</outputFile>");

    /**
     * Instructions of the image: the {@code untrained} stage and the stage built on it that adds
     * the AOT cache (the final image inherits everything of the first), continuation lines joined.
     */
    private final List<String[]> runtime = fromFirstStage(instructions(DeployFiles.read(FILE)));

    @Test
    void runtimeUserIsNotRoot() {
        List<String> users = values("USER");

        assertThat(users).as("%s: the runtime stage sets USER", FILE).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user)
                .as("%s: USER of the runtime stage (numeric, so runAsNonRoot can check it)", FILE)
                .isNotIn("root", "0")
                .matches("\\d+");
    }

    @Test
    void defaultCommandRunsTheServiceJar() {
        List<String> command = new ArrayList<>(execForm("ENTRYPOINT"));
        command.addAll(execForm("CMD"));

        assertThat(command)
                .as("%s: ENTRYPOINT + CMD (exec form, so java is PID 1 and receives SIGTERM)", FILE)
                .containsSubsequence("java", "-jar", "/app/thumbstream.jar")
                .endsWith("run");
        assertThat(execForm("CMD"))
                .as("%s: CMD is the subcommand alone, so `docker run IMAGE demo` works", FILE)
                .containsExactly("run");
    }

    @Test
    void copiesTheProductionJarMavenBuildsAndNothingElse() {
        String jar = runnableJar(DeployFiles.read(SERVICE_POM));

        assertThat(values("COPY"))
                .as(
                        "%s: the image copies target/image/%s (the production jar pom.xml builds on the host, as "
                                + "scripts/image.sh trims it to the image's platform) to /app/thumbstream.jar, and only that",
                        FILE, jar)
                .containsExactly(
                        "target/image/" + jar + " /app/thumbstream.jar",
                        "target/image/thumbstream.aot /app/thumbstream.aot");
        assertThat(DeployFiles.read("scripts/image.sh"))
                .as("scripts/image.sh writes target/image/%s from target/%s", jar, jar)
                .contains("cp target/" + jar + " ")
                .contains("jar=target/image/" + jar);
    }

    @Test
    void buildContextHoldsOnlyTheProductionJar() {
        List<String> rules = DeployFiles.read(".dockerignore")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();

        assertThat(rules)
                .as(".dockerignore: exclude everything, then re-include the production jar and its AOT cache alone"
                        + " (never the dev jar)")
                .containsExactly(
                        "*",
                        "!target/image/" + runnableJar(DeployFiles.read(SERVICE_POM)),
                        "!target/image/thumbstream.aot");
    }

    @Test
    void baseImageIsABuildArgDefaultingToTheLocalRuntimeBase() {
        List<String[]> all = instructions(DeployFiles.read(FILE));
        List<String> args = all.stream()
                .takeWhile(i -> !i[0].equals("FROM"))
                .filter(i -> i[0].equals("ARG"))
                .map(i -> i[1])
                .toList();

        assertThat(args)
                .as(
                        "%s: ARG RUNTIME_IMAGE=<the base scripts/runtime-base.sh tags> before FROM, so a user can pass"
                                + " a JRE image instead",
                        FILE)
                .contains("RUNTIME_IMAGE=" + aliasTaggedByRuntimeBase());
        assertThat(all.stream().filter(i -> i[0].equals("FROM")).map(i -> i[1]))
                .as("%s: the untrained stage on the runtime image, then the image = that stage + its AOT cache", FILE)
                .containsExactly("${RUNTIME_IMAGE} AS untrained", "untrained");
    }

    @Test
    void exposesTheManagementPortAndSizesTheHeapFromTheContainer() {
        assertThat(values("EXPOSE"))
                .as("%s: EXPOSE", FILE)
                .anyMatch(e -> e.contains(String.valueOf(ThumbstreamConfig.DEFAULT_HTTP_PORT)));
        assertThat(String.join("\n", values("ENV")) + String.join("\n", execForm("ENTRYPOINT")))
                .as("%s: JVM flags for a container (JAVA_TOOL_OPTIONS or ENTRYPOINT)", FILE)
                .contains("-XX:MaxRAMPercentage=")
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theFinalStageStartsWithTheAotCacheItCopies() {
        List<String> env = values("ENV");
        assertThat(env.get(env.size() - 1))
                .as("%s: the last ENV keeps the first stage's JAVA_TOOL_OPTIONS and adds the cache", FILE)
                .startsWith("JAVA_TOOL_OPTIONS=\"${JAVA_TOOL_OPTIONS} ")
                .contains("-XX:AOTCache=/app/thumbstream.aot");
    }

    /** The alias scripts/runtime-base.sh tags next to its hashed tag, e.g. thumbstream-base/runtime:25-bookworm. */
    private static String aliasTaggedByRuntimeBase() {
        String script = DeployFiles.read("scripts/runtime-base.sh");
        Matcher suite = Pattern.compile("(?m)^SUITE=(\\S+)$").matcher(script);
        Matcher alias = Pattern.compile("(?m)^ALIAS=(\\S+)\\$SUITE$").matcher(script);
        assertThat(suite.find() && alias.find())
                .as("scripts/runtime-base.sh sets SUITE= and ALIAS=...$SUITE")
                .isTrue();
        return alias.group(1) + suite.group(1);
    }

    private List<String> values(String keyword) {
        return runtime.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    private List<String> execForm(String keyword) {
        List<String> values = values(keyword);
        assertThat(values).as("%s: the runtime stage sets %s", FILE, keyword).isNotEmpty();
        String json = values.get(values.size() - 1);
        try {
            return List.of(new ObjectMapper().readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            throw new AssertionError(FILE + ": " + keyword + " " + json + " is not in exec form [\"...\", ...]", e);
        }
    }

    /** The shaded jar's file name: the shade plugin's outputFile, else the build's finalName. */
    private static String runnableJar(String pom) {
        Matcher outputFile = SHADED_JAR.matcher(pom);
        if (outputFile.find()) {
            return outputFile.group(1);
        }
        Matcher finalName = Pattern.compile("<finalName>([^<$]+)</finalName>").matcher(pom);
        assertThat(finalName.find())
                .as("pom.xml names its jar (shade outputFile or a literal finalName)")
                .isTrue();
        return finalName.group(1) + ".jar";
    }

    /** Each instruction as {KEYWORD, arguments}, comments dropped, backslash continuations joined. */
    static List<String[]> instructions(String dockerfile) {
        List<String[]> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            result.add(new String[] {parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""});
            current.setLength(0);
        }
        return result;
    }

    private static List<String[]> fromFirstStage(List<String[]> instructions) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i)[0].equals("FROM")) {
                return instructions.subList(i, instructions.size());
            }
        }
        throw new AssertionError(FILE + " has no FROM");
    }
}
