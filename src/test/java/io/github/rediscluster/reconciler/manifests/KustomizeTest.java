package io.github.rediscluster.reconciler.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests as users apply them: {@code kubectl kustomize kubernetes/} with a real kubectl v1.34 (kustomize v5
 * built in), every object it emits parsed and checked, and {@code kubectl apply --dry-run=client} of the output. Tag
 * {@code kubectl}: the default build has no kubectl, so .ci/run installs it (.ci/install-kubectl) and runs this tag
 * with {@code -Dkubectl=<path>}.
 */
@Tag("kubectl")
class KustomizeTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static Path kubectl() {
        String path = System.getProperty("kubectl", System.getenv().getOrDefault("KUBECTL", ""));
        assertThat(path).as("-Dkubectl=<path> or KUBECTL=<path>: run .ci/install-kubectl, which prints it").isNotBlank();
        return Path.of(path);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run kubectl(Map<String, String> environment, String stdin, String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(kubectl().toString());
        builder.command().addAll(Arrays.asList(arguments));
        builder.environment().putAll(environment);
        Path err = Files.createTempFile("kubectl", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl ended within 60 s").isTrue();
        return new Run(process.exitValue(), out, Files.readString(err));
    }

    private static String render(Path directory) throws Exception {
        Run run = kubectl(Map.of(), "", "kustomize", directory.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out();
    }

    private static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---$")).filter(document -> !document.isBlank())
                .map(document -> (HasMetadata) SERIALIZATION.unmarshal(document)).toList();
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        return type.cast(objects.stream().filter(type::isInstance).reduce((a, b) -> {
            throw new AssertionError("two " + type.getSimpleName() + "s");
        }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName())));
    }

    @Test
    void kustomizeEmitsEachManifestAsWrittenAndTheyHoldTogether() throws Exception {
        List<HasMetadata> rendered = parse(render(Manifests.DIR));

        List<String> files = Manifests.objectFiles();
        assertThat(rendered).hasSameSizeAs(files);
        for (String file : files) {
            HasMetadata written = Manifests.load(file);
            assertThat(rendered).as(file).filteredOn(object -> object.getKind().equals(written.getKind())
                    && object.getMetadata().getName().equals(written.getMetadata().getName()))
                    .singleElement().isEqualTo(written);
        }
        assertThat(rendered).allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                .as(object.getKind() + " pins no namespace").isNull());
        assertThat(rendered).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "Role",
                "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment");

        assertThat(ApiAccess.granted(only(rendered, Role.class).getRules(), only(rendered, ClusterRole.class).getRules()))
                .as("what RbacCoverageTest checks against the service's requests")
                .isEqualTo(ApiAccess.granted(Manifests.load("role.yaml", Role.class).getRules(),
                        Manifests.load("clusterrole.yaml", ClusterRole.class).getRules()));
        Deployment deployment = only(rendered, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).singleElement()
                .satisfies(container -> assertThat(container.getImage()).startsWith("redis-cluster-reconciler:"));
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(only(rendered, RoleBinding.class).getSubjects()).singleElement()
                .satisfies(subject -> assertThat(subject.getName()).isEqualTo(account));

        Properties properties = new Properties();
        properties.load(new StringReader(only(rendered, ConfigMap.class).getData().get("application.properties")));
        Map<String, String> spec = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> spec.put(key, properties.getProperty(key)));
        assertThat(SpecParser.parse(spec, "default")).isInstanceOfSatisfying(SpecParseResult.Valid.class,
                valid -> assertThat(valid.spec().image()).isEqualTo("redis:7.2"));
    }

    /** As kustomization.yaml says: with namespace: set, every namespaced object and both bindings' subjects move there. */
    @Test
    void aPinnedNamespaceMovesEveryNamespacedObjectAndTheBindingSubjects(@TempDir Path copy) throws Exception {
        for (String file : Manifests.objectFiles()) {
            Files.copy(Manifests.DIR.resolve(file), copy.resolve(file));
        }
        String kustomization = Manifests.text(Manifests.KUSTOMIZATION);
        assertThat(kustomization).contains("# namespace: redis\n");
        Files.writeString(copy.resolve(Manifests.KUSTOMIZATION), kustomization.replace("# namespace: redis\n", "namespace: redis\n"));

        List<HasMetadata> rendered = parse(render(copy));

        assertThat(rendered).filteredOn(object -> !object.getKind().startsWith("Cluster"))
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo("redis"));
        assertThat(only(rendered, RoleBinding.class).getSubjects().get(0).getNamespace()).isEqualTo("redis");
        assertThat(only(rendered, ClusterRoleBinding.class).getSubjects().get(0).getNamespace()).isEqualTo("redis");
    }

    /**
     * {@code kubectl apply --dry-run=client} still asks a server which resources the kinds are (discovery) and whether
     * each object exists: without one it fails ("unable to recognize"). So it runs against a mock API that answers
     * discovery for these kinds and holds none of the objects; --validate=false, as the mock serves no OpenAPI schema.
     */
    @Test
    void kubectlApplyClientDryRunAcceptsTheOutput(@TempDir Path home) throws Exception {
        String yaml = render(Manifests.DIR);
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try {
            Discovery.serve(server, parse(yaml));
            Path kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, Discovery.kubeconfig(server.createClient().getMasterUrl().toString()));

            Run run = kubectl(Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", home.toString()), yaml,
                    "apply", "--dry-run=client", "--validate=false", "-o", "name", "-f", "-");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out().lines()).containsExactlyInAnyOrder("serviceaccount/redis-cluster-reconciler",
                    "role.rbac.authorization.k8s.io/redis-cluster-reconciler",
                    "rolebinding.rbac.authorization.k8s.io/redis-cluster-reconciler",
                    "clusterrole.rbac.authorization.k8s.io/redis-cluster-reconciler-pv",
                    "clusterrolebinding.rbac.authorization.k8s.io/redis-cluster-reconciler-pv",
                    "configmap/redis-cluster-reconciler-config", "deployment.apps/redis-cluster-reconciler");
        } finally {
            server.destroy();
        }
    }
}
