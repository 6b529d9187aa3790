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
 * that a fault test really exercised the scheduler path it claims (a speculative attempt launched).
 */
record SparkEventLog(Set<String> executorHosts, List<TaskAttempt> taskStarts, List<TaskAttempt> successfulEnds) {

    /** One task attempt as the scheduler saw it. */
    record TaskAttempt(int stage, int partition, int attempt, String host, boolean speculative) {
        static TaskAttempt of(JsonNode event) {
            JsonNode info = event.get("Task Info");
            return new TaskAttempt(event.get("Stage ID").asInt(), info.get("Partition ID").asInt(),
                    info.get("Attempt").asInt(), info.get("Host").asText(), info.get("Speculative").asBoolean());
        }
    }

    /** Reads every event file under DIR (all applications logged there). */
    static SparkEventLog read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> hosts = new TreeSet<>();
        List<TaskAttempt> starts = new ArrayList<>();
        List<TaskAttempt> ends = new ArrayList<>();
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
                            if (e.path("Task End Reason").path("Reason").asText().equals("Success")) {
                                ends.add(TaskAttempt.of(e));
                            }
                        }
                        default -> {
                        }
                    }
                });
            }
        }
        return new SparkEventLog(hosts, starts, ends);
    }
}
