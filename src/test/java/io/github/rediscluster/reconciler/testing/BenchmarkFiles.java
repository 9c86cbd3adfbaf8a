package io.github.rediscluster.reconciler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where benchmarks put their figures (target/benchmarks/NAME.md and NAME.csv), the machine they ran on, and the
 * redis-cli they compare with.
 */
public final class BenchmarkFiles {

    public static final Path DIRECTORY = Path.of("target", "benchmarks");

    private BenchmarkFiles() {
    }

    /** {@code Date 2026-11-26; 2 cores, Linux amd64, Java 17.0.15; redis-server 7.0.15} */
    public static String machine(String redisVersion) {
        return "Date " + LocalDate.now() + "; " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + ' ' + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + "; redis-server " + redisVersion;
    }

    /** REDIS_CLI, else redis-cli next to REDIS_SERVER, else on the PATH. */
    public static Optional<Path> redisCli() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("REDIS_CLI")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("REDIS_SERVER")).map(Path::of).map(Path::getParent)
                .map(dir -> dir.resolve("redis-cli")).ifPresent(candidates::add);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir, "redis-cli"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Prints the Markdown and writes both files. */
    public static void write(String name, String markdown, String csv) {
        System.out.println(markdown);
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(name + ".md"), markdown);
            Files.writeString(DIRECTORY.resolve(name + ".csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
