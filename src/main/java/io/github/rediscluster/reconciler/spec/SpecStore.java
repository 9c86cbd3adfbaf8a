package io.github.rediscluster.reconciler.spec;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Holds the spec in force. It re-reads the spec file(s) when asked and switches to a new spec only when it is
 * valid; a bad edit is reported and the last good spec stays in force.
 */
@ApplicationScoped
public class SpecStore {

    private static final Logger LOG = Logger.getLogger(SpecStore.class);

    /**
     * @param inForce the spec the reconciler works to, empty until a valid one was read
     * @param problem why the newest spec file content is not in force, empty when it is
     * @param change how the spec in force came to be: the first spec read, or the keys the last accepted edit changed
     */
    public record State(Optional<ClusterSpec> inForce, Optional<String> problem, Optional<String> change) {
    }

    private final SpecFiles files;
    private final String defaultNamespace;
    private SpecFiles.Contents lastContents;
    private Map<String, String> lastGoodProperties = Map.of();
    private volatile State state = new State(Optional.empty(), Optional.of("the spec has not been read yet"),
            Optional.empty());

    public SpecStore(@ConfigProperty(name = "reconciler.spec.locations") String locations, KubernetesClient client) {
        this.files = SpecFiles.fromLocations(locations);
        this.defaultNamespace = Objects.requireNonNullElse(client.getNamespace(), "default");
    }

    public State state() {
        return state;
    }

    /** Re-reads the spec file(s). @return true when another spec came into force */
    public synchronized boolean refresh() {
        SpecFiles.Contents contents;
        Map<String, String> properties;
        try {
            contents = files.read();
            if (contents.equals(lastContents)) {
                return false;
            }
            properties = contents.properties();
        } catch (IOException | IllegalArgumentException e) {
            reject("cannot read the spec: " + e.getMessage());
            lastContents = null;
            return false;
        }
        lastContents = contents;
        SpecParseResult result = SpecParser.parse(properties, defaultNamespace);
        if (result instanceof SpecParseResult.Invalid invalid) {
            reject("spec rejected: " + invalid.summary());
            return false;
        }
        ClusterSpec spec = ((SpecParseResult.Valid) result).spec();
        boolean changed = !state.inForce().equals(Optional.of(spec));
        Optional<String> change = state.change();
        if (changed) {
            change = Optional.of(state.inForce().isEmpty() ? "spec in force: " + describe(spec)
                    : "spec changed, now in force: " + changedKeys(lastGoodProperties, properties));
            LOG.info(change.get().substring(0, 1).toUpperCase(Locale.ROOT) + change.get().substring(1));
        } else if (state.problem().isPresent()) {
            LOG.info("Spec file is valid again; the spec in force is unchanged");
        }
        lastGoodProperties = properties;
        state = new State(Optional.of(spec), Optional.empty(), change);
        return changed;
    }

    private void reject(String problem) {
        String consequence = state.inForce().isPresent() ? "; the last good spec stays in force" : "; nothing is applied";
        if (!state.problem().equals(Optional.of(problem + consequence))) {
            LOG.errorf("%s%s (files: %s)", problem, consequence, files.paths());
        }
        state = new State(state.inForce(), Optional.of(problem + consequence), state.change());
    }

    private static String describe(ClusterSpec spec) {
        return "cluster " + spec.namespace() + "/" + spec.name() + ", masters=" + spec.masters()
                + ", replicas-per-master=" + spec.replicasPerMaster() + " (" + spec.podCount() + " pods)";
    }

    private static String changedKeys(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream()
                .filter(key -> key.startsWith(SpecKeys.PREFIX) && !Objects.equals(before.get(key), after.get(key)))
                .map(key -> key + " " + Objects.requireNonNullElse(before.get(key), "(default)") + " -> "
                        + Objects.requireNonNullElse(after.get(key), "(default)"))
                .collect(Collectors.joining(", "));
    }
}
