package io.github.rediscluster.reconciler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;

/**
 * The one check that a password did not leak into a text the service writes or serves (a ConfigMap, a log line, an
 * Event, the action log, a health or status response): neither the password nor its base64 form may appear.
 */
public final class PasswordLeaks {

    private PasswordLeaks() {
    }

    /** @param where what the text is, for the failure message (which never prints the text itself) */
    public static void assertAbsent(String password, String where, String text) {
        String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        assertThat(text.contains(password)).as("the password appears in " + where).isFalse();
        assertThat(text.contains(base64)).as("the password appears base64-encoded in " + where).isFalse();
    }

    /** {@link #assertAbsent(String, String, String)} for each of {@code texts}. */
    public static void assertAbsentFromAll(String password, String where, Collection<String> texts) {
        texts.forEach(text -> assertAbsent(password, where, text));
    }
}
