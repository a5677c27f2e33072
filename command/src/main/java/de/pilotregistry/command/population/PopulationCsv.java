package de.pilotregistry.command.population;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.PopulationMember;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a population file (Apache Commons CSV) and checks every cell; any problem rejects the whole file,
 * with all problems listed by line and column.
 */
final class PopulationCsv {

    static final List<String> COLUMNS = List.of("person", "sex", "birth_month", "applicant_type",
            "months_in_receipt_24", "marginal_employment", "monthly_claim", "household");
    private static final int MAX_PROBLEMS = 1000;

    private final List<InvalidRequest.Problem> problems = new ArrayList<>();
    private final Map<String, Integer> firstLineOf = new HashMap<>();
    private final YearMonth latestBirthMonth;

    private PopulationCsv(YearMonth latestBirthMonth) {
        this.latestBirthMonth = latestBirthMonth;
    }

    /** @param latestBirthMonth no one can be born after it (the current month) */
    static List<PopulationMember> read(Reader csv, YearMonth latestBirthMonth) throws IOException {
        return new PopulationCsv(latestBirthMonth).readAll(csv);
    }

    private List<PopulationMember> readAll(Reader csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreHeaderCase(true).setIgnoreEmptyLines(false).get();
        List<PopulationMember> members = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            checkHeader(parser.getHeaderNames());
            if (!problems.isEmpty()) {
                throw rejected();
            }
            for (CSVRecord row : parser) {
                long line = row.getRecordNumber() + 1; // the header is line 1
                PopulationMember member = readRow(row, (int) line);
                if (member != null) {
                    members.add(member);
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            problems.add(InvalidRequest.Problem.cell(0, null, "The file is not readable CSV: " + e.getMessage()));
        }
        if (members.isEmpty() && problems.isEmpty()) {
            problems.add(InvalidRequest.Problem.cell(1, null, "The file has a header but no persons."));
        }
        if (!problems.isEmpty()) {
            throw rejected();
        }
        return members;
    }

    private InvalidRequest rejected() {
        return new InvalidRequest("The population file was rejected: " + problems.size()
                + (problems.size() >= MAX_PROBLEMS ? " or more" : "") + " problems; nothing was stored.", problems);
    }

    private void checkHeader(List<String> header) {
        Set<String> given = new LinkedHashSet<>();
        for (String name : header) {
            String column = name.trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(column)) {
                problems.add(InvalidRequest.Problem.cell(1, name, "is not a column of a population file (expected "
                        + String.join(",", COLUMNS) + ")"));
            } else if (!given.add(column)) {
                problems.add(InvalidRequest.Problem.cell(1, name, "appears twice"));
            }
        }
        for (String column : COLUMNS) {
            if (!given.contains(column)) {
                problems.add(InvalidRequest.Problem.cell(1, column, "is missing from the header"));
            }
        }
    }

    private PopulationMember readRow(CSVRecord row, int line) {
        if (!row.isConsistent()) {
            problem(line, null, "has " + row.size() + " values, the header has " + COLUMNS.size());
            return null;
        }
        int before = problems.size();
        String person = value(row, "person");
        if (person.isEmpty()) {
            problem(line, "person", "is required");
        } else if (person.length() > 128) {
            problem(line, "person", "is longer than 128 characters");
        } else {
            Integer earlier = firstLineOf.putIfAbsent(person, line);
            if (earlier != null) {
                problem(line, "person", "'" + person + "' is listed already on line " + earlier);
            }
        }
        Sex sex = code(row, line, "sex", Sex.class);
        YearMonth birthMonth = null;
        try {
            birthMonth = YearMonth.parse(value(row, "birth_month"));
            if (birthMonth.isAfter(latestBirthMonth) || birthMonth.getYear() < 1900) {
                problem(line, "birth_month", birthMonth + " is not a plausible birth month");
            }
        } catch (DateTimeParseException e) {
            problem(line, "birth_month", "'" + value(row, "birth_month") + "' is not a month YYYY-MM");
        }
        ApplicantType applicantType = code(row, line, "applicant_type", ApplicantType.class);
        Integer months = null;
        try {
            months = Integer.parseInt(value(row, "months_in_receipt_24"));
            if (months < 0 || months > 24) {
                problem(line, "months_in_receipt_24", months + " is not between 0 and 24");
            }
        } catch (NumberFormatException e) {
            problem(line, "months_in_receipt_24", "'" + value(row, "months_in_receipt_24") + "' is not a whole number");
        }
        Boolean marginal = switch (value(row, "marginal_employment").toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                problem(line, "marginal_employment", "'" + value(row, "marginal_employment") + "' is not true or false");
                yield null;
            }
        };
        BigDecimal claim = null;
        try {
            claim = new BigDecimal(value(row, "monthly_claim"));
            if (claim.signum() < 0 || claim.scale() > 2) {
                problem(line, "monthly_claim", claim + " is not an amount in EUR with at most two decimals");
            } else {
                claim = claim.setScale(2);
            }
        } catch (NumberFormatException e) {
            problem(line, "monthly_claim", "'" + value(row, "monthly_claim") + "' is not an amount (use a dot for cents)");
        }
        String household = value(row, "household");
        if (household.isEmpty()) {
            problem(line, "household", "is required");
        }
        if (problems.size() > before) {
            return null;
        }
        return new PopulationMember(Pseudonym.of(person), sex, birthMonth, applicantType, months, marginal, claim,
                household);
    }

    private static String value(CSVRecord row, String column) {
        String value = row.get(column);
        return value == null ? "" : value.trim();
    }

    private <E extends Enum<E>> E code(CSVRecord row, int line, String column, Class<E> codes) {
        String value = value(row, column);
        try {
            return Enum.valueOf(codes, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(line, column, "'" + value + "' is not one of " + de.pilotregistry.command.web.Fields.allOf(codes));
            return null;
        }
    }

    private void problem(long line, String column, String message) {
        problems.add(InvalidRequest.Problem.cell((int) line, column, message));
    }
}
