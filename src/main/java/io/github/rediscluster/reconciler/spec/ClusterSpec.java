package io.github.rediscluster.reconciler.spec;

import static io.github.rediscluster.reconciler.spec.SpecKeys.ACCESS_SERVICE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.ACCESS_SERVICE_TYPE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.AUTH_SECRET;
import static io.github.rediscluster.reconciler.spec.SpecKeys.AUTH_SECRET_KEY;
import static io.github.rediscluster.reconciler.spec.SpecKeys.CONFIG_MAP;
import static io.github.rediscluster.reconciler.spec.SpecKeys.HEADLESS_SERVICE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.IMAGE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.KEYS_PER_PASS;
import static io.github.rediscluster.reconciler.spec.SpecKeys.LIMITS_CPU;
import static io.github.rediscluster.reconciler.spec.SpecKeys.LIMITS_MEMORY;
import static io.github.rediscluster.reconciler.spec.SpecKeys.MASTERS;
import static io.github.rediscluster.reconciler.spec.SpecKeys.MIGRATE_TIMEOUT;
import static io.github.rediscluster.reconciler.spec.SpecKeys.NAME;
import static io.github.rediscluster.reconciler.spec.SpecKeys.NAMESPACE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.NFS_PATH;
import static io.github.rediscluster.reconciler.spec.SpecKeys.NFS_SERVER;
import static io.github.rediscluster.reconciler.spec.SpecKeys.PORT;
import static io.github.rediscluster.reconciler.spec.SpecKeys.PV_PREFIX;
import static io.github.rediscluster.reconciler.spec.SpecKeys.RECONCILE_INTERVAL;
import static io.github.rediscluster.reconciler.spec.SpecKeys.REPLICAS_PER_MASTER;
import static io.github.rediscluster.reconciler.spec.SpecKeys.REQUESTS_CPU;
import static io.github.rediscluster.reconciler.spec.SpecKeys.REQUESTS_MEMORY;
import static io.github.rediscluster.reconciler.spec.SpecKeys.SLOTS_PER_PASS;
import static io.github.rediscluster.reconciler.spec.SpecKeys.STORAGE_ACCESS_MODE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.STORAGE_CLASS;
import static io.github.rediscluster.reconciler.spec.SpecKeys.STORAGE_SIZE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.FS_GROUP;
import static io.github.rediscluster.reconciler.spec.SpecKeys.RUN_AS_USER;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired Redis Cluster, as validated from the {@code redis-cluster.*} properties.
 * Immutable; every desired Kubernetes object is a pure function of it.
 *
 * @param redisConf redis.conf directives given by the user, overriding the defaults (ordered by key)
 * @param auth the Secret holding the Redis password; empty when the pods run without one
 * @param exporter redis_exporter as a sidecar of every redis pod; empty when it is off
 * @param security who redis-server runs as
 * @param rollout who restarts the pods when their template changes: the reconciler, one at a time with failovers
 *        first (the default), or the StatefulSet controller by itself
 * @param handover dry run, taking over objects made by hand, and the labels that select the pods
 * @param tls TLS for clients, replication and the bus; empty when the pods speak plain TCP
 * @param networkPolicy who may reach the redis pods; empty when the service makes no NetworkPolicy
 */
