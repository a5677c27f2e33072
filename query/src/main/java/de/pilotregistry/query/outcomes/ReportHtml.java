package de.pilotregistry.query.outcomes;

import org.springframework.web.util.HtmlUtils;

import java.util.Locale;

/** The council report as one printable HTML page: every value escaped, no script, no external resource. */
final class ReportHtml {

    private ReportHtml() {
    }

    static String of(ReportReader.Report report) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Pilot evaluation report</title>
                <style>
                body{font-family:serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}
                th,td{border:1px solid #888;padding:2px 6px;text-align:right}
                th:first-child,td:first-child{text-align:left}
                caption{text-align:left;font-weight:bold}.note{font-size:90%}
                @media print{body{margin:0}h2{page-break-before:auto}table{page-break-inside:avoid}}
                </style></head><body>
                """);
        html.append("<h1>Pilot evaluation report</h1>");
        html.append("<p class=\"note\">Known at ").append(e(report.knownAt())).append(". ")
                .append(e(report.counting())).append(' ').append(e(report.suppression())).append("</p>");
        if (report.provisional()) {
            html.append("<p><strong>Provisional:</strong> exit and reduction figures are final only after ")
                    .append(e(report.finalAfter())).append(".</p>");
        }
        html.append("<h2>Time points</h2><table><tr><th>pilot</th><th>from</th><th>to</th></tr>");
        report.windows().forEach(w -> html.append("<tr><td>").append(e(w.pilot())).append("</td><td>")
                .append(e(w.from())).append("</td><td>").append(e(w.to())).append("</td></tr>"));
        html.append("</table>");
        for (ReportReader.PilotPart part : report.parts()) {
            html.append("<h2>").append(e(part.name())).append(" (").append(e(part.site())).append(", ")
                    .append(e(part.start())).append(" to ").append(e(part.end())).append(")</h2>");
            ReportReader.Flow f = part.flow();
            html.append("<table><caption>Flow of persons</caption>")
                    .append(row("population", f.population()))
                    .append(row("not eligible", f.notEligible()))
                    .append(row("eligible", f.eligible()))
                    .append(row("excluded: in a group of an overlapping pilot", f.inOverlappingPilotGroup()))
                    .append(row("not drawn (places filled)", f.notDrawn()))
                    .append(row("randomized", f.randomized()))
                    .append(row("participant group", f.participants()))
                    .append(row("comparison group", f.comparison()))
                    .append(row("analysed, participants (intention to treat)", f.analysedParticipants()))
                    .append(row("analysed, comparison (intention to treat)", f.analysedComparison()))
                    .append("</table>");
            html.append("<table><caption>Balance at the draw (drawn ").append(e(part.drawnAt()))
                    .append(")</caption><tr><th>variable</th><th>category</th><th>participants</th>")
                    .append("<th>comparison</th><th>std. difference</th></tr>");
            for (ReportReader.BalanceRow b : part.balance()) {
                html.append("<tr><td>").append(e(b.variable())).append("</td><td>").append(e(b.category()))
                        .append("</td><td>").append(shown(b.participant())).append("</td><td>")
                        .append(shown(b.comparison())).append("</td><td>").append(number(b.standardizedDifference()))
                        .append("</td></tr>");
            }
            for (BalanceReader.Covariate c : part.covariates()) {
                html.append("<tr><td>").append(e(c.variable())).append("</td><td>mean (SD)</td><td>")
                        .append(number(c.participant().mean())).append(" (").append(number(c.participant().sd()))
                        .append(")</td><td>").append(number(c.comparison().mean())).append(" (")
                        .append(number(c.comparison().sd())).append(")</td><td>")
                        .append(number(c.standardizedDifference())).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<h2>Outcomes (intention to treat, crude)</h2><table><tr><th>outcome</th><th>participants</th>")
                .append("<th>comparison</th><th>difference [95% CI]</th><th>ratio [95% CI]</th><th>Fisher p</th></tr>");
        for (ReportReader.OutcomeRow o : report.outcomes()) {
            html.append("<tr><td>").append(e(o.outcome())).append(o.provisional() ? " (provisional)" : "")
                    .append("</td><td>").append(shown(o.participant())).append("</td><td>")
                    .append(shown(o.comparison())).append("</td><td>").append(estimate(o.difference(),
                            o.differenceCi95())).append("</td><td>").append(estimate(o.ratio(), o.ratioCi95()))
                    .append("</td><td>").append(number(o.fisherP())).append("</td></tr>");
        }
        html.append("</table>");
        html.append("<h2>Stratified by ").append(e(report.stratified().by().toLowerCase(Locale.ROOT)))
                .append(" (Mantel-Haenszel)</h2><table><tr><th>outcome</th><th>strata</th>")
                .append("<th>risk difference [95% CI]</th><th>risk ratio [95% CI]</th><th>CMH p</th></tr>");
        for (OutcomeTable.StratifiedOutcome s : report.stratified().outcomes()) {
            html.append("<tr><td>").append(e(s.outcome())).append("</td><td>").append(s.strataUsed())
                    .append("</td><td>").append(estimate(s.riskDifference().estimate(), s.riskDifference().ci95()))
                    .append("</td><td>").append(estimate(s.riskRatio().estimate(), s.riskRatio().ci95()))
                    .append("</td><td>").append(number(s.cochranMantelHaenszel().p())).append("</td></tr>");
        }
        html.append("</table><p class=\"note\">Definitions and formulas: docs/outcome-definitions.md of the "
                + "registry.</p></body></html>\n");
        return html.toString();
    }

    private static String row(String label, Long value) {
        return "<tr><td>" + e(label) + "</td><td>" + e(value) + "</td></tr>";
    }

    /** "persons / n (share)"; a suppressed count is "–", as every missing value of the page. */
    private static String shown(OutcomeTable.GroupFigure figure) {
        return e(figure.persons()) + " / " + e(figure.n())
                + (figure.share() == null ? "" : " (" + percent(figure.share()) + ")");
    }

    private static String estimate(Double value, double[] ci) {
        if (value == null) {
            return "–";
        }
        return number(value) + (ci == null ? "" : " [" + number(ci[0]) + ", " + number(ci[1]) + "]");
    }

    private static String number(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String e(Object value) {
        return value == null ? "–" : HtmlUtils.htmlEscape(String.valueOf(value), "UTF-8");
    }
}
