package org.deepdual.report.trend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The trend page and its CSV. The page is one self-contained HTML file (inline CSS and SVG, no script, no
 * network): the nights with their state and a link to each night's report, then one section per path with
 * a sparkline of its optimal value and a table of its metrics across nights, drifted cells and failed nights
 * highlighted. Links are relative ({@code ../date=D/...}), so the folder works from disk, an object store or
 * a web server.
 */
public final class TrendPage {
    static final String CSV_HEADER = "date,state,path,cells,failed,primal,max_gap,rank1,nc1,solve_ms,drifted";
    private static final String CSS = "body{font:14px sans-serif;margin:1.5em;max-width:80em}"
            + "table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
            + "text-align:right}th{background:#f4f4f4}td.l{text-align:left}tr.failed td{background:#eee;color:#777}"
            + "tr.drift td{background:#fde2e2}td.drift{background:#f8b4b4;font-weight:bold}.bad{color:#b00}"
            + "summary{cursor:pointer;padding:2px 0}summary svg{vertical-align:middle;margin:0 .6em}";

    private TrendPage() {
    }

    /** Every path id any night has, sorted. */
    static List<String> pathIds(List<NightSummary> nights) {
        TreeSet<String> ids = new TreeSet<>();
        nights.forEach(n -> ids.addAll(n.paths().keySet()));
        return new ArrayList<>(ids);
    }

