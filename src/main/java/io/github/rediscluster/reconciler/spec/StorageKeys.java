package io.github.rediscluster.reconciler.spec;

import static io.github.rediscluster.reconciler.spec.SpecKeys.NFS_PATH;
import static io.github.rediscluster.reconciler.spec.SpecKeys.NFS_SERVER;
import static io.github.rediscluster.reconciler.spec.SpecKeys.PV_PREFIX;
import static io.github.rediscluster.reconciler.spec.SpecKeys.STORAGE_ACCESS_MODE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.STORAGE_CLASS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules between the storage keys: the volumes come either from static NFS PVs the service makes or from a
 * StorageClass, never both, so a spec naming both is refused rather than half-obeyed.
 */
final class StorageKeys {

    private static final List<SpecKey<?>> NFS_KEYS = List.of(NFS_SERVER, NFS_PATH, PV_PREFIX);

    private StorageKeys() {
    }

    /** Checked once the keys were read; a key whose own text was refused is not judged again here. */
    static List<SpecProblem> check(SpecValues.Builder values, Map<String, String> properties) {
        List<SpecProblem> problems = new ArrayList<>();
        Optional<Optional<String>> storageClass = values.find(STORAGE_CLASS);
        if (storageClass.isEmpty()) {
            return problems;
        }
        if (storageClass.get().isPresent()) {
            NFS_KEYS.stream().filter(key -> set(properties, key)).forEach(key -> problems.add(new SpecProblem(key.name(),
                    "cannot be set together with " + STORAGE_CLASS.name() + ": the volumes come from static NFS PVs ("
                            + key.name() + ") or from a StorageClass (" + STORAGE_CLASS.name() + "), not both")));
            return problems;
        }
        if (values.find(NFS_SERVER).map(Optional::isEmpty).orElse(false)) {
            problems.add(new SpecProblem(NFS_SERVER.name(), "must not be empty: name the NFS server of the static PVs,"
                    + " or set " + STORAGE_CLASS.name() + " to have a StorageClass provision the volumes"));
        }
        if (set(properties, STORAGE_ACCESS_MODE)) {
            problems.add(new SpecProblem(STORAGE_ACCESS_MODE.name(), "has no effect without " + STORAGE_CLASS.name()
                    + " (claims of static NFS PVs are always " + ClusterSpec.Storage.NFS_ACCESS_MODE + ")"));
        }
        return problems;
    }

    private static boolean set(Map<String, String> properties, SpecKey<?> key) {
        return !properties.getOrDefault(key.name(), "").isEmpty();
    }
}
