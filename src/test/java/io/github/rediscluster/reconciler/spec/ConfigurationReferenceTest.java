package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table of {@code redis-cluster.*} keys says what {@link SpecKeys} declares: the same keys
 * with the same defaults, no more, no fewer. The table the declarations make is written to
 * target/configuration-reference.md on every run, to paste into the doc after a change of the declarations.
 */
class ConfigurationReferenceTest {

    static final Path DOC = Path.of("docs/configuration.md");
    static final Path GENERATED = Path.of("target/configuration-reference.md");

    private static String doc;

    @BeforeAll
    static void readTheDocAndWriteTheGeneratedTable() throws IOException {
        doc = Files.readString(DOC);
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, table());
    }

    /** The reference table from the declarations: every key in order, then the redis-conf.* family. */
    static String table() {
        StringBuilder table = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        SpecKeys.ALL.forEach(key -> table.append(row(key.name(), key.fallback().documented(), key.doc())));
        table.append(row(RedisConfDirectives.REFERENCE_KEY, RedisConfDirectives.REFERENCE_DEFAULT,
                RedisConfDirectives.REFERENCE_DOC));
        return table.toString();
    }

    private static String row(String key, String defaultValue, String meaning) {
        return "| `" + key + "` | " + defaultValue + " | " + meaning + " |\n";
    }

    /** Key to default, as the declarations have them. */
    private static Map<String, String> declared() {
        Map<String, String> defaults = new LinkedHashMap<>();
        SpecKeys.ALL.forEach(key -> defaults.put(key.name(), key.fallback().documented()));
        defaults.put(RedisConfDirectives.REFERENCE_KEY, RedisConfDirectives.REFERENCE_DEFAULT);
        return defaults;
    }

    /** Key to default, as the doc's table rows of {@code redis-cluster.*} keys have them. */
    private static Map<String, String> documented() {
        Map<String, String> defaults = new LinkedHashMap<>();
        doc.lines().filter(line -> line.startsWith("| `" + SpecKeys.PREFIX)).forEach(line -> {
            List<String> cells = List.of(line.split("\\|")).stream().map(String::strip).toList();
            String key = cells.get(1).replace("`", "");
            assertThat(defaults.put(key, cells.get(2))).as("%s documented twice", key).isNull();
        });
        return defaults;
    }

    @Test
    void everyDeclaredKeyIsDocumentedWithItsDefault() {
        Map<String, String> documented = documented();

        List<String> wrong = declared().entrySet().stream()
                .filter(key -> !key.getValue().equals(documented.get(key.getKey())))
                .map(key -> key.getKey() + ": declared default " + key.getValue() + ", documented "
                        + (documented.containsKey(key.getKey()) ? documented.get(key.getKey()) : "not at all"))
                .toList();
        assertThat(wrong).as("keys %s lacks or documents with another default (the table the declarations make is in %s)",
                DOC, GENERATED).isEmpty();
    }

    @Test
    void noKeyIsDocumentedThatIsNotDeclared() {
        assertThat(documented().keySet()).as("keys in %s that SpecKeys does not declare", DOC)
                .isSubsetOf(declared().keySet());
    }

    @Test
    void theDocumentedKeysComeInTheDeclaredOrder() {
        assertThat(List.copyOf(documented().keySet())).as("keys of %s, in order (see %s)", DOC, GENERATED)
                .isEqualTo(List.copyOf(declared().keySet()));
    }

    @Test
    void everyRefusedOrCheckedDirectiveIsNamed() {
        RedisConfDirectives.RESERVED.keySet().forEach(directive -> assertThat(doc).contains("`" + directive + "`"));
        RedisConfDirectives.UNSUPPORTED.keySet().forEach(directive -> assertThat(doc).contains("`" + directive + "`"));
        RedisConfDirectives.VALUES.keySet().forEach(directive -> assertThat(doc).contains("`" + directive + "`"));
    }
}
