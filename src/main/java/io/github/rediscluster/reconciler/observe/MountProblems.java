package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import java.util.Comparator;
import java.util.Optional;

/** Why a pod's NFS volume is not mounted, from the kubelet's FailedMount Events, and what to do on the NFS server. */
final class MountProblems {

    private MountProblems() {
    }

    /** Mount failures, most specific first: a pod often has a precise "MountVolume.SetUp failed" and a vague timeout. */
    private enum MountFailure {
        NFS_ACCESS_DENIED("NfsAccessDenied", "access denied by server"),
        NFS_PATH_MISSING("NfsPathMissing", "No such file or directory"),
        NFS_CLIENT_MISSING("NfsClientMissing", "helper program"),
        NFS_UNREACHABLE("NfsServerUnreachable", "mount.nfs: Connection"),
        OTHER("FailedMount", "");

        final String reason;
        final String marker;

        MountFailure(String reason, String marker) {
            this.reason = reason;
            this.marker = marker;
        }

        static MountFailure of(String message) {
            for (MountFailure failure : values()) {
                if (message.contains(failure.marker)) {
                    return failure;
                }
            }
            return OTHER;
        }
    }

    static Optional<PodProblem> of(PodSubject subject) {
        return subject.events().stream()
                .filter(event -> "FailedMount".equals(event.getReason()))
                .min(Comparator.comparing((Event event) -> MountFailure.of(PodEvents.message(event)))
                        .thenComparing(PodEvents::when, Comparator.reverseOrder()))
                .map(event -> problem(subject, MountFailure.of(PodEvents.message(event)), PodEvents.message(event)));
    }

    private static PodProblem problem(PodSubject subject, MountFailure failure, String message) {
        String server = subject.server();
        String path = subject.nfsPath();
        String export = server + ":" + path;
        String whatToDo = switch (failure) {
            case NFS_ACCESS_DENIED -> "the NFS server " + server + " does not export " + path + " to this pod's node "
                    + subject.node() + ": add the line for " + path + " to /etc/exports on " + server
                    + " (with the nodes' network as clients) and run `exportfs -ra` there; " + PodDiagnosis.NFS_SETUP;
            case NFS_PATH_MISSING -> "create the directory on the NFS server " + server + ": `mkdir -p " + path
                    + "`, then give it the owner and export of the others; " + PodDiagnosis.NFS_SETUP;
            case NFS_CLIENT_MISSING -> "the node " + subject.node() + " cannot mount NFS: install the NFS client on"
                    + " every node (nfs-common on Debian and Ubuntu, nfs-utils on RHEL and Fedora)";
            case NFS_UNREACHABLE -> "the node " + subject.node() + " cannot reach the NFS server " + server
                    + ": check that the NFS server runs there (`systemctl status nfs-server`) and that TCP port 2049 (and 111"
                    + " for NFSv3) is open from the nodes to it";
            case OTHER -> "the pod's data volume (PV " + ClusterNames.persistentVolumeName(subject.spec(), subject.ordinal())
                    + ", NFS " + export + ") is not mounted yet; " + subject.describePod() + " shows the kubelet's messages;"
                    + " check that " + export + " exists and is exported to the nodes: " + PodDiagnosis.NFS_SETUP;
        };
        return subject.problem(failure.reason, message, whatToDo);
    }
}
