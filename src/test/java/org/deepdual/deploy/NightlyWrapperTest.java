package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights that name their time zone and say when they fail: deploy/cron/nightly writes OUTPUT/date=D/FAILED
 * and runs DEEPDUAL_NIGHTLY_ON_FAILURE on a non-zero night (and clears FAILED on a good rerun); its
 * --at-utc-hour guard makes an hourly crontab line run once a day at that UTC hour; the systemd timer fires
 * at 02:00 UTC; nothing relies on cron's CRON_TZ. The study itself is a fake submit with a chosen exit status.
 */
class NightlyWrapperTest {
    private static final ProjectBuild build = ProjectBuild.read();

    @TempDir
    Path tmp;

    @Test
    void aFailedNightWritesFailedAndRunsTheHookAndAGoodRerunClearsIt() throws Exception {
        Path out = tmp.resolve("out");
        Map<String, String> env = env(fakeSubmit("echo 'drift: 3 of 120 cells drifted'; exit 1"));
        env.put("DEEPDUAL_NIGHTLY_OUTPUT", out.toString());
        env.put("DEEPDUAL_NIGHTLY_ON_FAILURE", "echo \"$DEEPDUAL_NIGHT_DATE|$DEEPDUAL_NIGHT_EXIT|$DEEPDUAL_NIGHT_REASON\" > "
                + tmp.resolve("hook.txt") + "; cp \"$DEEPDUAL_NIGHT_FAILED\" " + tmp.resolve("hook-saw"));
        ScriptRun night = nightly(env, "--date", "2026-03-05");
        assertEquals(1, night.exit(), night.out());
        Path failed = out.resolve("date=2026-03-05/FAILED");
        String marker = Files.readString(failed);
        assertTrue(marker.startsWith("nightly 2026-03-05 failed at "), marker);
        assertTrue(marker.contains("exit 1\nreason: drift over drift.fail_over, or the run failed\n"), marker);
        assertTrue(marker.contains("drift: 3 of 120 cells drifted"), "FAILED carries the log's last lines: " + marker);
        assertEquals("2026-03-05|1|drift over drift.fail_over, or the run failed\n", Files.readString(tmp.resolve("hook.txt")));
        assertEquals(marker, Files.readString(tmp.resolve("hook-saw")), "the hook reads the FAILED file");
        String log = Files.readString(tmp.resolve("logs/nightly-2026-03-05.log"));
        assertTrue(log.contains("nightly 2026-03-05 marked failed: " + failed) && log.contains("failure hook: exit 0"), log);

        Files.delete(tmp.resolve("hook.txt"));
        env.put("DEEPDUAL_SUBMIT", fakeSubmit("echo fine").toString());
        assertEquals(0, nightly(env, "--date", "2026-03-05").exit());
        assertFalse(Files.exists(failed), "a good rerun of the date clears its FAILED");
        assertFalse(Files.exists(tmp.resolve("hook.txt")), "no hook on a good night");
    }

    @Test
    void failedGoesUnderTheSpecsOutputInTheWorkdirAndAFailingHookLeavesTheStatus() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path spec = Files.writeString(tmp.resolve("n.yaml"), "name: n\noutput: \"res/n\"   # relative to the working directory\n");
        Map<String, String> env = env(fakeSubmit("kill -9 $$"));
        env.put("DEEPDUAL_NIGHTLY_SPEC", "n.yaml");   // relative to where the wrapper starts (tmp), not to WORKDIR
        env.put("DEEPDUAL_NIGHTLY_WORKDIR", work.toString());
        env.put("DEEPDUAL_NIGHTLY_ON_FAILURE", "echo hook ran; exit 7");
        ScriptRun night = nightly(env, "--date", "2026-03-06");
        assertEquals(137, night.exit(), "the study's status, not the hook's: " + night.out());
        String marker = Files.readString(work.resolve("res/n/date=2026-03-06/FAILED"));
        assertTrue(marker.contains("reason: exit 137: killed or crashed"), marker);
        String log = Files.readString(tmp.resolve("logs/nightly-2026-03-06.log"));
        assertTrue(log.contains("hook ran") && log.contains("failure hook: exit 7"), log);
        assertTrue(log.contains("ran: --profile standalone nightly " + spec + " --date 2026-03-06"), "the spec by absolute path: " + log);

