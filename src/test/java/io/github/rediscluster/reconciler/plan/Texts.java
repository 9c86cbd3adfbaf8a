package io.github.rediscluster.reconciler.plan;

import java.util.List;

final class Texts {
    static List<String> of(List<? extends Finding> findings) {
        return findings.stream().map(Finding::text).toList();
    }
}
