package io.github.rediscluster.reconciler.plan;

/**
 * One decision of the planner (e.g. {@link Rejoin}, {@link MoveSlots}): from the facts, and what the stages before it
 * decided this pass, the steps to take, what it waits for, what it refuses, and whether the stages after it run.
 */
interface Stage {

    StageResult decide(ClusterFacts facts, PlanSoFar soFar);
}
