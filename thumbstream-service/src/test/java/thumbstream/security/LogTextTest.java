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
    void escapesAnsiEscapesLineSeparatorsAndBidiOverrides() {
        assertThat(LogText.quoted("\u001b[31mred\u2028next\u202egpj.exe"))
                .isEqualTo("\"\\u001b[31mred\\u2028next\\u202egpj.exe\"");
    }

    @Test
    void escapesQuotesSoAValueCannotCloseItsOwnQuotes() {
        assertThat(LogText.quoted("a.jpg\" reason=\\ok")).isEqualTo("\"a.jpg\\\" reason=\\\\ok\"");
    }

    @Test
    void aMessageIsEscapedAndCutButNotQuoted() {
        assertThat(LogText.message("unusable object key \"a\nb\"")).isEqualTo("unusable object key \"a\\u000ab\"");
        assertThat(LogText.message("m".repeat(100_000))).hasSize(1000).endsWith("...");
        assertThat(LogText.message(null)).isNull();
    }

    @Test
    void keepsOrdinaryKeysReadable() {
        assertThat(LogText.quoted("originals/shoe 1.jpg")).isEqualTo("\"originals/shoe 1.jpg\"");
        assertThat(LogText.quoted(null)).isNull();
    }
}
