package org.deepdual.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What an application's Spark event log (spark.eventLog.enabled, uncompressed, one JSON event a line, in
 * the single-file or the rolling v2 layout) records about its executors and task attempts: the evidence
 * that a fault test really exercised the scheduler path it claims (a speculative attempt launched, an
 * executor removed because it was decommissioned, the task it ran then finishing there).
 */
record SparkEventLog(Set<String> executorHosts, List<TaskAttempt> taskStarts, List<TaskAttempt> successfulEnds,
        List<TaskEnd> taskEnds, List<ExecutorRemoval> removals) {

    /** One task attempt as the scheduler saw it. */
    record TaskAttempt(int stage, int partition, int attempt, String host, boolean speculative) {
        static TaskAttempt of(JsonNode event) {
            JsonNode info = event.get("Task Info");
            return new TaskAttempt(event.get("Stage ID").asInt(), info.get("Partition ID").asInt(),
                    info.get("Attempt").asInt(), info.get("Host").asText(), info.get("Speculative").asBoolean());
        }
    }

    /** How a task attempt ended, on which executor, and when (epoch milliseconds). */
    record TaskEnd(int stage, int partition, String executor, String reason, long launched, long finished) {
        static TaskEnd of(JsonNode event) {
            JsonNode info = event.get("Task Info");
            return new TaskEnd(event.get("Stage ID").asInt(), info.get("Partition ID").asInt(),
                    info.get("Executor ID").asText(), event.path("Task End Reason").path("Reason").asText(),
                    info.get("Launch Time").asLong(), info.get("Finish Time").asLong());
        }

        boolean succeeded() {
            return reason.equals("Success");
        }
    }

    /** An executor the driver removed, with the reason it gave, and when (epoch milliseconds). */
    record ExecutorRemoval(String executor, String reason, long at) {
    }

    /** Reads every event file under DIR (all applications logged there). */
    static SparkEventLog read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> hosts = new TreeSet<>();
        List<TaskAttempt> starts = new ArrayList<>();
        List<TaskAttempt> ends = new ArrayList<>();
        List<TaskEnd> allEnds = new ArrayList<>();
        List<ExecutorRemoval> removals = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return !n.startsWith(".") && !n.startsWith("appstatus");
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no Spark event log under " + dir);
        }
        for (Path f : files) {
            try (Stream<String> lines = Files.lines(f)) {
                lines.filter(l -> !l.isBlank()).forEach(l -> {
                    JsonNode e;
                    try {
                        e = json.readTree(l);
                    } catch (IOException bad) {
                        throw new UncheckedIOException("not a JSON event in " + f + ": " + l, bad);
                    }
                    switch (e.path("Event").asText()) {
                        case "SparkListenerExecutorAdded" -> hosts.add(e.get("Executor Info").get("Host").asText());
                        case "SparkListenerTaskStart" -> starts.add(TaskAttempt.of(e));
                        case "SparkListenerTaskEnd" -> {
                            allEnds.add(TaskEnd.of(e));
                            if (e.path("Task End Reason").path("Reason").asText().equals("Success")) {
                                ends.add(TaskAttempt.of(e));
                            }
                        }
                        case "SparkListenerExecutorRemoved" -> removals.add(new ExecutorRemoval(
                                e.get("Executor ID").asText(), e.path("Removed Reason").asText(), e.get("Timestamp").asLong()));
                        default -> {
                        }
                    }
                });
            }
        }
        return new SparkEventLog(hosts, starts, ends, allEnds, removals);
    }
}
