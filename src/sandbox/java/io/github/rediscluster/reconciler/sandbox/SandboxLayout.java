package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sandbox keeps things under its root directory: {@code nfs/<server>/<export path>} plays the NFS
 * servers (it survives pod restarts and sandbox runs, as an NFS export does), {@code pods/} holds each pod's
 * volumes and log.
 */
record SandboxLayout(Path root) {

    SandboxLayout {
        root = root.toAbsolutePath().normalize();
    }

    Path nfsRoot() {
        return root.resolve("nfs");
    }

    /** The sandbox NFS server exports every path: a missing directory is made, as if prepared by an admin. */
    Path nfsDirectory(String server, String path) {
        return created(nfsRoot().resolve(server).resolve(relative(path)));
    }

    Path hostPathDirectory(String path) {
        return created(root.resolve("hostpath").resolve(relative(path)));
    }

    /** One directory per pod uid, so the log of a pod that was replaced stays readable beside the new one. */
    Path podDirectory(Pod pod) {
        String uid = pod.getMetadata().getUid().replace("-", "");
        return created(root.resolve("pods").resolve(pod.getMetadata().getName() + "-" + uid.substring(Math.max(0, uid.length() - 12))));
    }

    /** A path for logs: relative to the root when under it, so log lines stay short. */
    String shown(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static String relative(String path) {
        String relative = path.replaceFirst("^/+", "");
        if (relative.contains("..")) {
            throw new IllegalArgumentException("path must not climb out of its root: " + path);
        }
        return relative;
    }

    private static Path created(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
