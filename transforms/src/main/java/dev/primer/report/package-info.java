/**
 * The {@code report} stage's library: a run's {@code Metric} records as a table, plots and JSON.
 *
 * <p>{@link dev.primer.report.RunMetrics} reads the records of every completed metric-writing stage
 * through Beam FileSystems; {@link dev.primer.report.ReportBuilder} aggregates them in plain Java
 * (metrics are small) into a {@link dev.primer.report.ReportModel}: final F1 mean ± sample std over
 * seeds per target language, setting and method, and the paired difference of each priming variant
 * with the unprimed baseline with a Student t confidence interval ({@link
 * dev.primer.report.PairedDifference}, commons-math3's {@code TDistribution}); {@link
 * dev.primer.report.HtmlReport} (with {@link dev.primer.report.SvgCharts}) and {@link
 * dev.primer.report.SummaryJson} format it.
 */
package dev.primer.report;
