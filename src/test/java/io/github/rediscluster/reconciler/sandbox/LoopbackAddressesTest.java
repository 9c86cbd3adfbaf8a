package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackAddressesTest {

    @Test
    void everyAddressIsFreshAndSkipsNetworkAndBroadcastOctets() {
        LoopbackAddresses addresses = new LoopbackAddresses(253); // 127.16.0.253 onwards

        List<String> given = List.of(addresses.allocate(List.of()), addresses.allocate(List.of()),
                addresses.allocate(List.of()), addresses.allocate(List.of()));

        assertThat(given).containsExactly("127.16.0.253", "127.16.0.254", "127.16.1.1", "127.16.1.2");
    }

    @Test
    void anAddressWhosePortIsTakenIsSkipped() throws Exception {
        LoopbackAddresses addresses = new LoopbackAddresses(0x1234);
        String taken = LoopbackAddresses.format((127 << 24) | (16 << 16) | 0x1234);
        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress(InetAddress.getByName(taken), 0));

            String given = addresses.allocate(List.of(occupant.getLocalPort()));

            assertThat(taken).isEqualTo("127.16.18.52");
            assertThat(given).isEqualTo("127.16.18.53");
        }
    }
}
