package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.report.TopologyReport;

/**
 * What the Redis side of a pass found and did, and the memory it hands the next pass.
 *
 * @param dryRun the pass planned and sent no command that changes anything
 */
public record RedisSideResult(TopologyReport report, PassMemory next, boolean dryRun) {

    public RedisSideResult(TopologyReport report, PassMemory next) {
        this(report, next, false);
    }
}
