package io.github.rediscluster.reconciler.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis release line whose redis.conf directives a spec is checked against: 6.2, or 7.0 for 7.0 and later (whose
 * directives are a superset of 7.0's). Read from the image tag, since the reconciler has no pod to ask before the
 * first one starts.
 */
public enum RedisVersion {
    V6_2("6.2"),
    V7_0("7.0");

    /** The first {@code major.minor} of the tag: {@code redis:6.2.14-alpine}, {@code registry:5000/redis:7.0}. */
    private static final Pattern TAG_VERSION = Pattern.compile(":(\\d+)\\.(\\d+)[^/:]*$");

    private final String label;

    RedisVersion(String label) {
        this.label = label;
    }

    /** A tag naming no version ({@code redis:latest}, a digest) is taken as 7.0 and later: today's images. */
    public static RedisVersion ofImage(String image) {
        Matcher matcher = TAG_VERSION.matcher(image);
        if (!matcher.find()) {
            return V7_0;
        }
        int major = Integer.parseInt(matcher.group(1));
        return major < 7 ? V6_2 : V7_0;
    }

    /** From what INFO server answers as redis_version ({@code 6.2.11}); an unreadable one as 7.0 and later. */
    public static RedisVersion ofRelease(String release) {
        Matcher matcher = Pattern.compile("^(\\d+)\\.").matcher(release);
        return matcher.find() && Integer.parseInt(matcher.group(1)) < 7 ? V6_2 : V7_0;
    }

    @Override
    public String toString() {
        return label;
    }
}
