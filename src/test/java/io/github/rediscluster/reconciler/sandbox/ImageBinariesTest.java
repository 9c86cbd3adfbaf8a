package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageBinariesTest {

    private static final List<ImageBinaries.Rule> RULES = ImageBinaries.parse(
            " redis:6.2*=embedded, redis:7.0*=/usr/bin/redis-server,*/redis:7*=/opt/redis7 ");

    @Test
    void theFirstMatchingRuleWinsAndStarMatchesAnything() {
        assertThat(ImageBinaries.binaryFor(RULES, "redis:6.2")).hasValue("embedded");
        assertThat(ImageBinaries.binaryFor(RULES, "redis:6.2.14-alpine")).hasValue("embedded");
        assertThat(ImageBinaries.binaryFor(RULES, "redis:7.0.15")).hasValue("/usr/bin/redis-server");
        assertThat(ImageBinaries.binaryFor(RULES, "docker.io/library/redis:7.2")).hasValue("/opt/redis7");
    }

    @Test
    void anImageNoRuleMatchesHasNone() {
        assertThat(ImageBinaries.binaryFor(RULES, "redis:7.2")).isEmpty();
        assertThat(ImageBinaries.binaryFor(RULES, "myredis:6.2")).as("a pattern matches the whole image").isEmpty();
        assertThat(ImageBinaries.parse("")).isEmpty();
    }

    @Test
    void aRuleWithoutBinaryIsRefusedWithTheRuleNamed() {
        assertThatThrownBy(() -> ImageBinaries.parse("redis:6.2*=embedded,redis:7.0*"))
                .hasMessageContaining("'redis:7.0*' is not <image pattern>=<binary>");
        assertThatThrownBy(() -> ImageBinaries.parse("=/usr/bin/redis-server")).hasMessageContaining("is not");
    }

    @Test
    void imagesNoRuleMatchesRunTheDefaultBinaryTheOthersTheirs() throws IOException {
        RedisServerBinary fallback = RedisServerBinary.locate(Optional.of(RedisServerBinary.at("embedded").path().toString()),
                false);
        ImageBinaries images = ImageBinaries.of("redis:6.2*=embedded", fallback);

        assertThat(images.forImage("redis:6.2").origin()).isEqualTo("embedded-redis artifact");
        assertThat(images.forImage("redis:6.2").version()).startsWith("6.2.");
        assertThat(images.forImage("redis:7.2")).isSameAs(fallback);
    }

    @Test
    void aBinaryThatIsNotThereFailsTheStartWithItsRule() {
        Path missing = Path.of("target", "no-such-redis-server");

        assertThatThrownBy(() -> ImageBinaries.of("redis:7.0*=" + missing, null))
                .hasMessageStartingWith("sandbox.images rule redis:7.0*=" + missing + ": ")
                .hasMessageContaining("is not an executable file");
    }
}
