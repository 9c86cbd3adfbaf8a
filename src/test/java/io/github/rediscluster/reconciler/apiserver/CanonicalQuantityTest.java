package io.github.rediscluster.reconciler.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values as kube-apiserver writes them back (resource.Quantity's canonical form, rounded up to milli). */
class CanonicalQuantityTest {

    @ParameterizedTest
    @CsvSource({"1024Mi,1Gi", "1536Mi,1536Mi", "1.5Gi,1536Mi", "0.5Gi,512Mi", "100Mi,100Mi", "1Ki,1Ki", "512Ki,512Ki",
            "0.1Ki,102400m", "1000M,1G", "200M,200M", "2000,2k", "1500,1500", "0.5,500m", "100m,100m", "1.5,1500m",
            "0.0001,1m", "1e3,1e3", "1000e3,1e6", "0,0", "0Gi,0", "12e6,12e6"})
    void writesTheCanonicalForm(String sent, String stored) {
        assertThat(CanonicalQuantity.of(sent)).contains(stored);
    }

    @ParameterizedTest
    @CsvSource({"abc", "1GB", "1 Gi", "Gi"})
    void noQuantityIsLeftAlone(String text) {
        assertThat(CanonicalQuantity.of(text)).isEmpty();
    }
}
