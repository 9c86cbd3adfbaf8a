package io.github.rediscluster.reconciler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Where benchmarks put their figures (target/benchmarks/NAME.md and NAME.csv), and the machine they ran on. */
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
