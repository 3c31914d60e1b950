package thumbstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Captures what one class logs, formatted with the production text pattern, for tests of what a log
 * line looks like. Close it to detach.
 */
public final class LogCapture implements AutoCloseable {

    /** A newline, an ANSI colour escape and 100 KB: everything a log line must not carry. */
    public static final String HOSTILE =
            "v1\n12:00:00.000 ERROR [main] forged - \u001b[31mdisk full\u001b[0m" + "e".repeat(100_000);

    /** The text appender's pattern, read from the production logback.xml. */
    private static final String TEXT_PATTERN = textPattern();

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final PatternLayout layout = new PatternLayout();

    private LogCapture(Class<?> type) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(type);
        layout.setContext(context);
        layout.setPattern(TEXT_PATTERN);
        layout.start();
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
    }

    private static String textPattern() {
        try (InputStream in = LogCapture.class.getResourceAsStream("/logback.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<pattern>(.*?)</pattern>").matcher(xml);
            if (!m.find()) {
                throw new IllegalStateException("no <pattern> in logback.xml");
            }
            return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts capturing what {@code type}'s logger writes. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type);
    }

    /** Every event so far as the console would print it, line ending included. */
    public List<String> formatted() {
        return appender.list.stream().map(layout::doLayout).toList();
    }

    /** One line, no control characters but its line end, a few hundred characters per field at most. */
    public static void isOneSafeLine(String line) {
        assertThat(line).endsWith("\n").hasSizeLessThan(2_000);
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r", "\u001b");
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        layout.stop();
    }
}
