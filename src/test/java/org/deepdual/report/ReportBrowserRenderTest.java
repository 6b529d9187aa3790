package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration: the report page renders in a real browser (headless Chromium, offline). Skipped
 * where Chromium is not installed (Debian package {@code chromium}, which .ci/run installs).
 */
class ReportBrowserRenderTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @Test
    void pageRendersToANonBlankScreenshot() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM),
                "headless Chromium not found at " + CHROMIUM + ": install the Debian package 'chromium' "
                        + "(apt-get install -y chromium) to run this integration test");
        SyntheticSweep sweep = SyntheticSweep.write(SharedSpark.get(), tmp.resolve("out"));
        Report report = ReportWriter.write(SharedSpark.get(), sweep.output, tmp.resolve("report"),
                new CellNetworks(SyntheticSweep.datasets(), SyntheticSweep::solve));
        Path shot = tmp.resolve("shot.png");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("chromium-profile"),
                "--screenshot=" + shot, "--window-size=1200,900"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add(1, "--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        cmd.add(report.index().toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log")
                .toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 120 s; log: " + Files.readString(
                    tmp.resolve("chromium.log")));
        }
        assertEquals(0, p.exitValue(), "Chromium exit status; log: " + Files.readString(tmp.resolve("chromium.log")));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "the screenshot decodes");
        assertEquals(1200, img.getWidth());
        assertEquals(900, img.getHeight());
        long inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (r + g + b < 600) {
                    inked++;
                }
            }
        }
        double share = inked / (double) (img.getWidth() * img.getHeight());
        // a blank or error page is one or two colours with hardly any ink; the header, tables and links are not
        assertTrue(share > 0.01, "share of dark pixels " + share);
        assertTrue(colours.size() > 20, "distinct colours " + colours.size());
    }
}
