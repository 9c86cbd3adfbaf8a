package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the sandbox beside the service in dev mode ({@code ./mvnw -Psandbox quarkus:dev}): it starts with the
 * application, serves the embedded API's namespace, and stops every redis-server when the application stops
 * (Ctrl-C, or a live reload).
 */
@IfBuildProfile("dev")
@Singleton
public class SandboxLauncher {

    private static final Logger LOG = Logger.getLogger(SandboxLauncher.class);
    static final String AUTH_SECRET = "redis-auth";

    private final SandboxApiServer api;
    private final SandboxSettings settings;
    private final int httpPort;
    private final String redisPassword;
    private KubernetesClient client;
    private Sandbox sandbox;

    public SandboxLauncher(SandboxApiServer api,
            @ConfigProperty(name = "sandbox.dir", defaultValue = "target/sandbox") Path root,
            @ConfigProperty(name = "sandbox.namespace", defaultValue = "default") String namespace,
            @ConfigProperty(name = "sandbox.nodes") Optional<List<String>> nodes,
            @ConfigProperty(name = "sandbox.sync-period") Optional<Duration> syncPeriod,
            @ConfigProperty(name = "sandbox.redis-server") Optional<String> redisServer,
            @ConfigProperty(name = "sandbox.images") Optional<String> images,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
            @ConfigProperty(name = "sandbox.redis-password", defaultValue = "sandbox-dev-password") String redisPassword) {
        this.api = api;
        this.settings = new SandboxSettings(root, namespace, nodes.orElse(SandboxSettings.DEFAULT_NODES),
                syncPeriod.orElse(SandboxSettings.DEFAULT_SYNC_PERIOD), redisServer, true, images.orElse(""));
        this.httpPort = httpPort;
        this.redisPassword = redisPassword;
    }

    void start(@Observes StartupEvent event) {
        client = api.newClient();
        try {
            sandbox = Sandbox.start(client, settings);
        } catch (IOException e) {
            client.close();
            throw new UncheckedIOException("the sandbox cannot start", e);
        }
        seedAuthSecret();
        LOG.info(SandboxHelp.banner(httpPort, api.client().getMasterUrl().toString()));
    }

    /**
     * The Secret that {@code redis-cluster.auth.secret=redis-auth} in dev/application.properties names, so that auth can
     * be tried in dev mode; one already there (kept from a live reload) is left as it is.
     */
    private void seedAuthSecret() {
        var secrets = client.secrets().inNamespace(settings.namespace());
        if (secrets.withName(AUTH_SECRET).get() == null) {
            secrets.resource(new SecretBuilder().withNewMetadata().withName(AUTH_SECRET).endMetadata()
                    .addToData("password", Base64.getEncoder().encodeToString(redisPassword.getBytes(StandardCharsets.UTF_8)))
                    .build()).create();
        }
    }

    /** What the sandbox's own Redis route authenticates with when a pod requires a password. */
    String redisPassword() {
        return redisPassword;
    }

    void stop(@Observes ShutdownEvent event) {
        if (sandbox != null) {
            sandbox.close();
            client.close();
        }
    }

    Sandbox sandbox() {
        return sandbox;
    }
}
