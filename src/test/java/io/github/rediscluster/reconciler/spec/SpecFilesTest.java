package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {

    @TempDir
    Path dir;

    @Test
    void laterLocationsOverrideEarlierOnes() throws IOException {
        Files.writeString(dir.resolve("a.properties"), "redis-cluster.masters=3\nredis-cluster.name=one\n");
        Files.writeString(dir.resolve("b.properties"), "redis-cluster.masters=5\n");
        SpecFiles files = SpecFiles.fromLocations(dir.resolve("a.properties") + ", file:" + dir.resolve("b.properties"));

        assertThat(files.read().properties())
                .containsEntry("redis-cluster.masters", "5")
                .containsEntry("redis-cluster.name", "one");
    }

    /** The kubelet updates a mounted ConfigMap by pointing the ..data symlink at a new directory. */
    @Test
    void seesAConfigMapSymlinkSwap() throws IOException {
        Path first = Files.createDirectory(dir.resolve("..2026_11_26_08_00_00.1"));
        Path second = Files.createDirectory(dir.resolve("..2026_11_26_08_05_00.2"));
        Files.writeString(first.resolve("application.properties"), "redis-cluster.masters=3\n");
        Files.writeString(second.resolve("application.properties"), "redis-cluster.masters=4\n");
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(dir.resolve("application.properties"), Path.of("..data/application.properties"));
        SpecFiles files = SpecFiles.fromLocations(dir.resolve("application.properties").toString());
        SpecFiles.Contents before = files.read();

        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SpecFiles.Contents after = files.read();

        assertThat(after).isNotEqualTo(before);
        assertThat(after.properties()).containsEntry("redis-cluster.masters", "4");
        assertThat(files.read()).isEqualTo(after);
    }

    @Test
    void aMissingFileIsNamed() {
        SpecFiles files = SpecFiles.fromLocations(dir.resolve("absent.properties").toString());

        assertThatThrownBy(files::read).isInstanceOf(IOException.class).hasMessageContaining("absent.properties");
    }
}
