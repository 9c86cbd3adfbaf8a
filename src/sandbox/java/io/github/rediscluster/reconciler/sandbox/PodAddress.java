package io.github.rediscluster.reconciler.sandbox;

/** The addresses a pod sees of itself: its own pod IP and the IP of the node it runs on. */
record PodAddress(String podIp, String hostIp) {
}
