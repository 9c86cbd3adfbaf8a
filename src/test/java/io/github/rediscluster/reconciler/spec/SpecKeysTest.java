package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecKeysTest {

    @Test
    void everyDeclaredKeyIsInTheListOnceWithTheCommonPrefix() throws IllegalAccessException {
        List<SpecKey<?>> constants = new ArrayList<>();
        for (Field field : SpecKeys.class.getDeclaredFields()) {
            if (field.getType() == SpecKey.class && Modifier.isStatic(field.getModifiers())) {
                constants.add((SpecKey<?>) field.get(null));
            }
        }

        assertThat(SpecKeys.ALL).as("SpecKeys.ALL against the SpecKey constants").containsExactlyInAnyOrderElementsOf(constants);
        assertThat(SpecKeys.ALL.stream().map(SpecKey::name)).doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith(SpecKeys.PREFIX) && !name.startsWith(RedisConfDirectives.PREFIX));
    }

    @Test
    void everyDefaultValueIsAcceptedByItsOwnRule() {
        SpecKeys.ALL.stream().filter(key -> key.fallback() instanceof SpecKey.Fallback.Value).forEach(key -> {
            String text = ((SpecKey.Fallback.Value) key.fallback()).text();
            assertThat(key.rule().check(text)).as("%s's default '%s'", key.name(), text)
                    .isInstanceOf(ValueRule.Checked.Accepted.class);
        });
    }

    @Test
    void aKeyWithoutDefaultIsEitherRequiredOrOptional() {
        assertThat(SpecKeys.NFS_SERVER.rule().check("")).isEqualTo(ValueRule.refuse("must not be empty"));
        assertThat(SpecKeys.LIMITS_CPU.rule().check("")).isEqualTo(ValueRule.accept(Optional.empty()));
        assertThat(SpecKeys.AUTH_SECRET.rule().check("")).isEqualTo(ValueRule.accept(Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({"3600000,1h", "600000,10m", "1000,1s", "100,100ms", "90000,90s", "1500,1500ms"})
    void durationBoundsAreShownInTheirShortestForm(long millis, String text) {
        assertThat(ValueRules.shortForm(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
