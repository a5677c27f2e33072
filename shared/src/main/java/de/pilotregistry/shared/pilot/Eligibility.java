package de.pilotregistry.shared.pilot;

/**
 * Who may be drawn: long-term recipients (at least {@code minMonthsInReceiptOfLast24} of the last 24
 * months in receipt on the pilot start) and, as at Velen, optionally only people already holding a mini-job.
 */
public record Eligibility(int minMonthsInReceiptOfLast24, boolean requireMarginalEmployment) {

    public static final Eligibility LONG_TERM_RECIPIENTS = new Eligibility(21, false);

    public boolean admits(int monthsInReceiptOfLast24, boolean marginalEmployment) {
        return monthsInReceiptOfLast24 >= minMonthsInReceiptOfLast24
                && (!requireMarginalEmployment || marginalEmployment);
    }
}
