package io.github.rediscluster.reconciler.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The leak check catches the password as is and base64-encoded, and its failure never prints the text. */
class PasswordLeaksTest {

    @Test
    void catchesThePasswordPlainOrBase64WithoutPrintingIt() {
        assertThatThrownBy(() -> PasswordLeaks.assertAbsent("hunter2", "a log line", "AUTH hunter2"))
                .hasMessageContaining("the password appears in a log line")
                .satisfies(failure -> org.assertj.core.api.Assertions.assertThat(failure.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> PasswordLeaks.assertAbsent("hunter2", "a ConfigMap", "data: aHVudGVyMg=="))
                .hasMessageContaining("base64");
        assertThatCode(() -> PasswordLeaks.assertAbsent("hunter2", "an Event", "AUTH ***")).doesNotThrowAnyException();
    }
}
