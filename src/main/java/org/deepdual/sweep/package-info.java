/**
 * The distributed layer: a sweep spec becomes cells, β paths run as Spark tasks, results are stored exactly
 * once, then reduced; the nightly study compares nights. One package, so that the pieces can keep their
 * package-private seams; by role:
 * <ul>
 *   <li><b>spec</b> (read and checked before any Spark job): {@code SpecReader}, {@code SpecDocument},
 *       {@code SpecValidator}, {@code SweepSpec}, {@code SettingGrid}, {@code BetaGrid}, {@code BaselinePlan},
 *       {@code DriftTolerance}, {@code SettingAcceptance}, {@code DataCatalog};</li>
 *   <li><b>planning</b>: {@code Cell}, {@code CellId}, {@code CellGroup} (a β path), {@code SweepGrid},
 *       {@code SweepPlan}, {@code PathIds} (a path's cell ids), {@code MissingCells} (a bit per present cell),
 *       {@code BatchPlanner}, {@code GroupTask}, {@code WorkEstimate} (the dry run);</li>
 *   <li><b>execution</b> (driver and executors): {@code SweepRun}, {@code SweepSession}, {@code SweepOptions},
 *       {@code SweepContext}, {@code SweepProgress}, {@code SweepResult}, {@code ExecutorTime},
 *       {@code DataShipping}, {@code ShippedDataset}, {@code PreparedCache}, {@code GroupEvaluator},
 *       {@code PathSolver}, {@code PathEvaluation}, {@code TimeBudget}, {@code Provenance},
 *       {@code JobDescription} (job names in the UI), {@code CountedJob} (exact cell counts),
 *       {@code InjectedDelay} (fault tests only);</li>
 *   <li><b>storage</b> (docs/output.md): {@code CellSchema} (the columns), {@code CellRecord},
 *       {@code CellRowEncoder}, {@code SweepOutput}, {@code StagedBatches} (exactly-once publication),
 *       {@code OutputLock}, {@code DoneCells}, {@code CellsTable}, {@code WeightsWriter};</li>
 *   <li><b>reduce</b>: {@code SweepReducer}, {@code BetaPointAggregation} (by_beta in one sorted pass),
 *       {@code MomentAccumulator}, {@code ElementwiseStats}, {@code PathViolations} (the checks along each β
 *       path), {@code SummaryTable};</li>
 *   <li><b>nightly</b>: {@code NightlyStudy}, {@code NightlyHistory}, {@code CellSnapshot},
 *       {@code CellSnapshots}, {@code DriftComparison}, {@code Drift}, {@code DriftReport}.</li>
 * </ul>
 */
package org.deepdual.sweep;
