package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.report.TopologyReport;

/** What the Redis side of a pass found and did, and the memory it hands the next pass. */
public record RedisSideResult(TopologyReport report, PassMemory next) {
}
