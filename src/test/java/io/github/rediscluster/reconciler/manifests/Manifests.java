package io.github.rediscluster.reconciler.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The deploy manifests in kubernetes/, parsed with the Kubernetes model classes. */
final class Manifests {

    static final Path DIR = Path.of("kubernetes");
    static final String KUSTOMIZATION = "kustomization.yaml";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every object file (all YAML files but the kustomization), by file name. */
    static List<String> objectFiles() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals(KUSTOMIZATION))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T extends HasMetadata> T load(String file, Class<T> type) {
        HasMetadata object = load(file);
        if (!type.isInstance(object)) {
            throw new AssertionError(file + " holds a " + object.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(object);
    }

    static HasMetadata load(String file) {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            return SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String file) {
        try {
            return Files.readString(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
