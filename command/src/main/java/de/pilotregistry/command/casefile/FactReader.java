package de.pilotregistry.command.casefile;

import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one fact from its columns (a CSV row or a JSON body; both use the column names below) and says
 * what is wrong with it, column by column, with the limits of {@link Fields}. Columns a type does not use must
 * stay empty.
 */
final class FactReader {

    static final List<String> COLUMNS = List.of("person", "type", "effective_date", "source_id", "employment_type",
            "weekly_hours", "monthly_wage", "monthly_claim", "channel", "outcome", "reason", "corrects");

    record Reading(CaseFact fact, List<Fields.Problem> problems) {
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
    private final Fields fields = new Fields();

    private FactReader(LocalDate today, Map<String, String> columns) {
        this.today = today;
        this.columns = columns;
    }

    /** @param today facts cannot have become true after today */
    static Reading read(Map<String, String> columns, LocalDate today) {
        return new FactReader(today, columns).read();
    }

    private Reading read() {
        FactType type = fields.code("type", columns.get("type"), FactType.class, true);
        if (type == null) {
            return new Reading(null, fields.problems());
        }
        for (String column : TYPE_SPECIFIC) {
            if (!blank(column) && !USED.get(type).contains(column)) {
                fields.problem(column, "is not used by a " + type + " fact; leave it empty");
            }
        }
        LocalDate effectiveDate = fields.pastDate("effective_date", columns.get("effective_date"), today,
                type != FactType.RETRACTION);
        String sourceId = fields.identifier("source_id", columns.get("source_id"), false);
        String corrects = fields.identifier("corrects", columns.get("corrects"), false);
        EmploymentType employmentType = null;
        BigDecimal weeklyHours = null;
        BigDecimal monthlyWage = null;
        BigDecimal monthlyClaim = null;
        ContactChannel channel = null;
        ContactOutcome outcome = null;
        String reason = null;
        switch (type) {
            case CONTACT -> {
                channel = fields.code("channel", columns.get("channel"), ContactChannel.class, true);
                outcome = fields.code("outcome", columns.get("outcome"), ContactOutcome.class, true);
            }
            case JOB_START -> {
                employmentType = fields.code("employment_type", columns.get("employment_type"),
                        EmploymentType.class, true);
                weeklyHours = fields.amount("weekly_hours", columns.get("weekly_hours"), true,
                        FieldLimits.MAX_WEEKLY_HOURS, false);
                monthlyWage = fields.amount("monthly_wage", columns.get("monthly_wage"), false,
                        FieldLimits.MAX_AMOUNT, false);
            }
            case JOB_END -> reason = reason(JobEndReason.class);
            case BENEFIT_CHANGE -> {
                monthlyClaim = fields.amount("monthly_claim", columns.get("monthly_claim"), false,
                        FieldLimits.MAX_AMOUNT, true);
                if (monthlyClaim != null && monthlyClaim.signum() == 0) {
                    fields.problem("monthly_claim", "is 0: record an EXIT when the entitlement ends");
                }
                reason = reason(BenefitChangeReason.class);
            }
            case EXIT -> reason = reason(ExitReason.class);
            case REENTRY -> monthlyClaim = fields.amount("monthly_claim", columns.get("monthly_claim"), false,
                    FieldLimits.MAX_AMOUNT, false);
            case RETRACTION -> {
                if (corrects == null && blank("corrects")) {
                    fields.problem("corrects", "is required: the event id or source id of the fact to withdraw");
                }
                reason = fields.text("reason", columns.get("reason"), FieldLimits.REASON_MAX_LENGTH, false);
            }
        }
        if (!fields.ok()) {
            return new Reading(null, fields.problems());
        }
        return new Reading(new CaseFact(type, effectiveDate, sourceId, employmentType, weeklyHours, monthlyWage,
                monthlyClaim, channel, outcome, reason, corrects), List.of());
    }

    private boolean blank(String column) {
        String value = columns.get(column);
        return value == null || value.isBlank();
    }

    private <E extends Enum<E>> String reason(Class<E> codes) {
        E reason = fields.code("reason", columns.get("reason"), codes, false);
        return reason == null ? null : reason.name();
    }

    static <E extends Enum<E>> String list(Class<E> codes) {
        return Fields.allOf(codes);
    }
}
