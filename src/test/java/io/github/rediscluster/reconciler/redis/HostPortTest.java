package io.github.rediscluster.reconciler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void anIpv6AddressIsBracketedBeforeItsPortAnIpv4OneIsNot() {
        assertThat(HostPort.of("10.0.0.1", 6379)).isEqualTo("10.0.0.1:6379");
        assertThat(HostPort.of("fd00:10:244::5", 6379)).isEqualTo("[fd00:10:244::5]:6379");
        assertThat(HostPort.of("[fd00::5]", 6379)).as("already bracketed").isEqualTo("[fd00::5]:6379");
        assertThat(HostPort.redisUri("fd00::5", 7000)).isEqualTo("redis://[fd00::5]:7000");
    }

    @Test
    void aFailureNamesAnIpv6AddressBracketed() {
        assertThat(new RedisCallException("fd00::5", 6379, java.util.List.of("PING"), "refused"))
                .hasMessage("PING on [fd00::5]:6379: refused");
    }
}
