package io.github.rediscluster.reconciler.desired;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shell commands that prepare the NFS server for the spec: one directory per pod, owned so that the pods can
 * write, exported to the nodes, and the exports reloaded. Pure; {@code GET /nfs-setup} serves it.
 *
 * <p>Ownership. The redis-server containers run as root (the pods set no securityContext, and the command bypasses
 * the image's entrypoint that would switch to its redis user). With the default {@code root_squash} an export maps
 * root to nobody, who cannot write a directory made by root: the pods would crash on nodes.conf with "Permission
 * denied". Rather than {@code no_root_squash} (root on any node that may mount would be root on these directories),
 * each export squashes every client user, root included, to uid:gid {@value #OWNER_UID}:{@value #OWNER_UID}
 * ({@code all_squash,anonuid,anongid}) and the directories belong to that uid. The pods can write whatever user they
 * run as, and their files all belong to one uid; 999 is the redis user of the official image, so the same directories
 * serve if the pods later run as that user.
 */
public final class NfsSetup {

    public static final int OWNER_UID = 999;
    public static final String DEFAULT_CLIENTS = "*";
    static final String OPTIONS = "rw,sync,no_subtree_check,all_squash,anonuid=" + OWNER_UID + ",anongid=" + OWNER_UID;
    /** Host names, wildcards, IPv4/IPv6 addresses and networks, @netgroups: nothing that could end the line or the options. */
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9.:/*?_@\\[\\]-]+");

    private NfsSetup() {
    }

    /**
     * @param clients who may mount, as /etc/exports writes it, comma-separated for several (e.g. {@code 10.0.0.0/24})
     * @throws IllegalArgumentException when a client is not a host, network or wildcard
     */
    public static String render(ClusterSpec spec, String clients) {
        List<String> directories = IntStream.range(0, spec.podCount()).mapToObj(ordinal -> ClusterNames.nfsPath(spec, ordinal)).toList();
        String exportClients = exportClients(clients);
        String all = String.join(" ", directories);
        String owner = OWNER_UID + ":" + OWNER_UID;
        StringBuilder text = new StringBuilder()
                .append("# NFS set-up for Redis Cluster ").append(spec.name()).append(" (namespace ").append(spec.namespace())
                .append("): ").append(spec.podCount()).append(" pods, pod i uses ").append(spec.storage().nfsPath())
                .append("/pv<i+1>.\n")
                .append("# Run as root on the NFS server ").append(spec.storage().nfsServer()).append(".\n")
                .append("#\n")
                .append("# The redis-server containers run as root. Each export squashes every client user, root included, to\n")
                .append("# ").append(owner).append(" (all_squash,anonuid,anongid), and the directories belong to ").append(owner)
                .append(": the pods can\n")
                .append("# write, and root on a node gets no root rights here (no_root_squash would give it that).\n")
                .append("\n# 1. One directory per pod\n")
                .append("mkdir -p ").append(all).append('\n')
                .append("\n# 2. Owned by the squashed user (directories already holding data of another user: chown -R)\n")
                .append("chown ").append(owner).append(' ').append(all).append('\n')
                .append("chmod 0700 ").append(all).append('\n')
                .append("\n# 3. Exports: add these lines to /etc/exports (or a file in /etc/exports.d/ ending in .exports)");
        if (DEFAULT_CLIENTS.equals(clients.trim())) {
            text.append("\n#    '*' lets any host mount: narrow it to the nodes' network, e.g. GET /nfs-setup?clients=10.0.0.0/24");
        }
        text.append('\n');
        directories.forEach(directory -> text.append(directory).append(' ').append(exportClients).append('\n'));
        return text.append("\n# 4. Apply, then check that every directory is exported\n")
                .append("exportfs -ra\n")
                .append("exportfs -v | grep '").append(spec.storage().nfsPath()).append("'\n")
                .toString();
    }

    private static String exportClients(String clients) {
        List<String> each = Arrays.stream(clients.split(",")).map(String::trim).filter(client -> !client.isEmpty()).toList();
        if (each.isEmpty()) {
            throw new IllegalArgumentException("clients is empty: give a host, a network such as 10.0.0.0/24, or *");
        }
        each.stream().filter(client -> !CLIENT.matcher(client).matches()).findFirst().ifPresent(client -> {
            throw new IllegalArgumentException("clients: '" + client + "' is not a host, network or wildcard as /etc/exports"
                    + " writes them (e.g. 10.0.0.0/24, node-*.example.com, *)");
        });
        return each.stream().map(client -> client + "(" + OPTIONS + ")").collect(Collectors.joining(" "));
    }
}
