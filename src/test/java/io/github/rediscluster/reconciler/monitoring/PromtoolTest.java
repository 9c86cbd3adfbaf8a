package io.github.rediscluster.reconciler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules are valid and do what their unit tests say, by promtool (Debian's prometheus package, 2.42).
 * Tag tools: needs binaries a machine with only a JDK lacks, so the default build leaves it out and .ci/run runs the
 * group after installing them.
 */
@Tag("tools")
class PromtoolTest {

    static final String PROMTOOL = System.getenv().getOrDefault("PROMTOOL", "promtool");

    @Test
    void rulesAreValid() throws Exception {
        String output = promtool(List.of("check", "rules", MonitoringFiles.RULES.toString()));
        assertThat(output).contains("SUCCESS: 9 rules found");
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        String output = promtool(List.of("test", "rules", MonitoringFiles.RULES_TEST.toString()));
        assertThat(output).contains("SUCCESS");
    }

    static String promtool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s exit code, output:%n%s", command, output).isZero();
        return output;
    }
}
