package thumbstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.placeholder.PlaceholderKind;

class EnvConfigLoaderTest {

    /** The smallest environment that loads: broker and S3 account, nothing else. */
    private static Map<String, String> minimalEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("THUMBSTREAM_S3_ENDPOINT", "http://minio:9000");
        env.put("THUMBSTREAM_S3_ACCESS_KEY", "thumbstream");
        env.put("THUMBSTREAM_S3_SECRET_KEY", "s3cr3t-value");
        return env;
    }

    private static ThumbstreamConfig load(Map<String, String> env) {
        return new EnvConfigLoader(env).load();
    }

    @Test
    void fillsEveryOptionalSettingWithItsDefault() {
        ThumbstreamConfig config = load(minimalEnv());

        assertThat(config.topics()).isEqualTo(Topics.DEFAULT);
        assertThat(config.groupId()).isEqualTo("thumbstream");
        assertThat(config.renditions()).isEqualTo(RenditionSpec.parseList(ThumbstreamConfig.DEFAULT_RENDITIONS));
        assertThat(config.renditions()).extracting(RenditionSpec::name).containsExactly("small", "medium");
        assertThat(config.outputPrefix()).isEqualTo("thumbnails/");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.maxPixels()).isEqualTo(ThumbstreamConfig.DEFAULT_MAX_PIXELS);
        assertThat(config.maxSourceBytes()).isEqualTo(ThumbstreamConfig.DEFAULT_MAX_SOURCE_BYTES);
        assertThat(config.s3().region()).isEqualTo("us-east-1");
        assertThat(config.s3().pathStyle()).isTrue();
    }

    @Test
    void readsTheRenderCapFromThumbstreamRenderThreads() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_RENDER_THREADS", "3");

        assertThat(load(env).pipeline().renderThreads()).isEqualTo(3);
    }

    @Test
    void stillAcceptsTheDeprecatedWorkerThreadsName() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_WORKER_THREADS", "5");

        assertThat(load(env).pipeline().renderThreads()).isEqualTo(5);
    }

    @Test
    void prefersTheNewNameWhenBothAreSet() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_WORKER_THREADS", "5");
        env.put("THUMBSTREAM_RENDER_THREADS", "3");

        assertThat(load(env).pipeline().renderThreads()).isEqualTo(3);
    }

    @Test
    void namesTheDeprecatedVariableWhenItsValueIsBad() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_WORKER_THREADS", "lots");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_WORKER_THREADS");
    }

    @Test
    void givenNoPlaceholderSetting_whenLoaded_thenEveryPlaceholderIsSelected() {
        assertThat(load(minimalEnv()).placeholders()).isEqualTo(PlaceholderKind.all());
    }

    @Test
    void givenAPlaceholderList_whenLoaded_thenOnlyThoseAreSelected() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_PLACEHOLDERS", "blurhash,averageColor");

        assertThat(load(env).placeholders())
                .containsExactlyInAnyOrder(PlaceholderKind.BLURHASH, PlaceholderKind.AVERAGE_COLOR);
        env.put("THUMBSTREAM_PLACEHOLDERS", "none");
        assertThat(load(env).placeholders()).isEmpty();
    }

    @Test
    void givenAnUnknownPlaceholder_whenLoaded_thenTheMessageNamesTheVariableAndTheValidNames() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_PLACEHOLDERS", "blurhash,lqip");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_PLACEHOLDERS: 'lqip' is not a placeholder")
                .hasMessageContaining("blurhash, thumbhash, dominantColor, averageColor");
    }

    @Test
    void readsTheS3AccountFromItsVariables() {
        S3Settings s3 = load(minimalEnv()).s3();

        assertThat(s3.endpoint()).isEqualTo("http://minio:9000");
        assertThat(s3.accessKey()).isEqualTo("thumbstream");
        assertThat(s3.secretKey()).isEqualTo("s3cr3t-value");
    }

    @Test
    void turnsKafkaBootstrapServersIntoTheBootstrapServersProperty() {
        Map<String, String> env = minimalEnv();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092");

        ThumbstreamConfig config = load(env);

        assertThat(config.kafka()).containsEntry("bootstrap.servers", "k1:9092,k2:9092");
        assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    }

    @Test
    void turnsKafkaSecurityProtocolIntoTheSecurityProtocolProperty() {
        Map<String, String> env = minimalEnv();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

        assertThat(load(env).kafka()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void ignoresKubernetesServiceLinkVariablesForAServiceNamedKafka() {
        Map<String, String> env = minimalEnv();
        env.put("KAFKA_PORT", "tcp://10.0.0.7:9092");
        env.put("KAFKA_SERVICE_HOST", "10.0.0.7");
        env.put("KAFKA_SERVICE_PORT", "9092");
        env.put("KAFKA_PORT_9092_TCP_ADDR", "10.0.0.7");

        ThumbstreamConfig config = load(env);

        assertThat(config.kafka()).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void failsWithoutKafkaBootstrapServersNamingTheVariableAndAnExample() {
        Map<String, String> env = minimalEnv();
        env.remove("KAFKA_BOOTSTRAP_SERVERS");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("host:port");
    }

    @Test
    void treatsABlankKafkaBootstrapServersAsMissing() {
        Map<String, String> env = minimalEnv();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "  ");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"THUMBSTREAM_S3_ENDPOINT", "THUMBSTREAM_S3_ACCESS_KEY", "THUMBSTREAM_S3_SECRET_KEY"})
    void failsWithoutAnS3SettingNamingTheVariableAndWhatItExpects(String variable) {
        Map<String, String> env = minimalEnv();
        env.remove(variable);

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " is not set: expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"THUMBSTREAM_S3_ENDPOINT", "THUMBSTREAM_S3_ACCESS_KEY", "THUMBSTREAM_S3_SECRET_KEY"})
    void treatsABlankS3SettingAsMissing(String variable) {
        Map<String, String> env = minimalEnv();
        env.put(variable, "   ");

        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class).hasMessageContaining(variable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minio:9000", "ftp://minio:9000", "http://", "not a url", "http//minio:9000"})
    void rejectsAnS3EndpointThatIsNotAnHttpUrl(String endpoint) {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_S3_ENDPOINT", endpoint);

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_S3_ENDPOINT")
                .hasMessageContaining("'" + endpoint + "'")
                .hasMessageContaining("http(s)://host[:port]");
    }

    @Test
    void acceptsAnHttpsEndpoint() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com");

        assertThat(load(env).s3().endpoint()).isEqualTo("https://s3.eu-west-1.amazonaws.com");
    }

    @Test
    void rejectsAPortThatIsNotANumber() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_HTTP_PORT", "eighty");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_HTTP_PORT")
                .hasMessageContaining("'eighty'")
                .hasMessageContaining("whole number");
    }

    @Test
    void rejectsAPortAboveTheTcpRangeSayingWhichRangeIsValid() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_HTTP_PORT", "70000");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_HTTP_PORT")
                .hasMessageContaining("70000")
                .hasMessageContaining("0..65535");
    }

    @Test
    void rejectsANegativePort() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_HTTP_PORT", "-1");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_HTTP_PORT")
                .hasMessageContaining("0..65535");
    }

    @Test
    void readsAValidPort() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_HTTP_PORT", "9090");

        assertThat(load(env).httpPort()).isEqualTo(9090);
    }

    @Test
    void rejectsARenditionWithoutASizeShowingTheExpectedSyntax() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_RENDITIONS", "small:320");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_RENDITIONS: ")
                .hasMessageContaining("'small:320'")
                .hasMessageContaining("WIDTHxHEIGHT")
                .hasMessageContaining("small:320x320:fit:jpg");
    }

    @Test
    void givenAWebpRenditionWithoutLibwebp_whenLoaded_thenItFailsNamingThePackageToInstall() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_RENDITIONS", "small:320x320:fit:jpg+webp,hero:1600x900:crop:avif");
        EnvConfigLoader withoutNatives = new EnvConfigLoader(
                env, format -> format == RenditionSpec.Format.JPG || format == RenditionSpec.Format.PNG);

        assertThatThrownBy(withoutNatives::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("THUMBSTREAM_RENDITIONS: rendition 'small': webp needs libwebp "
                        + "(Debian package libwebp7), which is not installed; rendition 'hero': avif needs libheif")
                .hasMessageContaining("libheif1");
    }

    @Test
    void givenWebpAndAvifRenditionsAndTheirLibraries_whenLoaded_thenTheyAreAccepted() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_RENDITIONS", "small:320x320:fit:jpg+webp+avif:webp.q=70:speed=6");

        RenditionSpec small =
                new EnvConfigLoader(env, format -> true).load().renditions().get(0);

        assertThat(small.formats())
                .containsExactly(RenditionSpec.Format.JPG, RenditionSpec.Format.WEBP, RenditionSpec.Format.AVIF);
        assertThat(small.quality(RenditionSpec.Format.WEBP)).isEqualTo(70);
        assertThat(small.avifSpeed()).isEqualTo(6);
    }

    @Test
    void readsConfiguredRenditionsInOrder() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_RENDITIONS", "square:256x256:crop:png,small:320x320");

        assertThat(load(env).renditions()).extracting(RenditionSpec::name).containsExactly("square", "small");
    }

    @Test
    void givesAnOutputPrefixWithoutTrailingSlashOne() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_OUTPUT_PREFIX", "thumbs");

        assertThat(load(env).outputPrefix()).isEqualTo("thumbs/");
    }

    @Test
    void keepsAnOutputPrefixThatAlreadyEndsWithASlash() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_OUTPUT_PREFIX", "derived/thumbs/");

        assertThat(load(env).outputPrefix()).isEqualTo("derived/thumbs/");
    }

    @Test
    void rejectsAnOutputPrefixStartingWithASlash() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_OUTPUT_PREFIX", "/thumbs/");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_OUTPUT_PREFIX")
                .hasMessageContaining("must not start with '/'");
    }

    @Test
    void readsOverriddenTopicsAndGroup() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_UPLOADS_TOPIC", "in");
        env.put("THUMBSTREAM_RESULTS_TOPIC", "out");
        env.put("THUMBSTREAM_DLQ_TOPIC", "dead");
        env.put("THUMBSTREAM_GROUP_ID", "thumbs-eu");

        ThumbstreamConfig config = load(env);

        assertThat(config.topics()).isEqualTo(new Topics("in", "out", "dead", "uploads.backfill", "thumbstream.jobs"));
        assertThat(config.groupId()).isEqualTo("thumbs-eu");
    }

    @Test
    void rejectsAPathStyleFlagThatIsNotABoolean() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_S3_PATH_STYLE", "maybe");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_S3_PATH_STYLE")
                .hasMessageContaining("true or false");
    }

    @Test
    void toStringNeverShowsTheS3SecretKeyNorTheJaasPassword() {
        Map<String, String> env = minimalEnv();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put(
                "KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"thumbs\" password=\"hunter2\";");

        ThumbstreamConfig config = load(env);
        String printed = config.toString();

        assertThat(config.kafka()).containsKey("sasl.jaas.config"); // it is passed to the clients...
        assertThat(printed) // ...but never printed
                .doesNotContain("hunter2")
                .doesNotContain("s3cr3t-value")
                .contains("sasl.jaas.config=****")
                .contains("security.protocol=SASL_SSL")
                .contains("bootstrap.servers=kafka:9092");
    }

    @Test
    void toStringMasksTheSslKeyPassword() {
        Map<String, String> env = minimalEnv();
        env.put("KAFKA_SSL_KEY_PASSWORD", "hunter2");

        String printed = load(env).toString();

        assertThat(printed).doesNotContain("hunter2").contains("ssl.key.password=****");
    }

    @Test
    void readsTheRobustnessSettingsWithTheirDefaults() {
        PipelineSettings defaults = load(minimalEnv()).pipeline();

        assertThat(defaults.maxRecordsPerEvent()).isEqualTo(100);
        assertThat(defaults.jobRetention()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(defaults.topicCreation()).isEqualTo(TopicCreation.DEFAULT);
        assertThat(defaults.topicCreation().create()).isTrue();
    }

    @Test
    void readsTheRobustnessSettingsFromTheirVariables() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_MAX_RECORDS_PER_EVENT", "10");
        env.put("THUMBSTREAM_JOB_RETENTION", "12h");
        env.put("THUMBSTREAM_CREATE_TOPICS", "false");
        env.put("THUMBSTREAM_TOPIC_PARTITIONS", "12");
        env.put("THUMBSTREAM_TOPIC_REPLICATION", "3");

        PipelineSettings settings = load(env).pipeline();

        assertThat(settings.maxRecordsPerEvent()).isEqualTo(10);
        assertThat(settings.jobRetention()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(settings.topicCreation()).isEqualTo(new TopicCreation(false, 12, 3));
    }

    @Test
    void refusesAZeroTopicPartitionCount() {
        Map<String, String> env = minimalEnv();
        env.put("THUMBSTREAM_TOPIC_PARTITIONS", "0");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("THUMBSTREAM_TOPIC_PARTITIONS");
    }
}