    public static String render(String root, List<NightSummary> nights) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>deepdual trend: ")
                .append(esc(root)).append("</title><style>").append(CSS).append("</style></head><body>");
        b.append("<h1>Nightly trend</h1><p>").append(esc(root)).append(": ").append(nights.size())
                .append(" nights, ").append(pathIds(nights).size()).append(" paths. A cell drifts when a metric moves by"
                        + " more than rel_tol relative to max(1, |previous|); a night is red when more cells drifted"
                        + " than fail_over, or when the nightly wrapper marked it FAILED. Per path: the mean optimal"
                        + " value over its cells, the largest gap, the mean rank of W<sub>1</sub>, the mean NC1 and"
                        + " the mean solve time per cell. Data: <a href=\"trend.csv\">trend.csv</a>.</p>");
        nightsTable(b, nights);
        b.append("<h2>Paths</h2>");
        for (String id : pathIds(nights)) {
            pathSection(b, id, nights);
        }
        return b.append("</body></html>\n").toString();
    }

    private static void nightsTable(StringBuilder b, List<NightSummary> nights) {
        b.append("<h2>Nights</h2><table><tr><th>night</th><th>state</th><th>paths</th><th>cells</th>"
                + "<th>failed cells</th><th>drifted cells</th><th>threshold</th><th class=\"l\">note</th></tr>");
        for (NightSummary n : newestFirst(nights)) {
            long cells = n.paths().values().stream().mapToLong(PathMetrics::cells).sum();
            long failed = n.paths().values().stream().mapToLong(PathMetrics::failed).sum();
            b.append("<tr class=\"").append(n.failedNote().isPresent() ? "failed" : n.red() ? "drift" : "")
                    .append("\" id=\"night-").append(n.date()).append("\"><td class=\"l\">").append(nightLink(n))
                    .append("</td><td class=\"l").append(n.red() ? " bad" : "").append("\">").append(n.state())
                    .append("</td><td>").append(n.paths().size()).append("</td><td>").append(cells).append("</td><td>")
                    .append(failed).append("</td><td>")
                    .append(n.driftedCells() < 0 ? "—" : "<a href=\"../date=" + n.date() + "/drift.csv\">"
                            + n.driftedCells() + "</a>")
                    .append("</td><td>rel_tol ").append(num(n.relTol())).append(", fail_over ").append(n.failOver())
                    .append("</td><td class=\"l\">").append(esc(n.failedNote().orElse(""))).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void pathSection(StringBuilder b, String id, List<NightSummary> nights) {
        long driftNights = nights.stream().filter(n -> n.path(id).map(p -> p.drifted() > 0).orElse(false)).count();
        b.append("<details").append(driftNights > 0 ? " open" : "").append(" id=\"").append(esc(anchor(id)))
                .append("\"><summary><b>").append(esc(id)).append("</b>").append(sparkline(id, nights))
                .append(driftNights > 0 ? "<span class=\"bad\">drift on " + driftNights + " nights</span>" : "")
                .append("</summary><table><tr><th>night</th><th>cells</th><th>failed</th><th>optimal value</th>"
                        + "<th>max gap</th><th>rank W<sub>1</sub></th><th>NC1</th><th>solve ms/cell</th>"
                        + "<th>drifted cells</th></tr>");
        for (NightSummary n : newestFirst(nights)) {
            Optional<PathMetrics> m = n.path(id);
            b.append("<tr class=\"").append(n.failedNote().isPresent() ? "failed" : "").append("\"><td class=\"l\">")
                    .append(nightLink(n)).append(n.failedNote().isPresent() ? " FAILED" : "").append("</td>");
            if (m.isEmpty()) {
                b.append("<td colspan=\"8\" class=\"l\">no cells of this path</td></tr>");
                continue;
            }
            PathMetrics p = m.get();
            b.append("<td>").append(p.cells()).append("</td><td>").append(p.failed()).append("</td><td>")
                    .append(num(p.primal())).append("</td><td>").append(num(p.maxGap())).append("</td><td>")
                    .append(num(p.rank1())).append("</td><td>").append(num(p.nc1())).append("</td><td>")
                    .append(num(p.solveMs())).append("</td><td").append(p.drifted() > 0 ? " class=\"drift\"" : "")
                    .append(">").append(n.driftedCells() < 0 ? "—" : Long.toString(p.drifted())).append("</td></tr>");
        }
        b.append("</table></details>");
    }

    /** The path's optimal value across nights as a 160×28 polyline; drifted nights as red dots. */
    static String sparkline(String id, List<NightSummary> nights) {
        List<double[]> pts = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nights.size(); i++) {
            Optional<PathMetrics> m = nights.get(i).path(id);
            if (m.isPresent() && Double.isFinite(m.get().primal())) {
                double v = m.get().primal();
                pts.add(new double[] {i, v, m.get().drifted()});
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (pts.isEmpty()) {
            return "";
        }
        double w = 160;
        double h = 28;
        double span = hi > lo ? hi - lo : 1;
        double step = nights.size() > 1 ? (w - 8) / (nights.size() - 1) : 0;
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (double[] p : pts) {
            double x = 4 + p[0] * step;
            double y = h - 4 - (p[1] - lo) / span * (h - 8);
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            if (p[2] > 0) {
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#c00\"/>", x, y));
            }
        }
        return String.format(Locale.ROOT, "<svg width=\"%.0f\" height=\"%.0f\" role=\"img\"><title>optimal value"
                + " %s .. %s</title><polyline fill=\"none\" stroke=\"#246\" stroke-width=\"1.5\" points=\"%s\"/>%s</svg>",
                w, h, num(lo), num(hi), line.toString().trim(), dots);
    }

    /** trend.csv: one row per (night, path), numbers in full precision, empty when unknown. */
    public static String csv(List<NightSummary> nights) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (NightSummary n : nights) {
            for (var e : n.paths().entrySet()) {
                PathMetrics p = e.getValue();
                b.append(String.join(",", n.date().toString(), n.state(), quote(e.getKey()), Long.toString(p.cells()),
                        Long.toString(p.failed()), full(p.primal()), full(p.maxGap()), full(p.rank1()), full(p.nc1()),
                        full(p.solveMs()), n.driftedCells() < 0 ? "" : Long.toString(p.drifted()))).append('\n');
            }
            if (n.paths().isEmpty()) {   // a night without cells still shows up, with its state
                b.append(n.date()).append(',').append(n.state()).append(",,,,,,,,,\n");
            }
        }
        return b.toString();
    }

    private static List<NightSummary> newestFirst(List<NightSummary> nights) {
        List<NightSummary> out = new ArrayList<>(nights);
        java.util.Collections.reverse(out);
        return out;
    }

    private static String nightLink(NightSummary n) {
        String target = n.hasReport() ? "../date=" + n.date() + "/report/index.html" : "../date=" + n.date() + "/";
        return "<a href=\"" + target + "\">" + n.date() + "</a>";
    }

    static String anchor(String id) {
        return "path-" + id.replaceAll("[^A-Za-z0-9.=_-]+", "_");
    }

    private static String full(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
