package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.testing.Specs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /nfs-setup script as users run it: piped to sh. The spec's path is under a temp directory and /etc/exports.d is
 * moved there too (the only rewrite of the script); exportfs is a stand-in on PATH. The path holds what an attacker
 * who can edit the spec would put there: quotes, $(...), backquotes, ';' and '#'.
 */
class NfsSetupScriptTest {

    /** No whitespace (the spec refuses it), everything else a shell or /etc/exports would read specially. */
    private static final String HOSTILE = "/srv/it's$(touch${IFS}pwned-dollar)`touch${IFS}pwned-tick`;touch${IFS}pwned-semi#x\"y";

    @TempDir
    Path root;

    @Test
    void theScriptParsesCleanlyWhateverThePath() throws Exception {
        String script = NfsSetup.render(Specs.classicWith(SpecKeys.NFS_PATH.name(), HOSTILE), "10.0.0.0/24,node-*.example.com");
        Path file = Files.writeString(root.resolve("setup.sh"), script);

        Result result = run(List.of("sh", "-n", file.toString()), root);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).isEmpty();
    }

    @Test
    void runUnderShItMakesTheDirectoriesOwnedByTheRedisUserAndRunsNothingFromThePath() throws Exception {
        String path = root + HOSTILE;
        String script = NfsSetup.render(Specs.classicWith(SpecKeys.NFS_PATH.name(), path), "*")
                .replace(NfsSetup.EXPORTS_DIR, root + NfsSetup.EXPORTS_DIR);
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path exportfs = Files.writeString(bin.resolve("exportfs"), """
                #!/bin/sh
                # Stands in for nfs-utils' exportfs: -ra is recorded, -v prints the export lines with their paths decoded.
                if [ "$1" = -ra ]; then touch "%1$s/exportfs-ra"; fi
                if [ "$1" = -v ]; then
                  sed 's/\\\\\\([0-7][0-7][0-7]\\)/\\\\0\\1/g' "%1$s/etc/exports.d/"*.exports | while IFS= read -r line; do
                    printf '%%b\\n' "$line"
                  done
                fi
                """.formatted(root));
        Files.setPosixFilePermissions(exportfs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = Files.createDirectories(root.resolve("work"));

        Result result = runWithPath(script, work, bin);

        assertThat(result.exit()).as(result.output()).isZero();
        for (int pv = 1; pv <= 6; pv++) {
            Path directory = Path.of(path + "/pv" + pv);
            assertThat(directory).isDirectory();
            // The tests run as root here and in CI, so chown works; as another user the script would stop at chown (set -e).
            assertThat(Files.getAttribute(directory, "unix:uid")).as(directory + " owner").isEqualTo(999);
            assertThat(Files.getAttribute(directory, "unix:gid")).as(directory + " group").isEqualTo(999);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.map(Path::getFileName).map(Path::toString)).as("nothing in the path ran").noneMatch(name -> name.startsWith("pwned"));
        }
        Path exports = root.resolve("etc/exports.d/redis-cluster-default-redis-app.exports");
        assertThat(Files.readAllLines(exports)).hasSize(6).first().asString()
                .isEqualTo(NfsSetup.exportPath(path + "/pv1") + " *(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)");
        assertThat(root.resolve("exportfs-ra")).exists();
        assertThat(result.output()).as("the check found the first directory").contains(path + "/pv1 ");
    }

    private record Result(int exit, String output) {
    }

    private static Result runWithPath(String script, Path directory, Path bin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh").directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return finish(process);
    }

    private static Result run(List<String> command, Path directory) throws IOException, InterruptedException {
        return finish(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start());
    }

    private static Result finish(Process process) throws IOException, InterruptedException {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("sh finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