public record ClusterSpec(
        String name,
        String namespace,
        int masters,
        int replicasPerMaster,
        String image,
        int port,
        String configMap,
        String headlessService,
        String accessService,
        AccessServiceType accessServiceType,
        Storage storage,
        Resources resources,
        Map<String, String> redisConf,
        Duration reconcileInterval,
        Resharding resharding,
        Optional<Auth> auth,
        Optional<Exporter> exporter,
        Security security,
        RolloutStrategy rollout,
        Handover handover,
        Optional<Tls> tls,
        Optional<NetworkAccess> networkPolicy) {

    /** The cluster-node-timeout the pods run with unless redis-conf sets one, in milliseconds. */
    public static final String DEFAULT_CLUSTER_NODE_TIMEOUT_MS = "5000";

    /** Redis derives the cluster bus port from the client port; it cannot be set separately. */
    public static final int BUS_PORT_OFFSET = 10000;

    public ClusterSpec {
        redisConf = Map.copyOf(redisConf);
    }

    /** The spec the values of its keys describe: the one place that says which key feeds which component. */
    public static ClusterSpec of(SpecValues values) {
        return new ClusterSpec(values.get(NAME), values.get(NAMESPACE), values.get(MASTERS),
                values.get(REPLICAS_PER_MASTER), values.get(IMAGE), values.get(PORT), values.get(CONFIG_MAP),
                values.get(HEADLESS_SERVICE), values.get(ACCESS_SERVICE), values.get(ACCESS_SERVICE_TYPE),
                Storage.of(values.get(STORAGE_SIZE), values.get(STORAGE_CLASS), values.get(STORAGE_ACCESS_MODE),
                        values.get(NFS_SERVER).orElse(""), values.get(NFS_PATH), values.get(PV_PREFIX)),
                new Resources(values.get(REQUESTS_CPU), values.get(REQUESTS_MEMORY), values.get(LIMITS_CPU),
                        values.get(LIMITS_MEMORY)),
                values.redisConf(), values.get(RECONCILE_INTERVAL),
                new Resharding(values.get(SLOTS_PER_PASS), values.get(KEYS_PER_PASS), values.get(MIGRATE_TIMEOUT)),
                values.get(AUTH_SECRET).map(secret -> new Auth(secret, values.get(AUTH_SECRET_KEY),
                        values.get(SpecKeys.AUTH_RECONCILER_USER))),
                Optional.of(new Exporter(values.get(SpecKeys.EXPORTER_IMAGE), new Resources(
                        values.get(SpecKeys.EXPORTER_REQUESTS_CPU), values.get(SpecKeys.EXPORTER_REQUESTS_MEMORY),
                        values.get(SpecKeys.EXPORTER_LIMITS_CPU), values.get(SpecKeys.EXPORTER_LIMITS_MEMORY))))
                        .filter(exporter -> values.get(SpecKeys.EXPORTER)),
                new Security(values.get(RUN_AS_USER), values.get(FS_GROUP)), values.get(SpecKeys.ROLLOUT),
                new Handover(values.get(SpecKeys.DRY_RUN), values.get(SpecKeys.ADOPT), values.get(SpecKeys.POD_SELECTOR)),
                values.get(SpecKeys.TLS_SECRET).map(secret -> new Tls(secret, values.get(SpecKeys.TLS_AUTH_CLIENTS))),
                Optional.of(new NetworkAccess(values.get(SpecKeys.NETWORK_POLICY_CLIENT_PODS).orElse(Map.of()),
                        values.get(SpecKeys.NETWORK_POLICY_CLIENT_NAMESPACES)))
                        .filter(access -> values.get(SpecKeys.NETWORK_POLICY)));
    }

    /** A spec without the exporter and with the default {@link Security}: the official image's redis user. */
    public ClusterSpec(String name, String namespace, int masters, int replicasPerMaster, String image, int port,
            String configMap, String headlessService, String accessService, AccessServiceType accessServiceType,
            Storage storage, Resources resources, Map<String, String> redisConf, Duration reconcileInterval,
            Resharding resharding, Optional<Auth> auth) {
        this(name, namespace, masters, replicasPerMaster, image, port, configMap, headlessService, accessService,
                accessServiceType, storage, resources, redisConf, reconcileInterval, resharding, auth, Optional.empty(),
                Security.DEFAULT, RolloutStrategy.RECONCILER, Handover.NONE, Optional.empty(), Optional.empty());
    }

    /** Total redis-server pods: every master and its replicas. */
    public int podCount() {
        return masters * (1 + replicasPerMaster);
    }

    public int busPort() {
        return port + BUS_PORT_OFFSET;
    }

    /** How long a node may not answer before the others fail it over: redis-conf's cluster-node-timeout, or ours. */
    public Duration clusterNodeTimeout() {
        return nodeTimeout(redisConf);
    }

    static Duration nodeTimeout(Map<String, String> redisConf) {
        return Duration.ofMillis(Long.parseLong(redisConf.getOrDefault("cluster-node-timeout", DEFAULT_CLUSTER_NODE_TIMEOUT_MS)));
    }

    /**
     * Where the pods' data lives: static NFS PVs the service makes (the classic setup), or volumes a StorageClass's
     * provisioner makes for the claims.
     *
     * @param size capacity of every PersistentVolume and claim (a Kubernetes quantity)
     * @param nfsServer host name or IP of the NFS server; empty with a StorageClass
     * @param nfsPath exported directory; pod i uses {@code <nfsPath>/pv<i+1>}
     * @param pvPrefix PersistentVolume i is named {@code <pvPrefix><i+1>}
     * @param storageClass the claims' StorageClass; empty for static NFS PVs
     * @param accessMode the claims' access mode: always {@link #NFS_ACCESS_MODE} with NFS
     */
    public record Storage(String size, String nfsServer, String nfsPath, String pvPrefix, Optional<String> storageClass,
            String accessMode) {

        /** NFS volumes are shared by nature; the claim says so, as the PV does. */
        public static final String NFS_ACCESS_MODE = "ReadWriteMany";
        /** The modes a claim of a StorageClass may ask for. */
        public static final List<String> CLAIM_ACCESS_MODES = List.of("ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany");

        /** Static NFS PVs. */
        public Storage(String size, String nfsServer, String nfsPath, String pvPrefix) {
            this(size, nfsServer, nfsPath, pvPrefix, Optional.empty(), NFS_ACCESS_MODE);
        }

        static Storage of(String size, Optional<String> storageClass, String accessMode, String nfsServer,
                String nfsPath, String pvPrefix) {
            return new Storage(size, nfsServer, nfsPath, pvPrefix, storageClass,
                    storageClass.isPresent() ? accessMode : NFS_ACCESS_MODE);
        }

        /** True for static NFS PVs made by the service; false when a StorageClass provisions the volumes. */
        public boolean nfs() {
            return storageClass.isEmpty();
        }
    }

    /**
     * How fast slots move when the number of masters changes: a pass moves at most {@code slotsPerPass} slots and
     * {@code keysPerPass} keys, so that it never blocks for long; a slot whose keys are not all moved stays open and
     * the next pass goes on with it.
     *
     * @param migrateTimeout how long one MIGRATE may wait on the target (its {@code timeout} argument)
     */
    public record Resharding(int slotsPerPass, int keysPerPass, Duration migrateTimeout) {

        /** Keys named in one MIGRATE ... KEYS, as redis-cli's --cluster-pipeline (10 there) but fewer round trips. */
        public static final int KEYS_PER_MIGRATE = 100;
        /**
         * Bytes (MEMORY USAGE) of the keys of one MIGRATE, a larger key alone: the source is blocked while it
         * serializes and sends them, a few tens of milliseconds for 4 MiB, far inside any cluster-node-timeout.
         */
        public static final long BYTES_PER_MIGRATE = 4L << 20;
        /**
         * The longest migrate-timeout allowed: a few MIGRATEs waiting their whole timeout on a target that stopped
         * answering must keep a pass well inside the liveness probe's stuck-after (see SlotMover).
         */
        public static final Duration MAX_MIGRATE_TIMEOUT = Duration.ofSeconds(30);
    }

    /**
     * Where the Redis password is: the pods read it from this Secret (never from the ConfigMap), and so does the
     * reconciler, through the API. Only names: the password itself is never part of the spec.
     *
     * @param secret name of the Secret in the spec's namespace
     * @param key key of the Secret's data holding the password
     * @param reconcilerUser the ACL user the reconciler authenticates as; empty: the default user, with the password
     */
    public record Auth(String secret, String key, Optional<String> reconcilerUser) {

        /** Key of {@link #reconcilerSecret()}'s data holding the reconciler user's password. */
        public static final String RECONCILER_KEY = "password";

        public Auth(String secret, String key) {
            this(secret, key, Optional.empty());
        }

        /** The Secret holding the reconciler user's password: {@code <secret>-<user>}. */
        public Optional<String> reconcilerSecret() {
            return reconcilerUser.map(user -> secret + "-" + user);
        }
    }

    /**
     * redis_exporter in every redis pod, scraping its redis-server over loopback (with the cluster's password when
     * there is one) and serving the metrics on {@link #EXPORTER_PORT}.
     */
    public record Exporter(String image, Resources resources) {
    }

    /** redis_exporter's own default port, named {@code metrics} in the pods. */
    public static final int EXPORTER_PORT = 9121;

    /**
     * Who redis-server runs as. Both must be non-zero (the {@code restricted} Pod Security level refuses root), and the
     * NFS directories must belong to them ({@code GET /nfs-setup}).
     *
     * @param runAsUser uid of redis-server; 999 is the redis user of the official image
     * @param fsGroup gid of redis-server and the group of the files it writes
     */
    public record Security(long runAsUser, long fsGroup) {

        public static final long REDIS_USER = 999;
        public static final Security DEFAULT = new Security(REDIS_USER, REDIS_USER);
    }

    /**
     * How the service treats what it did not make, and whether it writes at all.
     *
     * @param dryRun observe and plan every pass, write nothing (see docs/adoption.md)
     * @param adopt objects the spec names that someone else made are taken over and changed like the service's own
     * @param podSelector the labels selecting the pods, when not the service's own (a hand-built StatefulSet's selector)
     */
    public record Handover(boolean dryRun, boolean adopt, Optional<Map<String, String>> podSelector) {

        public static final Handover NONE = new Handover(false, false, Optional.empty());
    }

    /**
     * TLS for clients, replication and the cluster bus, from a Secret laid out as cert-manager writes it. Only names:
     * the reconciler reads the certificates through the API each pass (it connects with them too).
     *
     * @param secret name of the Secret in the spec's namespace, holding {@code tls.crt}, {@code tls.key}, {@code ca.crt}
     * @param authClients Redis's {@code tls-auth-clients}: yes, optional or no
     */
    public record Tls(String secret, String authClients) {
    }

    /**
     * Who may reach the redis pods, besides each other and the reconciler: the NetworkPolicy's clients.
     *
     * @param clientPods labels of the client pods; empty: every pod
     * @param clientNamespaces labels of their namespaces; empty: the spec's namespace only
     */
    public record NetworkAccess(Map<String, String> clientPods, Optional<Map<String, String>> clientNamespaces) {

        public NetworkAccess {
            clientPods = Map.copyOf(clientPods);
            clientNamespaces = clientNamespaces.map(Map::copyOf);
        }
    }

    /** Container resources of each redis-server pod; limits are optional. */
    public record Resources(String requestsCpu, String requestsMemory,
            Optional<String> limitsCpu, Optional<String> limitsMemory) {
    }
}
