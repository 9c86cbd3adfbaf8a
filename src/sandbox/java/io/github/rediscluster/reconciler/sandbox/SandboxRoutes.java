package io.github.rediscluster.reconciler.sandbox;

import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The sandbox's HTTP controls in dev mode, under /sandbox (see {@link SandboxHelp#banner}). */
@IfBuildProfile("dev")
@Singleton
public class SandboxRoutes {

    private final SandboxLauncher launcher;
    private final Vertx vertx;

    public SandboxRoutes(SandboxLauncher launcher, Vertx vertx) {
        this.launcher = launcher;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        router.get("/sandbox").handler(context -> reply(context, 200, SandboxHelp.table(launcher.sandbox())));
        router.post("/sandbox/restart-all").blockingHandler(context -> chaos(context, Sandbox::restartAll));
        router.post("/sandbox/pods/:pod/restart").blockingHandler(context ->
                chaos(context, sandbox -> sandbox.restartPod(context.pathParam("pod"))));
        router.post("/sandbox/pods/:pod/delete").blockingHandler(context ->
                chaos(context, sandbox -> sandbox.deletePod(context.pathParam("pod"))));
        router.post("/sandbox/pods/:pod/stop").blockingHandler(context -> chaos(context, sandbox -> sandbox.stopPod(
                context.pathParam("pod"), Duration.ofSeconds(Long.parseLong(context.queryParam("seconds").stream()
                        .findFirst().orElse("30"))))));
        router.post("/sandbox/pods/:pod/lose-volume").blockingHandler(context ->
                chaos(context, sandbox -> sandbox.losePersistentVolume(context.pathParam("pod"))));
        router.get("/sandbox/pods/:pod/redis").handler(this::redisCommand);
    }

    private void chaos(RoutingContext context, Function<Sandbox, String> action) {
        try {
            reply(context, 200, action.apply(launcher.sandbox()) + System.lineSeparator());
        } catch (IllegalArgumentException e) {
            reply(context, 404, e.getMessage() + System.lineSeparator());
        }
    }

    private void redisCommand(RoutingContext context) {
        String podName = context.pathParam("pod");
        List<String> words = context.queryParam("command").stream().findFirst()
                .map(command -> Arrays.asList(command.trim().split("\\s+"))).orElse(List.of("PING"));
        SandboxPod pod = launcher.sandbox().pod(podName).orElse(null);
        if (pod == null || pod.ip() == null) {
            reply(context, 404, "no pod " + podName + " with an IP in the sandbox" + System.lineSeparator());
            return;
        }
        Request request = Request.cmd(Command.create(words.get(0)));
        words.subList(1, words.size()).forEach(request::arg);
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://" + pod.ip() + ":" + pod.port()));
        // AUTH first, as the reconciler does: a pod without a password answers it with an error, and the command goes on.
        redis.connect()
                .compose(connection -> connection.send(Request.cmd(Command.AUTH).arg(launcher.redisPassword()))
                        .recover(noPassword -> Future.succeededFuture())
                        .compose(authenticated -> connection.send(request)))
                .onComplete(result -> {
                    redis.close();
                    if (result.succeeded()) {
                        reply(context, 200, result.result() + System.lineSeparator());
                    } else {
                        reply(context, 502, result.cause().getMessage() + System.lineSeparator());
                    }
                });
    }

    private static void reply(RoutingContext context, int status, String body) {
        context.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(body);
    }
}
