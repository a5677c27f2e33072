package de.pilotregistry.command.casefile;

import de.pilotregistry.shared.casefile.CaseFact;
import de.pilotregistry.shared.codes.BenefitChangeReason;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.ExitReason;
import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.JobEndReason;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one fact from its columns (a CSV row or a JSON body; both use the column names below) and says
 * what is wrong with it, column by column. Columns a type does not use must stay empty.
 */
final class FactReader {

    static final List<String> COLUMNS = List.of("person", "type", "effective_date", "source_id", "employment_type",
            "weekly_hours", "monthly_wage", "monthly_claim", "channel", "outcome", "reason", "corrects");
    private static final BigDecimal MAX_WEEKLY_HOURS = BigDecimal.valueOf(80);

    record Problem(String column, String message) {
    }

    record Reading(CaseFact fact, List<Problem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final Map<FactType, Set<String>> USED = Map.of(
            FactType.CONTACT, Set.of("channel", "outcome"),
            FactType.JOB_START, Set.of("employment_type", "weekly_hours", "monthly_wage"),
            FactType.JOB_END, Set.of("reason"),
            FactType.BENEFIT_CHANGE, Set.of("monthly_claim", "reason"),
            FactType.EXIT, Set.of("reason"),
            FactType.REENTRY, Set.of("monthly_claim"),
            FactType.RETRACTION, Set.of("reason", "corrects"));
    private static final Set<String> TYPE_SPECIFIC = Set.of("employment_type", "weekly_hours", "monthly_wage",
            "monthly_claim", "channel", "outcome", "reason");

    private final LocalDate today;
    private final Map<String, String> columns;
    private final List<Problem> problems = new ArrayList<>();

    private FactReader(LocalDate today, Map<String, String> columns) {
        this.today = today;
        this.columns = columns;
    }

    /** @param today facts cannot have become true after today */
    static Reading read(Map<String, String> columns, LocalDate today) {
        return new FactReader(today, columns).read();
    }

    private Reading read() {
        FactType type = code("type", FactType.class, true);
        if (type == null) {
            return new Reading(null, problems);
        }
        for (String column : TYPE_SPECIFIC) {
            if (!blank(column) && !USED.get(type).contains(column)) {
                problems.add(new Problem(column, "is not used by a " + type + " fact; leave it empty"));
            }
        }
        LocalDate effectiveDate = date("effective_date", type != FactType.RETRACTION);
        String sourceId = text("source_id", 128);
        String corrects = text("corrects", 128);
        EmploymentType employmentType = null;
        BigDecimal weeklyHours = null;
        BigDecimal monthlyWage = null;
        BigDecimal monthlyClaim = null;
        ContactChannel channel = null;
        ContactOutcome outcome = null;
        String reason = null;
        switch (type) {
            case CONTACT -> {
                channel = code("channel", ContactChannel.class, true);
                outcome = code("outcome", ContactOutcome.class, true);
            }
            case JOB_START -> {
                employmentType = code("employment_type", EmploymentType.class, true);
                weeklyHours = amount("weekly_hours");
                if (weeklyHours != null && (weeklyHours.signum() <= 0 || weeklyHours.compareTo(MAX_WEEKLY_HOURS) > 0)) {
                    problems.add(new Problem("weekly_hours", "must be more than 0 and at most 80"));
                }
                monthlyWage = amount("monthly_wage");
            }
            case JOB_END -> reason = reason(JobEndReason.class);
            case BENEFIT_CHANGE -> {
                monthlyClaim = amount("monthly_claim");
                if (monthlyClaim == null && blank("monthly_claim")) {
                    problems.add(new Problem("monthly_claim", "is required"));
                } else if (monthlyClaim != null && monthlyClaim.signum() == 0) {
                    problems.add(new Problem("monthly_claim", "is 0: record an EXIT when the entitlement ends"));
                }
                reason = reason(BenefitChangeReason.class);
            }
            case EXIT -> reason = reason(ExitReason.class);
            case REENTRY -> monthlyClaim = amount("monthly_claim");
            case RETRACTION -> {
                if (corrects == null) {
                    problems.add(new Problem("corrects", "is required: the event id or source id of the fact to withdraw"));
                }
                reason = text("reason", 500);
            }
        }
        CaseFact fact = new CaseFact(type, effectiveDate, sourceId, employmentType, weeklyHours, monthlyWage,
                monthlyClaim, channel, outcome, reason, corrects);
        return new Reading(problems.isEmpty() ? fact : null, problems);
    }

    private boolean blank(String column) {
        String value = columns.get(column);
        return value == null || value.isBlank();
    }

    private String text(String column, int maxLength) {
        if (blank(column)) {
            return null;
        }
        String value = columns.get(column).trim();
        if (value.length() > maxLength) {
            problems.add(new Problem(column, "is longer than " + maxLength + " characters"));
        }
        return value;
    }

    private LocalDate date(String column, boolean required) {
        if (blank(column)) {
            if (required) {
                problems.add(new Problem(column, "is required (YYYY-MM-DD)"));
            }
            return null;
        }
        String value = columns.get(column).trim();
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.isAfter(today)) {
                problems.add(new Problem(column, value + " lies in the future; record a fact once it is true"));
            }
            return date;
        } catch (DateTimeParseException e) {
            problems.add(new Problem(column, "'" + value + "' is not a date YYYY-MM-DD"));
            return null;
        }
    }

    private <E extends Enum<E>> E code(String column, Class<E> codes, boolean required) {
        if (blank(column)) {
            if (required) {
                problems.add(new Problem(column, "is required (one of " + list(codes) + ")"));
            }
            return null;
        }
        String value = columns.get(column).trim();
        try {
            return Enum.valueOf(codes, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(column, "'" + value + "' is not one of " + list(codes)));
            return null;
        }
    }

    private <E extends Enum<E>> String reason(Class<E> codes) {
        E reason = code("reason", codes, false);
        return reason == null ? null : reason.name();
    }

    private BigDecimal amount(String column) {
        if (blank(column)) {
            return null;
        }
        String value = columns.get(column).trim();
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0) {
                problems.add(new Problem(column, "must not be negative"));
            } else if (amount.scale() > 2) {
                problems.add(new Problem(column, "has more than two decimals"));
            }
            return amount.scale() > 2 ? amount : amount.setScale(2);
        } catch (NumberFormatException e) {
            problems.add(new Problem(column, "'" + value + "' is not a number (use a dot for decimals)"));
            return null;
        }
    }

    static <E extends Enum<E>> String list(Class<E> codes) {
        return String.join("|", Arrays.stream(codes.getEnumConstants()).map(Enum::name).toList());
    }
}
