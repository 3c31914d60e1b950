package thumbstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the code agree on the THUMBSTREAM_* variables, which the code defines
 * once ({@link thumbstream.config.EnvVariable}, read by EnvConfigLoader): every one of them is
 * documented there, every variable documented there is one of them (a typo or a removed setting
 * fails here), and no main code names a THUMBSTREAM_* variable outside that list.
 */
class ConfigurationDocsTest {

    private static final String DOC = "docs/configuration.md";
    private static final Pattern MENTION = Pattern.compile("\\b(THUMBSTREAM_[A-Z0-9_]+)\\b");

    @Test
    void everyVariableTheServiceReadsIsDocumented() {
        Set<String> production = ServiceContract.productionVariables();
        assertThat(production).as("variables read by the production modules").isNotEmpty();

        assertThat(documented())
                .as("%s documents every variable the service reads", DOC)
                .containsAll(production);
    }

    @Test
    void everyDocumentedVariableIsOneTheCodeReads() {
        assertThat(ServiceContract.productionVariables())
                .as("variables the service reads, EnvVariable (%s names no other)", DOC)
                .containsAll(documented());
    }

    @Test
    void everyVariableTheMainCodeNamesIsAnEnvVariable() {
        assertThat(ServiceContract.productionVariables())
                .as("EnvVariable lists every THUMBSTREAM_* name the main code of any module mentions")
                .containsAll(ServiceContract.mentionedInMainCode());
    }

    private static Set<String> documented() {
        Set<String> names = new TreeSet<>();
        collect(MENTION, DeployFiles.read(DOC), names);
        return names;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
