package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every key the parser reads and every reserved directive. */
class ReadmeReferenceTest {

    @Test
    void everySpecKeyIsDocumented() throws IOException {
        String readme = Files.readString(Path.of("docs/configuration.md"));

        SpecParser.KEYS.forEach(key -> assertThat(readme).as("docs/configuration.md documents " + key).contains("| `" + key + "` |"));
        SpecParser.RESERVED_DIRECTIVES.keySet().forEach(directive -> assertThat(readme).contains("`" + directive + "`"));
        SpecParser.UNSUPPORTED_DIRECTIVES.keySet().forEach(directive -> assertThat(readme).contains("`" + directive + "`"));
        SpecParser.DIRECTIVE_VALUES.keySet().forEach(directive -> assertThat(readme).contains("`" + directive + "`"));
    }
}
