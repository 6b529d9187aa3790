package org.deepdual.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, from /proc (Linux): its socket inodes under /proc/PID/fd matched
 * against the LISTEN rows of /proc/PID/net/tcp and tcp6. Used to check that Spark's RPC, block manager,
 * UI and REST endpoints are bound to loopback.
 */
public final class LoopbackSockets {
    private static final String IPV6_LOOPBACK = "00000000000000000000000001000000";
    private static final String IPV4_MAPPED = "0000000000000000FFFF0000";

    private LoopbackSockets() {
    }

    /** One listening socket: the address as /proc shows it (hex) and its port. */
    public record Listening(long pid, String address, int port) {
        public boolean loopback() {
            if (address.length() == 8) {
                return address.endsWith("7F"); // 127.x.y.z, little-endian
            }
            return address.equals(IPV6_LOOPBACK) || address.startsWith(IPV4_MAPPED) && address.endsWith("7F");
        }
    }

    public static List<Listening> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // an fd closed between list and read
                }
            }
        }
        List<Listening> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path p = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(p)) {
                continue;
            }
            // one read: the table changes while the cluster runs
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    out.add(new Listening(pid, local[0], Integer.parseInt(local[1], 16)));
                }
            }
        }
        return out;
    }
}
