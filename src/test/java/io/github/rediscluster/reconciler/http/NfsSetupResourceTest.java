package io.github.rediscluster.reconciler.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /nfs-setup on the running service, for the spec in force. */
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class NfsSetupResourceTest {

    @Inject
    SpecStore specs;

    @BeforeEach
    void fourMastersInForce() {
        SpecFile.write(SpecFile.withMasters(4));
        specs.refresh();
    }

    @Test
    void printsTheCommandsForTheSpecInForce() {
        given().get("/nfs-setup").then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(startsWith("#!/bin/sh\n# NFS set-up for Redis Cluster redis-app (namespace redis-test): 8 pods"))
                .body(containsString("\nmkdir -p '/usr/local/k8s/redis/pv1' "))
                .body(containsString("\n/usr/local/k8s/redis/pv8 *(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)\n"))
                .body(containsString("\nexportfs -ra\n"));
    }

    @Test
    void takesTheClientsToExportTo() {
        given().queryParam("clients", "10.0.0.0/24").get("/nfs-setup").then().statusCode(200)
                .body(containsString("\n/usr/local/k8s/redis/pv1 10.0.0.0/24(rw,"));
    }

    @Test
    void refusesClientsThatAreNoHostOrNetwork() {
        given().queryParam("clients", "* (rw)\n/etc *").get("/nfs-setup").then().statusCode(400)
                .body(containsString("is not a host, network or wildcard"));
    }
}
