package io.github.rediscluster.reconciler.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deploy manifests parse as Kubernetes objects and hold together. */
class ManifestsTest {

    private final Deployment deployment = Manifests.load("deployment.yaml", Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container container = pod.getContainers().get(0);

    @Test
    void everyFileIsATypedKubernetesObjectListedInTheKustomization() {
        List<String> files = Manifests.objectFiles();

        assertThat(files).containsExactlyInAnyOrder("serviceaccount.yaml", "role.yaml", "rolebinding.yaml",
                "clusterrole.yaml", "clusterrolebinding.yaml", "configmap.yaml", "deployment.yaml");
        for (String file : files) {
            HasMetadata object = Manifests.load(file);
            assertThat(object).as(file).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(object.getMetadata().getNamespace()).as(file + " must not pin a namespace").isNull();
        }
        String kustomization = Manifests.text(Manifests.KUSTOMIZATION);
        files.forEach(file -> assertThat(kustomization).contains("  - " + file + "\n"));
    }

    @Test
    void bindingsGiveTheRolesToTheDeploymentsServiceAccount() {
        String account = Manifests.load("serviceaccount.yaml", ServiceAccount.class).getMetadata().getName();
        RoleBinding binding = Manifests.load("rolebinding.yaml", RoleBinding.class);
        ClusterRoleBinding clusterBinding = Manifests.load("clusterrolebinding.yaml", ClusterRoleBinding.class);

        assertThat(pod.getServiceAccountName()).isEqualTo(account);
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> assertThat(subject.getName()).isEqualTo(account));
        assertThat(clusterBinding.getSubjects()).singleElement().satisfies(subject -> assertThat(subject.getName()).isEqualTo(account));
        assertThat(binding.getRoleRef().getName()).isEqualTo(Manifests.load("role.yaml", Role.class).getMetadata().getName());
        assertThat(clusterBinding.getRoleRef().getName())
                .isEqualTo(Manifests.load("clusterrole.yaml", ClusterRole.class).getMetadata().getName());
    }

    @Test
    void nothingGrantsDeleteButOfTheStatefulSetAndPodsNorWildcards() {
        List<PolicyRule> rules = Stream.concat(Manifests.load("role.yaml", Role.class).getRules().stream(),
                Manifests.load("clusterrole.yaml", ClusterRole.class).getRules().stream()).toList();

        // The StatefulSet is deleted without its pods to grow its claim template, and a rolling restart deletes one
        // redis pod at a time; nothing else is ever deleted (no PV, no claim, no Secret).
        assertThat(rules).filteredOn(rule -> rule.getVerbs().contains("delete"))
                .flatExtracting(PolicyRule::getResources).containsExactlyInAnyOrder("statefulsets", "pods");
        assertThat(rules).flatExtracting(PolicyRule::getVerbs).doesNotContain("deletecollection", "*");
        assertThat(rules).flatExtracting(PolicyRule::getResources).doesNotContain("*");
        assertThat(Manifests.load("clusterrole.yaml", ClusterRole.class).getRules())
                .flatExtracting(PolicyRule::getResources).containsOnly("persistentvolumes", "storageclasses");
    }

    @Test
    void shippedSpecIsValid() throws IOException {
        ConfigMap config = Manifests.load("configmap.yaml", ConfigMap.class);
        Properties properties = new Properties();
        properties.load(new StringReader(config.getData().get("application.properties")));
        Map<String, String> spec = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> spec.put(key, properties.getProperty(key)));

        assertThat(SpecParser.parse(spec, "default")).isInstanceOf(SpecParseResult.Valid.class);
        assertThat(((SpecParseResult.Valid) SpecParser.parse(spec, "default")).spec().auth()).as("auth on out of the box")
                .isPresent();
    }

    /** Mounted as a directory (subPath mounts never see ConfigMap updates) at config/ under the working dir. */
    @Test
    void specConfigMapIsMountedWhereTheServiceReadsIt() {
        ConfigMap config = Manifests.load("configmap.yaml", ConfigMap.class);
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals("/deployments/config")).findFirst().orElseThrow();

        assertThat(mount.getSubPath()).isNull();
        assertThat(pod.getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo(mount.getName());
            assertThat(volume.getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        });
        // The spec's Events (SpecApplied, SpecRejected) go on the ConfigMap of this name.
        assertThat(Manifests.text("../src/main/resources/application.properties"))
                .contains("reconciler.config-map=" + config.getMetadata().getName() + "\n");
        assertThat(Manifests.text("../src/main/docker/Dockerfile.jvm")).contains("WORKDIR /deployments");
        assertThat(Manifests.text("../src/main/docker/Dockerfile.native")).contains("WORKDIR /deployments");
    }

    @Test
    void probesUseTheHealthEndpoints() {
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    }

    /** StatusMetricsEventsTest scrapes /q/metrics, so the annotations point at what the service serves. */
    @Test
    void prometheusAnnotationsPointAtTheMetricsEndpoint() {
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(container.getPorts().get(0).getContainerPort()));
    }

    /** Two instances behind leader election; a rolling update never leaves fewer ready instances than that. */
    @Test
    void twoInstancesRollOneByOneOnDifferentNodesEachNamedOnTheLease() {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> {
                    assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                            .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
                });
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("POD_NAME");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
    }

    @Test
    void restrictedSecurityContext() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }
}
