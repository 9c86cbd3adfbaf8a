package io.github.rediscluster.reconciler.desired;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shell script that prepares the NFS server for the spec: one directory per pod, owned so that the pods can
 * write, exported to the nodes, and the exports reloaded. Pure; {@code GET /nfs-setup} serves it, and users pipe it
 * to {@code sh} as root on the NFS server, so every value from the spec is single-quoted ({@link #quote}) and the
 * export lines are a quoted here-document: whatever {@code nfs.path} holds, the script runs only its own commands.
 *
 * <p>Ownership. redis-server runs as uid:gid {@code redis-cluster.security.run-as-user}:{@code fs-group} (999:999, the
 * redis user of the official image, by default); Kubernetes cannot chown an NFS volume (fsGroup does not apply to
 * NFS), so the directories are chowned here, on the server, where root_squash does not get in the way. Each export
 * also squashes every client user, root included, to that uid:gid ({@code all_squash,anonuid,anongid}): root on a node
 * gets no root rights on these directories (as {@code no_root_squash} would give it), and every file belongs to one
 * uid whoever writes it.
 */
public final class NfsSetup {

    public static final String DEFAULT_CLIENTS = "*";
    /** nfs-utils reads every {@code *.exports} file here besides /etc/exports. */
    public static final String EXPORTS_DIR = "/etc/exports.d";
    /** Host names, wildcards, IPv4/IPv6 addresses and networks, @netgroups: nothing that could end the line or the options. */
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9.:/*?_@\\[\\]-]+");
    /** Path bytes /etc/exports takes as they are; any other is written as a backslash and three octal digits. */
    private static final Pattern EXPORT_PATH_SAFE = Pattern.compile("[A-Za-z0-9._/+@:,=-]");

    private NfsSetup() {
    }

    /**
     * @param clients who may mount, as /etc/exports writes it, comma-separated for several (e.g. {@code 10.0.0.0/24})
     * @throws IllegalArgumentException when a client is not a host, network or wildcard
     */
    public static String render(ClusterSpec spec, String clients) {
        List<String> directories = IntStream.range(0, spec.podCount()).mapToObj(ordinal -> ClusterNames.nfsPath(spec, ordinal)).toList();
        ClusterSpec.Security security = spec.security();
        String exportClients = exportClients(clients, options(security));
        String all = directories.stream().map(NfsSetup::quote).collect(Collectors.joining(" "));
        String owner = security.runAsUser() + ":" + security.fsGroup();
        String exportsFile = EXPORTS_DIR + "/redis-cluster-" + spec.namespace() + "-" + spec.name() + ".exports";
        StringBuilder text = new StringBuilder()
                .append("#!/bin/sh\n")
                .append("# NFS set-up for Redis Cluster ").append(spec.name()).append(" (namespace ").append(spec.namespace())
                .append("): ").append(spec.podCount()).append(" pods, pod i uses ").append(quote(spec.storage().nfsPath()))
                .append("/pv<i+1>.\n")
                .append("# Run as root on the NFS server ").append(spec.storage().nfsServer()).append(" (read it first; then pipe it to sh).\n")
                .append("#\n")
                .append("# The redis-server containers run as ").append(owner).append(" (redis-cluster.security.run-as-user and fs-group).\n")
                .append("# Each export squashes every client user, root included, to\n")
                .append("# ").append(owner).append(" (all_squash,anonuid,anongid), and the directories belong to ").append(owner)
                .append(": the pods can\n")
                .append("# write, and root on a node gets no root rights here (no_root_squash would give it that).\n")
                .append("set -eu\n")
                .append("\n# 1. One directory per pod\n")
                .append("mkdir -p ").append(all).append('\n')
                .append("\n# 2. Owned by the squashed user (directories already holding data of another user: chown -R)\n")
                .append("chown ").append(owner).append(' ').append(all).append('\n')
                .append("chmod 0700 ").append(all).append('\n')
                .append("\n# 3. Exports, in a file of their own that this script rewrites whole (remove any lines for these\n")
                .append("#    directories that you added to /etc/exports by hand)");
        if (DEFAULT_CLIENTS.equals(clients.trim())) {
            text.append("\n#    '*' lets any host mount: narrow it to the nodes' network, e.g. GET /nfs-setup?clients=10.0.0.0/24");
        }
        text.append('\n')
                .append("mkdir -p ").append(quote(EXPORTS_DIR)).append('\n')
                .append("cat > ").append(quote(exportsFile)).append(" <<'EXPORTS'\n");
        directories.forEach(directory -> text.append(exportPath(directory)).append(' ').append(exportClients).append('\n'));
        return text.append("EXPORTS\n")
                .append("\n# 4. Apply, then check that the directories are exported\n")
                .append("exportfs -ra\n")
                .append("exportfs -v | grep -F -- ").append(quote(directories.get(0))).append('\n')
                .toString();
    }

    /** One shell word that stands for exactly {@code value}: single quotes, each inner one written as '\''. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A path as /etc/exports reads it: unusual bytes (spaces, quotes, '#'...) as \ooo octal escapes, see exports(5). */
    static String exportPath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            String c = String.valueOf((char) (b & 0xff));
            out.append(b >= 0 && EXPORT_PATH_SAFE.matcher(c).matches() ? c : String.format("\\%03o", b & 0xff));
        }
        return out.toString();
    }

    static String options(ClusterSpec.Security security) {
        return "rw,sync,no_subtree_check,all_squash,anonuid=" + security.runAsUser() + ",anongid=" + security.fsGroup();
    }

    private static String exportClients(String clients, String options) {
        List<String> each = Arrays.stream(clients.split(",")).map(String::trim).filter(client -> !client.isEmpty()).toList();
        if (each.isEmpty()) {
            throw new IllegalArgumentException("clients is empty: give a host, a network such as 10.0.0.0/24, or *");
        }
        each.stream().filter(client -> !CLIENT.matcher(client).matches()).findFirst().ifPresent(client -> {
            throw new IllegalArgumentException("clients: '" + client + "' is not a host, network or wildcard as /etc/exports"
                    + " writes them (e.g. 10.0.0.0/24, node-*.example.com, *)");
        });
        return each.stream().map(client -> client + "(" + options + ")").collect(Collectors.joining(" "));
    }
}
