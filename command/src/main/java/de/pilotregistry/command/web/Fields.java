package de.pilotregistry.command.web;

import de.pilotregistry.command.InvalidRequest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects field problems while reading a request, so the answer lists all of them at once. */
public final class Fields {

    private final List<InvalidRequest.Problem> problems = new ArrayList<>();

    public String required(String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(InvalidRequest.Problem.field(field, "is required"));
            return null;
        }
        return value.trim();
    }

    public LocalDate date(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(InvalidRequest.Problem.field(field, "is required (YYYY-MM-DD)"));
            }
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.add(InvalidRequest.Problem.field(field, "'" + value + "' is not a date YYYY-MM-DD"));
            return null;
        }
    }

    public <E extends Enum<E>> E code(String field, String value, Class<E> codes, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(InvalidRequest.Problem.field(field, "is required (one of " + allOf(codes) + ")"));
            }
            return null;
        }
        try {
            return Enum.valueOf(codes, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(InvalidRequest.Problem.field(field, "'" + value + "' is not one of " + allOf(codes)));
            return null;
        }
    }

    public BigDecimal amount(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(InvalidRequest.Problem.field(field, "is required"));
            }
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value.trim());
            if (amount.signum() < 0) {
                problems.add(InvalidRequest.Problem.field(field, "must not be negative"));
            }
            return amount;
        } catch (NumberFormatException e) {
            problems.add(InvalidRequest.Problem.field(field, "'" + value + "' is not a number"));
            return null;
        }
    }

    public void check(boolean condition, String field, String message) {
        if (!condition) {
            problems.add(InvalidRequest.Problem.field(field, message));
        }
    }

    public void throwIfAny(String summary) {
        if (!problems.isEmpty()) {
            throw new InvalidRequest(summary, problems);
        }
    }

    public static <E extends Enum<E>> String allOf(Class<E> codes) {
        return String.join("|", java.util.Arrays.stream(codes.getEnumConstants()).map(Enum::name).toList());
    }
}
