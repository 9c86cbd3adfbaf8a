package io.github.rediscluster.reconciler.apply;

import io.fabric8.kubernetes.api.model.NFSVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a PersistentVolume whose NFS directory another PV already uses, or lies inside or around one another PV uses:
 * two redis-servers on one directory share one nodes.conf and one AOF, and both clusters break. The directories are
 * {@code <nfs.path>/pv<i+1>}, which do not name the cluster, so two clusters with the same {@code nfs.path} (or an edit
 * of name and pv-prefix) would do exactly that. Pure.
 *
 * <p>Why a refusal and not a path that includes the cluster's name: existing clusters' PVs keep their directories
 * (a PV's source cannot change), so a new default path would refuse every existing cluster's PVs on upgrade. The
 * refusal leaves them as they are and stops only a second user of a directory.
 */
final class SharedNfsPaths {

    private SharedNfsPaths() {
    }

    static Optional<String> refusal(PersistentVolume desired, Collection<PersistentVolume> live) {
        NFSVolumeSource wanted = desired.getSpec().getNfs();
        String name = desired.getMetadata().getName();
        return live.stream()
                .filter(other -> !other.getMetadata().getName().equals(name))
                .filter(other -> other.getSpec() != null && other.getSpec().getNfs() != null)
                .filter(other -> overlap(wanted, other.getSpec().getNfs()))
                .findFirst()
                .map(other -> "its NFS directory " + wanted.getServer() + ":" + wanted.getPath() + " is already used by PV "
                        + other.getMetadata().getName() + " (" + other.getSpec().getNfs().getServer() + ":"
                        + other.getSpec().getNfs().getPath() + ", " + owner(other) + "): two redis-servers on one directory would"
                        + " share nodes.conf and the AOF, so the PV is not written. Give this cluster its own directory: set"
                        + " redis-cluster.storage.nfs.path to one no other PV uses, e.g. <path>/"
                        + desired.getSpec().getClaimRef().getNamespace() + "-<name>, and prepare it (GET /nfs-setup)");
    }

    /** Same server (as written: a name and an IP of one host are not recognised as one) and nested or equal paths. */
    private static boolean overlap(NFSVolumeSource one, NFSVolumeSource other) {
        if (!one.getServer().toLowerCase(Locale.ROOT).equals(other.getServer().toLowerCase(Locale.ROOT))) {
            return false;
        }
        String a = normal(one.getPath());
        String b = normal(other.getPath());
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/") || a.isEmpty() || b.isEmpty();
    }

    /** Without repeated and trailing slashes: the root directory becomes "". */
    private static String normal(String path) {
        String collapsed = path.replaceAll("/+", "/");
        return collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    private static String owner(PersistentVolume other) {
        var annotations = other.getMetadata().getAnnotations();
        String cluster = annotations == null ? null : annotations.get(ClusterLabels.CLUSTER_ANNOTATION);
        return cluster != null ? "made for cluster " + cluster : "not made for this cluster";
    }
}
