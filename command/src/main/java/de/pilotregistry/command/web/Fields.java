package de.pilotregistry.command.web;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.shared.ids.PilotId;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where written fields are read: JSON bodies and CSV cells alike. Every value is checked against
 * {@link FieldLimits} (length, characters, range, scale, dates) and every problem is collected, so the answer lists
 * all of them at once. Values are given as text (a CSV cell, or a JSON scalar through {@link #scalar}); whole numbers
 * and booleans also as the JSON value itself.
 */
public final class Fields {

    /** A problem with one field (a JSON field or a CSV column). */
    public record Problem(String field, String message) {
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1," + FieldLimits.INTEGER_MAX_DIGITS + "}");
    /** A plain decimal, optionally with a short exponent: no huge exponent ever reaches {@link BigDecimal}. */
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1," + FieldLimits.AMOUNT_MAX_EXPONENT_DIGITS + "})?");

    private final List<Problem> problems = new ArrayList<>();
    /** Fields already refused as an object or a list: not also reported as missing. */
    private final Set<String> notScalar = new HashSet<>();

    // --- text ---------------------------------------------------------------------------------------------------

    /**
     * An identifier (pseudonym, household, source id, caseworker id): ASCII letters, digits and
     * {@value FieldLimits#IDENTIFIER_PUNCTUATION}, at most {@code maxLength} characters; surrounding spaces go.
     */
    public String identifier(String field, String value, int maxLength, boolean required) {
        String text = present(field, value, required);
        if (text == null) {
            return null;
        }
        if (text.length() > maxLength) {
            return problem(field, "is longer than " + maxLength + " characters");
        }
        if (!isIdentifier(text, maxLength)) {
            return problem(field, "'" + shown(text) + "' may contain only letters A-Z, a-z, digits and "
                    + String.join(" ", FieldLimits.IDENTIFIER_PUNCTUATION.split("")));
        }
        return text;
    }

    public String identifier(String field, String value, boolean required) {
        return identifier(field, value, FieldLimits.IDENTIFIER_MAX_LENGTH, required);
    }

    /** Free text (a name, a reason): valid Unicode without control characters, at most {@code maxLength} characters. */
    public String text(String field, String value, int maxLength, boolean required) {
        String text = present(field, value, required);
        if (text == null) {
            return null;
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            return problem(field, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** A code of {@code codes}, in any letter case. */
    public <E extends Enum<E>> E code(String field, String value, Class<E> codes, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                missing(field, "is required (one of " + allOf(codes) + ")");
            }
            return null;
        }
        String text = value.strip();
        if (text.length() <= FieldLimits.CODE_MAX_LENGTH) {
            for (E code : codes.getEnumConstants()) {
                if (code.name().equalsIgnoreCase(text)) {
                    return code;
                }
            }
        }
        problem(field, "'" + shown(text) + "' is not one of " + allOf(codes));
        return null;
    }

    // --- dates ---------------------------------------------------------------------------------------------------

    /** A date YYYY-MM-DD from {@code earliest} to {@code latest}. */
    public LocalDate date(String field, String value, LocalDate earliest, LocalDate latest, boolean required) {
        return date(field, value, earliest, latest, "is after " + latest, required);
    }

    /** A date YYYY-MM-DD on which something was already true: from {@link FieldLimits#EARLIEST_DATE} to today. */
    public LocalDate pastDate(String field, String value, LocalDate today, boolean required) {
        return date(field, value, FieldLimits.EARLIEST_DATE, today,
                "lies in the future; record a fact once it is true", required);
    }

    private LocalDate date(String field, String value, LocalDate earliest, LocalDate latest, String tooLate,
                           boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                missing(field, "is required (YYYY-MM-DD)");
            }
            return null;
        }
        String text = value.strip();
        LocalDate date = null;
        if (DATE.matcher(text).matches()) {
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeException e) {
                date = null;
            }
        }
        if (date == null) {
            return problem(field, "'" + shown(text) + "' is not a date YYYY-MM-DD");
        }
        if (date.isBefore(earliest)) {
            return problem(field, text + " is before " + earliest);
        }
        if (date.isAfter(latest)) {
            return problem(field, text + " " + tooLate);
        }
        return date;
    }

    /** A month YYYY-MM from {@code earliest} to {@code latest}. */
    public YearMonth month(String field, String value, YearMonth earliest, YearMonth latest, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                missing(field, "is required (YYYY-MM)");
            }
            return null;
        }
        String text = value.strip();
        YearMonth month = null;
        if (MONTH.matcher(text).matches()) {
            try {
                month = YearMonth.parse(text);
            } catch (DateTimeException e) {
                month = null;
            }
        }
        if (month == null) {
            return problem(field, "'" + shown(text) + "' is not a month YYYY-MM");
        }
        if (month.isBefore(earliest) || month.isAfter(latest)) {
            return problem(field, month + " is not a plausible month (from " + earliest + " to " + latest + ")");
        }
        return month;
    }

    // --- numbers -------------------------------------------------------------------------------------------------

    /**
     * An amount in EUR: a decimal with at most {@value FieldLimits#AMOUNT_MAX_DECIMALS} decimals from 0 (or, with
     * {@code positive}, more than 0) to {@code max}, returned with two decimals. The text is checked (length, form,
     * exponent of at most {@value FieldLimits#AMOUNT_MAX_EXPONENT_DIGITS} digits) before it becomes a number, and
     * the number's magnitude before anything expands it.
     */
    public BigDecimal amount(String field, String value, boolean positive, BigDecimal max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                missing(field, "is required");
            }
            return null;
        }
        String text = value.strip();
        String range = (positive ? "more than 0" : "at least 0") + " and at most " + max.toPlainString();
        if (text.length() > FieldLimits.AMOUNT_MAX_CHARACTERS || !DECIMAL.matcher(text).matches()) {
            return problem(field, "'" + shown(text) + "' is not a number (use a dot for decimals)");
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() < 0 || (positive && amount.signum() == 0)
                || amount.precision() - amount.scale() > max.precision() - max.scale()
                || amount.compareTo(max) > 0) {
            return problem(field, text + " is out of range: must be " + range);
        }
        BigDecimal exact = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
        if (exact.scale() > FieldLimits.AMOUNT_MAX_DECIMALS) {
            return problem(field, text + " has more than two decimals (EUR and cent)");
        }
        return exact.setScale(FieldLimits.AMOUNT_MAX_DECIMALS, RoundingMode.UNNECESSARY);
    }

    /** A whole number from {@code min} to {@code max}: a JSON integer or its text; a fraction is refused. */
    public Integer integer(String field, Object value, int min, int max, boolean required) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                missing(field, "is required (a whole number from " + min + " to " + max + ")");
            }
            return null;
        }
        BigInteger number = null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof String s && WHOLE_NUMBER.matcher(s.strip()).matches()) {
            number = new BigInteger(s.strip());
        }
        if (number == null) {
            return problem(field, "'" + shown(String.valueOf(value)) + "' is not a whole number");
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            return problem(field, number + " is not between " + min + " and " + max);
        }
        return number.intValue();
    }

    /** {@code true} or {@code false}: a JSON boolean or its text, in any letter case. */
    public Boolean bool(String field, Object value, boolean required) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                missing(field, "is required (true or false)");
            }
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String text = s.strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
        }
        return problem(field, "'" + shown(String.valueOf(value)) + "' is not true or false");
    }

    // --- JSON ----------------------------------------------------------------------------------------------------

    /** A JSON scalar as text (numbers as written by the parser); an object or a list is a problem. */
    public String scalar(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            notScalar.add(field);
            return problem(field, "must be a single value");
        }
        return value.toString();
    }

    /** Every JSON field not among {@code known} is a problem: nothing sent is silently dropped. */
    public void onlyKnown(String prefix, Map<String, ?> body, List<String> known) {
        for (String name : body.keySet()) {
            if (!known.contains(name)) {
                problem(prefix + shown(name), "is not a field here (expected " + String.join(", ", known) + ")");
            }
        }
    }

    // --- problems ------------------------------------------------------------------------------------------------

    public void check(boolean condition, String field, String message) {
        if (!condition) {
            problem(field, message);
        }
    }

    /** Records a problem; returns null so a reader can {@code return problem(...)}. */
    public <T> T problem(String field, String message) {
        problems.add(new Problem(field, message));
        return null;
    }

    private void missing(String field, String message) {
        if (!notScalar.contains(field)) {
            problem(field, message);
        }
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public int count() {
        return problems.size();
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The problems as JSON field problems. */
    public List<InvalidRequest.Problem> asFieldProblems() {
        return problems.stream().map(p -> InvalidRequest.Problem.field(p.field(), p.message())).toList();
    }

    /** The problems as cells of one CSV line. */
    public List<InvalidRequest.Problem> asCellProblems(int line) {
        return problems.stream().map(p -> InvalidRequest.Problem.cell(line, p.field(), p.message())).toList();
    }

    public void throwIfAny(String summary) {
        if (!problems.isEmpty()) {
            throw new InvalidRequest(summary + " Nothing was stored.", asFieldProblems());
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** The value without surrounding spaces, or null when absent (a problem if required) or not clean text. */
    private String present(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                missing(field, "is required");
            }
            return null;
        }
        String unclean = uncleanCharacter(value);
        if (unclean != null) {
            return problem(field, "contains " + unclean + "; control characters and invalid Unicode are not allowed");
        }
        return value.strip();
    }

    /** The first character not allowed in any text ({@link Excerpt#isUnclean}), described, or null. */
    static String uncleanCharacter(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Excerpt.isUnclean(c)) {
                return String.format("the character U+%04X at position %d", c, i + 1);
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /** Whether {@code value} is an identifier of at most {@code maxLength} characters (see {@link FieldLimits}). */
    public static boolean isIdentifier(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || FieldLimits.IDENTIFIER_PUNCTUATION.indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** A pilot id from a path: one that cannot be a pilot's id is answered like an unknown pilot (404). */
    public static PilotId pilotId(String value) {
        if (!isIdentifier(value, FieldLimits.PILOT_ID_MAX_LENGTH)) {
            throw new UnknownEntity("No pilot with id '" + shown(String.valueOf(value)) + "'.");
        }
        return PilotId.of(value);
    }

    /** A value as it may be echoed in a message: cut short, control characters and the like shown as U+XXXX. */
    public static String shown(String value) {
        return Excerpt.of(value);
    }

    public static <E extends Enum<E>> String allOf(Class<E> codes) {
        return String.join("|", Arrays.stream(codes.getEnumConstants()).map(Enum::name).toList());
    }
}
