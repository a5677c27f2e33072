package de.pilotregistry.command.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The domain limits every written field is checked against before any event is stored ({@link Fields} applies
 * them; {@code docs/field-limits.md} lists them). Each limit lies within the read model's column for the value,
 * so whatever the write side accepts, every projection can hold: an event the read side cannot store would stop
 * its projection for good.
 */
public final class FieldLimits {

    /** Person pseudonym, household, source id, {@code corrects}, caseworker id: {@code varchar(128)} columns. */
    public static final int IDENTIFIER_MAX_LENGTH = 128;
    /** A pilot id ({@code varchar(64)}); the registry makes them (UUIDs), so a longer one names no pilot. */
    public static final int PILOT_ID_MAX_LENGTH = 64;
    /** Characters of an identifier besides ASCII letters and digits. */
    public static final String IDENTIFIER_PUNCTUATION = "-_.:/";

    /** Pilot name, jobcenter, site, caseworker name (stored as {@code text}; a sane bound for a name). */
    public static final int NAME_MAX_LENGTH = 200;
    /** The free-text reason of a retraction or an erasure (stored sealed; {@code q_fact.reason} is {@code text}). */
    public static final int REASON_MAX_LENGTH = 500;
    /** A code (enum constant) is never longer; longer input is not echoed back whole. */
    public static final int CODE_MAX_LENGTH = 40;

    /** Monthly wage and monthly claim in EUR: at most this ({@code numeric(12,2)} would hold 9,999,999,999.99). */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999.99");
    /** Amounts are in EUR and cent. */
    public static final int AMOUNT_MAX_DECIMALS = 2;
    /** An amount as written: longer text is refused before it is parsed (no expansion of huge exponents). */
    public static final int AMOUNT_MAX_CHARACTERS = 32;
    /** An exponent ({@code 1.5E3}, as JSON numbers may come) has at most this many digits. */
    public static final int AMOUNT_MAX_EXPONENT_DIGITS = 2;
    /** Weekly hours of a job: more than 0, at most this ({@code numeric(6,2)}), two decimals. */
    public static final BigDecimal MAX_WEEKLY_HOURS = new BigDecimal("80");

    /** Months in receipt of the last 24 months. */
    public static final int MAX_MONTHS_IN_RECEIPT_24 = 24;

    /** No date (fact, pilot period, birth month) lies before. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    /** A pilot ends at the latest on this day. Facts and birth months may not lie in the future. */
    public static final LocalDate LATEST_PILOT_DATE = LocalDate.of(2100, 12, 31);
    public static final YearMonth EARLIEST_BIRTH_MONTH = YearMonth.from(EARLIEST_DATE);

    public static final int MIN_PARTICIPANT_PLACES = 1;
    public static final int MAX_PARTICIPANT_PLACES = 100_000;
    public static final int MIN_CASELOAD_RATIO = 1;
    public static final int MAX_CASELOAD_RATIO = 1_000;
    public static final int DEFAULT_CASELOAD_RATIO = 50;

    /** A whole number as text: optional sign and at most this many digits (far beyond any limit here). */
    public static final int INTEGER_MAX_DIGITS = 9;

    private FieldLimits() {
    }
}
