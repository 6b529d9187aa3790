package org.deepdual.sweep;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One night of a nightly study (docs/spec.md, docs/output.md and docs/cli.md): the spec's sweep run into
 * {@code OUTPUT/date=YYYY-MM-DD/} (a rerun for the same date fills the missing cells only, as any sweep
 * does), reduced, then compared with the most recent earlier night ({@link NightlyHistory},
 * {@link DriftComparison}) under the spec's {@code drift:} tolerance.
 */
public final class NightlyStudy {
    /** The tolerance of a spec without {@code drift:} (docs/spec.md's example). */
    public static final DriftTolerance DEFAULT_TOLERANCE = new DriftTolerance(1e-6, 0);

    private final SparkSession spark;
    private final SweepSpec spec;
    private final SweepOptions options;

    public NightlyStudy(SparkSession spark, SweepSpec spec, SweepOptions options) {
        if (options.recompute()) {
            throw new IllegalArgumentException("--recompute: a nightly study fills its date's gaps; it never recomputes");
        }
        this.spark = spark;
        this.spec = spec;
        this.options = options;
    }

    /** What a night did and found. */
    public record Night(LocalDate date, SweepResult sweep, Optional<DriftReport> drift, DriftTolerance tolerance) {
        /** True when more cells drifted than {@code drift.fail_over}: the night is red. */
        public boolean red() {
            return drift.map(d -> d.exceeds(tolerance.failOver())).orElse(false);
        }
    }

    public Night run(LocalDate date) {
        SweepOutput root = SweepOutput.resolve(spec.output(), spark.sparkContext().hadoopConfiguration(),
                spec.source() + ": output");
        NightlyHistory history = new NightlyHistory(root.fs(), root.root());
        Path night = history.night(date);
        SweepSpec tonight = spec.withOutput(night.toString());
        SweepResult result = new SweepRun(spark, tonight, options).run();
        SweepReducer.reduce(spark, SweepOutput.resolve(result.output(), spark.sparkContext().hadoopConfiguration(),
                spec.source() + ": output"));
        DriftTolerance tol = spec.drift().orElse(DEFAULT_TOLERANCE);
        try (JobDescription d = JobDescription.of(spark.sparkContext(), "nightly " + spec.name() + " " + date
                + ": drift against the previous night")) {
            return new Night(date, result, history.compare(spark, date, tol.relTol()), tol);
        }
    }
}
