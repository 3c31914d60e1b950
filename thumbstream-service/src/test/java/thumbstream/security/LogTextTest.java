package thumbstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escapesControlCharactersSoAKeyCannotStartANewLogLine() {
        assertThat(LogText.quoted("a\nb\u0000c")).isEqualTo("\"a\\u000ab\\u0000c\"");
    }

    @Test
    void cutsLongTextToTwoHundredCharacters() {
        String quoted = LogText.quoted("k".repeat(400_000));

        assertThat(quoted).hasSize(202).endsWith("...\"");
    }

    @Test
    void keepsOrdinaryKeysReadable() {
        assertThat(LogText.quoted("originals/shoe 1.jpg")).isEqualTo("\"originals/shoe 1.jpg\"");
        assertThat(LogText.quoted(null)).isNull();
    }
}
