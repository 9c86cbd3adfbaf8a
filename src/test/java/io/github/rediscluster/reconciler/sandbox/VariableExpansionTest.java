package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableExpansionTest {

    private static final Map<String, String> ENV = Map.of("POD_IP", "127.16.0.5", "PORT", "6379");

    @Test
    void aDefinedVariableIsReplaced() {
        assertThat(VariableExpansion.expand("$(POD_IP)", ENV)).isEqualTo("127.16.0.5");
        assertThat(VariableExpansion.expand("redis://$(POD_IP):$(PORT)/0", ENV)).isEqualTo("redis://127.16.0.5:6379/0");
    }

    @Test
    void anUndefinedReferenceStaysAsWritten() {
        assertThat(VariableExpansion.expand("$(NODE_NAME)-x", ENV)).isEqualTo("$(NODE_NAME)-x");
    }

    @Test
    void aDoubledDollarIsOneLiteralDollar() {
        assertThat(VariableExpansion.expand("$$(POD_IP)", ENV)).isEqualTo("$(POD_IP)");
        assertThat(VariableExpansion.expand("a$$b", ENV)).isEqualTo("a$b");
    }

    @Test
    void anUnclosedReferenceAndALoneDollarAreKept() {
        assertThat(VariableExpansion.expand("$(POD_IP", ENV)).isEqualTo("$(POD_IP");
        assertThat(VariableExpansion.expand("cost: 5$", ENV)).isEqualTo("cost: 5$");
        assertThat(VariableExpansion.expand("$x", ENV)).isEqualTo("$x");
    }
}
