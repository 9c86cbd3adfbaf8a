package io.github.rediscluster.reconciler.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.AgentRequestLog;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the footprint of the packaged reconciler as its own process (JVM mode): the time from process start to
 * Quarkus' "started in" line and to its first completed pass, then RSS, CPU and API requests while it keeps an
 * already healthy classic cluster (3 masters + 1 replica each) at steady state for
 * {@code -Dbenchmark.footprint.minutes} (default 10). The cluster is formed by the in-test loop, which then stops, so
 * the child is the only reconciler. Not a test: it asserts nothing about the figures, but fails when the child dies,
 * never logs its first pass, or logs a WARN or ERROR at steady state. Needs target/quarkus-app, so run it with
 * {@code ./mvnw -Pbenchmark verify -Dtest=FootprintBenchmark}; {@code -Dbenchmark.footprint.jvm-options="..."}
 * replaces the JVM options below.
 */
@Tag("benchmark")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class FootprintBenchmark {

    private static final int PORT = 6379;
    private static final int MASTERS = 3;
    private static final int REPLICAS_PER_MASTER = 1;
    private static final int PODS = MASTERS * (1 + REPLICAS_PER_MASTER);
    private static final Duration FORM_DEADLINE = Duration.ofMinutes(2);
    private static final Duration CHILD_DEADLINE = Duration.ofMinutes(2);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final Path OUTPUT = BenchmarkFiles.DIRECTORY;
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Tells the child's API requests from those of the sandbox and of the in-test service, which share the mock. */
    private static final String CHILD_USER_AGENT = "footprint-benchmark-child";
    /**
     * Every pass applies the PodDisruptionBudget with one GET by name, and nothing else reads it (the StatefulSet is read
     * twice a pass: applied, then its revision read for rollouts).
     */
    private static final String PASS_MARKER = "GET /apis/policy/v1/namespaces/" + SpecFile.NAMESPACE + "/poddisruptionbudgets/redis-app";
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern CONVERGED = Pattern.compile("Redis cluster converged");

    /**
     * What the JVM image runs: src/main/docker/Dockerfile.jvm starts run-java.sh of ubi9/openjdk-17, whose
     * java-default-options add MaxRAMPercentage (JAVA_MAX_MEM_RATIO, default 50) and ParallelGC with these ratios,
     * and its JAVA_OPTS_APPEND adds the log manager. MaxRAM stands in for the 256Mi memory limit of
     * kubernetes/deployment.yaml, which is what the JVM would size its heap from in the container.
     */
    private static final String IMAGE_JVM_OPTIONS = "-XX:MaxRAM=256m -XX:MaxRAMPercentage=50.0 -XX:+UseParallelGC"
            + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90"
            + " -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Test
    void startupAndSteadyStateFootprintOfTheReconcilerProcess() throws Exception {
        int minutes = Integer.getInteger("benchmark.footprint.minutes", 10);
        List<String> jvmOptions = List.of(System.getProperty("benchmark.footprint.jvm-options", IMAGE_JVM_OPTIONS)
                .trim().split("\\s+"));
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -Pbenchmark verify, which packages first");
        }
        Files.createDirectories(OUTPUT);
        try (RedisCalls redis = new RedisCalls();
                SandboxRun run = SandboxRun.start(server, client, specs, "footprint")) {
            formClusterThenStopTheLoop(run.sandbox(), redis);
            Setup setup = setup(run.sandbox(), jvmOptions, minutes);
            Figures figures = measureChild(childCommand(jvmOptions), minutes);
            BenchmarkFiles.write("footprint", table(setup, figures), csv(setup, figures));
            if (!figures.steadyStateWarnings().isEmpty()) {
                throw new AssertionError("The child logged WARN/ERROR at steady state (see " + Child.LOG + "):\n"
                        + String.join("\n", figures.steadyStateWarnings()));
            }
        }
    }

    /** The in-test loop forms the cluster; it stops before the child starts, so the child reconciles alone. */
    private void formClusterThenStopTheLoop(Sandbox sandbox, RedisCalls redis) throws InterruptedException {
        try (LoopTicker ticker = LoopTicker.start(loop)) {
            Poll.until("the classic cluster to form and be healthy", FORM_DEADLINE, () -> check(sandbox, redis),
                    snapshot -> snapshot.map(ClusterCheck.Snapshot::healthy).orElse(false));
        }
    }

    /** Empty until all pods are Ready. */
    private static Optional<ClusterCheck.Snapshot> check(Sandbox sandbox, RedisCalls redis) {
        List<SandboxPod> pods = sandbox.pods();
        if (!ClusterCheck.podsReady(pods, MASTERS, REPLICAS_PER_MASTER, all -> true)) {
            return Optional.empty();
        }
        return Optional.of(ClusterCheck.take(redis, PORT, pods, MASTERS, REPLICAS_PER_MASTER));
    }

    private List<String> childCommand(List<String> jvmOptions) throws IOException {
        Path spec = OUTPUT.resolve("footprint-spec").resolve("application.properties");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, SpecFile.CLASSIC);
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        // fabric8's own properties, as in a pod: quarkus.kubernetes-client.* are fixed at build time, and the packaged
        // jar warns and ignores them at run time. Kubeconfig and service account stay out: only the mock is reached.
        command.addAll(List.of("-Dkubernetes.master=" + client.getConfiguration().getMasterUrl(),
                "-Dkubernetes.namespace=" + SpecFile.NAMESPACE, "-Dkubernetes.trust.certificates=true",
                "-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false",
                "-Dkubernetes.user.agent=" + CHILD_USER_AGENT,
                // Port 0: Quarkus takes a free port, so the benchmark never clashes with another run or a dev instance.
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dreconciler.spec.locations=" + spec.toAbsolutePath(), "-jar", JAR.toAbsolutePath().toString()));
        return command;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** From the child's start to its first completed pass, then one sample a minute at steady state. */
    private Figures measureChild(List<String> command, int minutes) throws IOException, InterruptedException {
        KubernetesMockServer mock = server.getKubernetesMockServer();
        drainChildRequests(mock);
        try (Child child = Child.start(command)) {
            LogLine started = child.await(STARTED, CHILD_DEADLINE);
            LogLine converged = child.await(CONVERGED, CHILD_DEADLINE);
            ChildRequests startup = drainChildRequests(mock);
            List<Sample> samples = new ArrayList<>(List.of(Sample.of(child.pid(), ChildRequests.NONE)));
            for (int minute = 1; minute <= minutes; minute++) {
                child.sleepUntil(samples.get(0).at().plus(Duration.ofMinutes(minute)));
                samples.add(Sample.of(child.pid(), drainChildRequests(mock)));
            }
            Matcher quarkusTime = STARTED.matcher(started.text());
            return new Figures(child.sinceStart(started), quarkusTime.find() ? quarkusTime.group(1) + " s" : "?",
                    child.sinceStart(converged), startup, samples, child.warnings(false, converged),
                    child.warnings(true, converged));
        }
    }

    /** Takes every request the mock received so far and counts the child's. */
    private static ChildRequests drainChildRequests(KubernetesMockServer mock) {
        ChildRequests counted = ChildRequests.NONE;
        for (AgentRequestLog.Call call : new AgentRequestLog(mock).drain()) {
            if (CHILD_USER_AGENT.equals(call.agent())) {
                counted = counted.count(call.request());
            }
        }
        return counted;
    }

    /**
     * The API requests of the child: passes (StatefulSet GETs), reads (of them, watch starts) and writes of the
     * passes, and apart from them those of leader election on its Lease (a renewal every retry period, not per pass).
     */
    record ChildRequests(long passes, long reads, long watches, long writes, long lease) {

        static final ChildRequests NONE = new ChildRequests(0, 0, 0, 0, 0);

        ChildRequests count(String request) {
            if (request.contains("/leases")) {
                return new ChildRequests(passes, reads, watches, writes, lease + 1);
            }
            boolean read = request.startsWith("GET ");
            return new ChildRequests(passes + (request.equals(PASS_MARKER) ? 1 : 0), reads + (read ? 1 : 0),
                    watches + (read && request.contains("watch=true") ? 1 : 0), writes + (read ? 0 : 1), lease);
        }

        ChildRequests plus(ChildRequests other) {
            return new ChildRequests(passes + other.passes, reads + other.reads, watches + other.watches,
                    writes + other.writes, lease + other.lease);
        }
    }

    /** One look at the child from /proc: resident set now and at its peak (KiB), CPU used so far (clock ticks). */
    record Sample(Instant at, long rssKib, long hwmKib, long cpuTicks, ChildRequests requestsSincePrevious) {

        static Sample of(long pid, ChildRequests requests) throws IOException {
            Map<String, Long> status = procStatusKib(pid);
            return new Sample(Instant.now(), status.get("VmRSS"), status.get("VmHWM"), cpuTicks(pid), requests);
        }

        private static Map<String, Long> procStatusKib(long pid) throws IOException {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:") || line.startsWith("VmHWM:"))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                            line -> Long.parseLong(line.replaceAll("[^0-9]", ""))));
        }

        /** utime + stime, fields 14 and 15 of /proc/pid/stat, counted after the command name, which may hold spaces. */
        private static long cpuTicks(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }

    /** One line of the child's log in the product's console format; the level is empty for other lines. */
    record LogLine(Optional<LocalDateTime> at, String level, String text) {

        private static final Pattern FORMAT = Pattern.compile(
                "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) (\\w+)\\s+(.*)$");
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

        static LogLine parse(String line) {
            Matcher matcher = FORMAT.matcher(line);
            if (!matcher.matches()) {
                return new LogLine(Optional.empty(), "", line);
            }
            return new LogLine(Optional.of(LocalDateTime.parse(matcher.group(1), TIME)), matcher.group(2), line);
        }

        /** WARN, ERROR or FATAL in the product's format, or a warning the JVM itself prints. */
        boolean warns() {
            return level.equals("WARN") || level.equals("ERROR") || level.equals("FATAL") || text.contains("VM warning");
        }
    }

    /** The packaged product as a child process, its stdout and stderr in one log file. */
    static final class Child implements AutoCloseable {

        static final Path LOG = OUTPUT.resolve("footprint-child.log");

        private final Process process;
        private final Instant started;
        private final Thread destroyOnExit;

        private Child(Process process, Instant started) {
            this.process = process;
            this.started = started;
            // If the benchmark JVM is stopped (Ctrl-C) before the finally block runs, the child must not outlive it.
            this.destroyOnExit = new Thread(process::destroyForcibly);
            Runtime.getRuntime().addShutdownHook(destroyOnExit);
        }

        static Child start(List<String> command) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(LOG.toFile()));
            // Only the settings on the command line: no Quarkus or Kubernetes settings from the environment.
            builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("KUBERNETES_"));
            Instant started = Instant.now();
            return new Child(builder.start(), started);
        }

        long pid() {
            return process.pid();
        }

        /** The first log line matching {@code pattern}; fails with the log if the child exits or the deadline passes. */
        LogLine await(Pattern pattern, Duration deadline) throws IOException, InterruptedException {
            Instant giveUp = started.plus(deadline);
            while (true) {
                Optional<LogLine> line = lines().stream().filter(candidate -> pattern.matcher(candidate.text()).find())
                        .findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                failIfExited("before logging \"" + pattern + "\"");
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("The child did not log \"" + pattern + "\" within " + deadline.toSeconds()
                            + " s of its start; its log:\n" + excerpt());
                }
                Thread.sleep(100);
            }
        }

        /** Sleeps until {@code until}, checking every second that the child still runs. */
        void sleepUntil(Instant until) throws IOException, InterruptedException {
            for (Instant now = Instant.now(); now.isBefore(until); now = Instant.now()) {
                failIfExited("at steady state");
                Thread.sleep(Math.min(1000, Duration.between(now, until).toMillis() + 1));
            }
            failIfExited("at steady state");
        }

        /** From the process start to the time the child logged {@code line} (the log has millisecond times). */
        Duration sinceStart(LogLine line) {
            Instant logged = line.at().orElseThrow().atZone(ZoneId.systemDefault()).toInstant();
            return Duration.between(started, logged);
        }

        /** The warnings logged after {@code mark} if {@code after}, else those up to it. */
        List<String> warnings(boolean after, LogLine mark) throws IOException {
            List<LogLine> lines = lines();
            int markAt = lines.indexOf(mark);
            List<LogLine> part = after ? lines.subList(markAt + 1, lines.size()) : lines.subList(0, markAt);
            return part.stream().filter(LogLine::warns).map(LogLine::text).toList();
        }

        private List<LogLine> lines() throws IOException {
            return new String(Files.readAllBytes(LOG), StandardCharsets.UTF_8).lines().map(LogLine::parse).toList();
        }

        private void failIfExited(String when) throws IOException {
            if (!process.isAlive()) {
                throw new AssertionError("The child exited " + when + " with code " + process.exitValue()
                        + "; its log:\n" + excerpt());
            }
        }

        private String excerpt() throws IOException {
            List<String> all = Files.readAllLines(LOG);
            return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
        }

        /** SIGTERM as Kubernetes would, then SIGKILL if it does not stop in time; always waits for the end. */
        @Override
        public void close() throws InterruptedException {
            try {
                process.destroy();
                if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(destroyOnExit);
            }
        }
    }

    record Setup(String machine, String redisVersion, String spec, List<String> jvmOptions, String maxHeap,
            long clockTicksPerSecond, String clockTicksSource, int minutes) {
    }

    record Figures(Duration toStartedLine, String quarkusStartedIn, Duration toFirstPass, ChildRequests startup,
            List<Sample> samples, List<String> startupWarnings, List<String> steadyStateWarnings) {

        Sample last() {
            return samples.get(samples.size() - 1);
        }

        Duration window() {
            return Duration.between(samples.get(0).at(), last().at());
        }

        ChildRequests windowRequests() {
            return samples.stream().map(Sample::requestsSincePrevious).reduce(ChildRequests.NONE, ChildRequests::plus);
        }
    }

    private Setup setup(Sandbox sandbox, List<String> jvmOptions, int minutes) throws IOException, InterruptedException {
        String machine = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "; " + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + "), Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "); load average at start " + loadAverage();
        Duration interval = specs.state().inForce().orElseThrow().reconcileInterval();
        String spec = "classic: " + MASTERS + " masters + " + REPLICAS_PER_MASTER + " replica each (" + PODS
                + " pods), reconcile interval " + interval.toSeconds() + " s (the spec's), loop tick 1 s";
        Optional<Long> ticks = clockTicksPerSecond();
        return new Setup(machine, sandbox.redisServer().version(), spec, jvmOptions, maxHeap(jvmOptions),
                ticks.orElse(100L), ticks.isPresent() ? "getconf CLK_TCK" : "assumed: getconf CLK_TCK gave no number",
                minutes);
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return String.join(" ", Arrays.copyOf(fields, 3));
    }

    /** The JVM's own MaxHeapSize under {@code jvmOptions}, from -XX:+PrintFlagsFinal. */
    private static String maxHeap(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        String output = run(command);
        Matcher matcher = Pattern.compile("\\bMaxHeapSize\\s*=\\s*(\\d+)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no MaxHeapSize in the output of " + command + ":\n" + output);
        }
        return Long.parseLong(matcher.group(1)) / (1024 * 1024) + " MiB";
    }

    private static Optional<Long> clockTicksPerSecond() throws IOException, InterruptedException {
        String output = run(List.of("getconf", "CLK_TCK")).trim();
        return output.matches("\\d+") ? Optional.of(Long.parseLong(output)) : Optional.empty();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(command + " did not end within " + STOP_DEADLINE.toSeconds() + " s");
        }
        return output;
    }

    /** The summary rows: measure, value and unit, shared by the Markdown table and the CSV. */
    private static List<String[]> rows(Setup setup, Figures figures) {
        Sample first = figures.samples().get(0);
        Sample last = figures.last();
        double windowSeconds = figures.window().toMillis() / 1000.0;
        double cpuSeconds = (last.cpuTicks() - first.cpuTicks()) / (double) setup.clockTicksPerSecond();
        ChildRequests window = figures.windowRequests();
        LongSummary rss = LongSummary.of(figures.samples().stream().mapToLong(Sample::rssKib).toArray());
        return List.of(
                row("process start -> \"started in\" logged", seconds(figures.toStartedLine()), "s"),
                row("Quarkus' own \"started in\"", figures.quarkusStartedIn().replace(" s", ""), "s"),
                row("process start -> first completed pass (\"Redis cluster converged\" logged)",
                        seconds(figures.toFirstPass()), "s"),
                row("API requests up to the first completed pass (reads/writes)",
                        figures.startup().reads() + "/" + figures.startup().writes(), "requests"),
                row("steady-state window, from the first completed pass", format(windowSeconds / 60), "min"),
                row("RSS at the end of the window", mib(last.rssKib()), "MiB"),
                row("RSS min-max over the minute samples", mib(rss.min()) + "-" + mib(rss.max()), "MiB"),
                row("peak RSS (VmHWM) since the process start", mib(last.hwmKib()), "MiB"),
                row("CPU used in the window (utime+stime)", format(cpuSeconds), "s"),
                row("CPU in the window as share of one core", format(100 * cpuSeconds / windowSeconds), "%"),
                row("passes in the window", String.valueOf(window.passes()), "passes"),
                row("API reads per pass in the window (watch starts in all: " + window.watches() + ")",
                        perPass(window.reads(), window.passes()), "requests"),
                row("API writes per pass in the window", perPass(window.writes(), window.passes()), "requests"),
                row("Lease requests in the window (leader election, apart from the passes)",
                        format(window.lease() / (windowSeconds / 60)), "requests/min"),
                row("WARN/ERROR lines before the first completed pass", String.valueOf(figures.startupWarnings().size()),
                        "lines"),
                row("WARN/ERROR lines at steady state", String.valueOf(figures.steadyStateWarnings().size()), "lines"));
    }

    record LongSummary(long min, long max) {

        static LongSummary of(long[] values) {
            return new LongSummary(Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow());
        }
    }

    private static String[] row(String measure, String value, String unit) {
        return new String[] {measure, value, unit};
    }

    private static String table(Setup setup, Figures figures) {
        StringBuilder text = new StringBuilder()
                .append("## Footprint of the reconciler process (JVM mode)\n\n")
                .append(setup.machine()).append("; redis-server ").append(setup.redisVersion()).append(".\n\n")
                .append("Spec: ").append(setup.spec()).append(". The cluster is formed and healthy before the child")
                .append(" starts, so its first pass converges; the API server is the fabric8 mock in the benchmark's JVM.\n\n")
                .append("Child: `java <JVM options> -jar ").append(JAR).append("`, log in ").append(Child.LOG)
                .append(". JVM options, those of src/main/docker/Dockerfile.jvm (run-java.sh defaults of ubi9/openjdk-17),")
                .append(" with -XX:MaxRAM=256m for the Deployment's 256Mi memory limit: `")
                .append(String.join(" ", setup.jvmOptions())).append("`; effective max heap ").append(setup.maxHeap())
                .append(". CPU from /proc/<pid>/stat at ").append(setup.clockTicksPerSecond()).append(" ticks/s (")
                .append(setup.clockTicksSource()).append(").\n\n| measure | value | unit |\n|---|---|---|\n");
        rows(setup, figures).forEach(row -> text.append("| ").append(String.join(" | ", row)).append(" |\n"));
        text.append("\n| minute | RSS MiB | VmHWM MiB | CPU s since the window start | passes | API reads | API writes |\n")
                .append("|---|---|---|---|---|---|---|\n");
        List<Sample> samples = figures.samples();
        for (int minute = 0; minute < samples.size(); minute++) {
            Sample sample = samples.get(minute);
            text.append("| ").append(minute).append(" | ").append(mib(sample.rssKib())).append(" | ")
                    .append(mib(sample.hwmKib())).append(" | ")
                    .append(format((sample.cpuTicks() - samples.get(0).cpuTicks()) / (double) setup.clockTicksPerSecond()))
                    .append(" | ").append(sample.requestsSincePrevious().passes()).append(" | ")
                    .append(sample.requestsSincePrevious().reads()).append(" | ")
                    .append(sample.requestsSincePrevious().writes()).append(" |\n");
        }
        appendWarnings(text, "before the first completed pass", figures.startupWarnings());
        appendWarnings(text, "at steady state", figures.steadyStateWarnings());
        return text.toString();
    }

    private static void appendWarnings(StringBuilder text, String when, List<String> warnings) {
        if (!warnings.isEmpty()) {
            text.append("\nWARN/ERROR in the child's log ").append(when).append(":\n\n```\n")
                    .append(String.join("\n", warnings)).append("\n```\n");
        }
    }

    private static String csv(Setup setup, Figures figures) {
        String date = setup.machine().substring(0, setup.machine().indexOf(';'));
        StringBuilder text = new StringBuilder("date,measure,value,unit\n");
        for (String[] row : rows(setup, figures)) {
            text.append(date).append(',').append(quoted(row[0])).append(',').append(quoted(row[1])).append(',')
                    .append(row[2]).append('\n');
        }
        return text.toString();
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String perPass(long requests, long passes) {
        return passes == 0 ? "- (no pass)" : format(requests / (double) passes);
    }
}
