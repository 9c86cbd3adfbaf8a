package io.github.rediscluster.reconciler.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the pipeline of a pass (spec, desired, apply, observe, plan, act, report, loop) and depend on
 * each other in one direction only: a cycle would mean a stage reaching back into a later one.
 */
class PackageRulesTest {

    private static final String BASE = "io.github.rediscluster.reconciler";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/sandbox/"))
            .importPackages(BASE);

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRulesSeeTheWholePipeline() {
        List<String> packages = MAIN.stream().map(type -> type.getPackageName().substring(BASE.length()))
                .filter(name -> !name.isEmpty()).map(name -> name.substring(1).split("\\.")[0]).distinct().sorted().toList();
        assertThat(packages).contains("spec", "desired", "apply", "observe", "plan", "act", "redis", "report", "loop");
    }

    /** The team keeps classes small: one job each, so that a newcomer can read any of them in one sitting. */
    @Test
    void noMainClassOver300Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> big = files.filter(file -> file.toString().endsWith(".java")).filter(file -> lines(file) > 300)
                    .map(file -> file + " (" + lines(file) + " lines)").toList();
            assertThat(big).as("classes over 300 lines").isEmpty();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