        env.put("DEEPDUAL_NIGHTLY_OUTPUT", "s3a://bucket/nightly");
        env.put("DEEPDUAL_SUBMIT", fakeSubmit("exit 2").toString());
        assertEquals(2, nightly(env, "--date", "2026-03-07").exit());
        assertTrue(Files.readString(tmp.resolve("logs/nightly-2026-03-07.FAILED")).contains("reason: bad input"),
                "an object-store output gets its FAILED in the log directory");
    }

    @Test
    void theUtcHourGuardRunsOnlyInThatHour() throws Exception {
        Map<String, String> env = env(fakeSubmit("echo ran"));
        env.put("DEEPDUAL_NIGHTLY_OUTPUT", tmp.resolve("out").toString());
        int now = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        ScriptRun other = nightly(env, "--at-utc-hour", String.format("%02d", (now + 12) % 24));
        assertEquals(0, other.exit(), other.out());
        assertFalse(Files.exists(tmp.resolve("logs")), "outside its hour the wrapper does nothing at all");
        ScriptRun bad = nightly(env, "--at-utc-hour", "25");
        assertEquals(2, bad.exit());
        assertTrue(bad.out().contains("--at-utc-hour must be 00..23, got '25'"), bad.out());
        for (int attempt = 0; attempt < 2; attempt++) {
            String hour = String.format("%02d", ZonedDateTime.now(ZoneOffset.UTC).getHour());
            ScriptRun mine = nightly(env, "--at-utc-hour", hour);
            String today = ZonedDateTime.now(ZoneOffset.UTC).toLocalDate().toString();
            Path log = tmp.resolve("logs/nightly-" + today + ".log");
            if (hour.equals(String.format("%02d", ZonedDateTime.now(ZoneOffset.UTC).getHour()))) {
                assertEquals(0, mine.exit(), mine.out());
                assertTrue(Files.readString(log).contains("ran: --profile standalone nightly"), "in its hour the night runs");
                return;
            }   // the hour turned during the run: try once more
        }
    }

    @Test
    void theSystemdTimerFiresAtTwoUtcAndStartsTheWrapper() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("units"));
        Map<String, String> timer = unit("deepdual-nightly.timer", dir);
        Map<String, String> service = unit("deepdual-nightly.service", dir);
        assertEquals("*-*-* 02:00:00 UTC", timer.get("OnCalendar"), "the timer names its zone");
        assertEquals("deepdual-nightly.service", timer.get("Unit"));
        assertEquals(build.root() + "/deploy/cron/nightly", service.get("ExecStart"));
        assertEquals("75", service.get("SuccessExitStatus"), "a skipped night is the wrapper's to report");
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            assertEquals(0, analyze(dir).exit(), analyze(dir).out());
            Path bad = dir.resolve("deepdual-nightly.timer");
            Files.writeString(bad, Files.readString(bad).replace("02:00:00 UTC", "02:00:00 Mars/Olympus_Mons"));
            ScriptRun planted = analyze(dir);
            assertTrue(planted.exit() != 0 && planted.out().contains("Mars/Olympus_Mons"), "systemd rejects a bad zone: " + planted.out());
        }
    }

    @Test
    void theCrontabDoesNotRelyOnCronTz() throws IOException {
        List<String> lines = Files.readAllLines(build.root().resolve("deploy/cron/crontab")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.startsWith("0 * * * * @ROOT@/deploy/cron/nightly --at-utc-hour 02 "), "hourly, guarded in UTC: " + line);
        assertFalse(line.contains("CRON_TZ") || line.contains("/dev/null"), "no undocumented zone, no silenced output: " + line);
    }

    private Map<String, String> env(Path submit) {
        Map<String, String> env = new HashMap<>(Map.of("DEEPDUAL_SUBMIT", submit.toString(),
                "DEEPDUAL_LOG_DIR", tmp.resolve("logs").toString(), "DEEPDUAL_NIGHTLY_PROFILE", "standalone",
                "DEEPDUAL_NIGHTLY_WORKDIR", tmp.toString()));
        return env;
    }

    private Path fakeSubmit(String body) throws IOException {
        Path fake = Files.createTempFile(tmp, "fake-submit", "");
        Files.writeString(fake, "#!/usr/bin/env bash\necho \"ran: $*\"\n" + body + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }

    private ScriptRun nightly(Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = build.root().resolve("deploy/cron/nightly").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return ScriptRun.run(tmp, env, cmd);
    }

    /** The unit with @ROOT@ replaced, as the install line does, written to dir; its Key=value lines. */
    private static Map<String, String> unit(String name, Path dir) throws IOException {
        String text = Files.readString(build.root().resolve("deploy/cron/" + name)).replace("@ROOT@", build.root().toString());
        Files.writeString(dir.resolve(name), text);
        Map<String, String> keys = new HashMap<>();
        for (String l : text.split("\n")) {
            if (!l.startsWith("#") && l.contains("=")) {
                keys.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return keys;
    }

    private static ScriptRun analyze(Path dir) throws Exception {
        return ScriptRun.run(dir, Map.of(), "systemd-analyze", "verify", dir.resolve("deepdual-nightly.timer").toString(),
                dir.resolve("deepdual-nightly.service").toString());
    }
}
