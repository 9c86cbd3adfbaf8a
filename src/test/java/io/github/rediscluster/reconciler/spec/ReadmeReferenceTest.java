package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference names every key the parser reads and every reserved directive. */
class ReadmeReferenceTest {

    @Test
    void everySpecKeyIsDocumented() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        SpecParser.KEYS.forEach(key -> assertThat(readme).as("README documents " + key).contains("| `" + key + "` |"));
        SpecParser.RESERVED_DIRECTIVES.keySet().forEach(directive -> assertThat(readme).contains("`" + directive + "`"));
        SpecParser.UNSUPPORTED_DIRECTIVES.keySet().forEach(directive -> assertThat(readme).contains("`" + directive + "`"));
        SpecParser.DIRECTIVE_VALUES.keySet().forEach(directive -> assertThat(readme).contains("`" + directive + "`"));
    }
}
