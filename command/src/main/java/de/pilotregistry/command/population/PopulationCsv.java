package de.pilotregistry.command.population;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.web.CsvFiles;
import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.platform.ProblemLimits;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.PopulationMember;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a population file (Apache Commons CSV) and checks every cell with {@link Fields}; any problem rejects the
 * whole file, with all problems listed by line and column.
 */
final class PopulationCsv {

    static final List<String> COLUMNS = List.of("person", "sex", "birth_month", "applicant_type",
            "months_in_receipt_24", "marginal_employment", "monthly_claim", "household");
    /** Columns a file may leave out. */
    static final List<String> OPTIONAL_COLUMNS = List.of("customer_number");
    /** The BA's customer numbers are 10 characters (e.g. 123D456789); room for other schemes, not for free text. */
    static final int CUSTOMER_NUMBER_MAX_LENGTH = 32;
    private static final int MAX_PROBLEMS = ProblemLimits.MAX_PROBLEMS;

    private final List<InvalidRequest.Problem> problems = new ArrayList<>();
    /** First line of each person, for the duplicate check (about 120 bytes per row: the one part that grows). */
    private final Map<String, Integer> firstLineOf;
    private final YearMonth latestBirthMonth;

    private PopulationCsv(YearMonth latestBirthMonth, boolean checkDuplicates) {
        this.latestBirthMonth = latestBirthMonth;
        this.firstLineOf = checkDuplicates ? new HashMap<>() : null;
    }

    /**
     * Checks every cell of a file without keeping its rows; any problem rejects the whole file with all problems
     * listed by line and column. Answers the number of persons.
     *
     * @param latestBirthMonth no one can be born after it (the current month)
     */
    static int check(Reader csv, YearMonth latestBirthMonth) throws IOException {
        int[] persons = {0};
        new PopulationCsv(latestBirthMonth, true).each(csv, member -> persons[0]++);
        return persons[0];
    }

    /** Hands the rows of a file that {@link #check} accepted to {@code row}, one after another. */
    static void read(Reader csv, YearMonth latestBirthMonth, Consumer<PopulationMember> row) throws IOException {
        new PopulationCsv(latestBirthMonth, false).each(csv, row); // duplicates were refused by the check
    }

    private void each(Reader csv, Consumer<PopulationMember> consumer) throws IOException {
        boolean any = false;
        try (CSVParser parser = CsvFiles.parse(csv)) {
            checkHeader(parser.getHeaderNames());
            if (!problems.isEmpty()) {
                CsvFiles.requireUtf8(csv);
                throw rejected();
            }
            for (CSVRecord row : parser) {
                long line = row.getRecordNumber() + 1; // the header is line 1
                PopulationMember member = readRow(row, (int) line);
                if (member != null) {
                    any = true;
                    if (problems.isEmpty()) {
                        CsvFiles.hand(member, consumer);
                    }
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
            if (!problems.isEmpty()) {
                CsvFiles.requireUtf8(csv);
            }
        } catch (CsvFiles.RowFailed e) {
            throw e.failure(); // not a problem of the file
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw CsvFiles.unreadable(e); // the file's one problem: what was found before does not matter
        }
        if (!any && problems.isEmpty()) {
            problems.add(InvalidRequest.Problem.cell(1, null, "The file has a header but no persons."));
        }
        if (!problems.isEmpty()) {
            throw rejected();
        }
    }

    private InvalidRequest rejected() {
        return new InvalidRequest("The population file was rejected: " + problems.size()
                + (problems.size() >= MAX_PROBLEMS ? " or more" : "") + " problems; nothing was stored.", problems);
    }

    private void checkHeader(List<String> header) {
        Set<String> given = new LinkedHashSet<>();
        for (String name : header) {
            if (problems.size() >= MAX_PROBLEMS) {
                return;
            }
            String column = name.trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(column) && !OPTIONAL_COLUMNS.contains(column)) {
                problems.add(InvalidRequest.Problem.cell(1, Fields.shown(name), "is not a column of a population file (expected "
                        + String.join(",", COLUMNS) + ", optional " + String.join(",", OPTIONAL_COLUMNS) + ")"));
            } else if (!given.add(column)) {
                problems.add(InvalidRequest.Problem.cell(1, Fields.shown(name), "appears twice"));
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
            problem(line, null, "has " + row.size() + " values, the header has " + row.getParser().getHeaderNames().size());
            return null;
        }
        Fields cells = new Fields();
        String person = cells.identifier("person", row.get("person"), true);
        if (person != null && firstLineOf != null) {
            Integer earlier = firstLineOf.putIfAbsent(person, line);
            if (earlier != null) {
                cells.problem("person", "'" + Fields.shown(person) + "' is listed already on line " + earlier);
            }
        }
        Sex sex = cells.code("sex", row.get("sex"), Sex.class, true);
        YearMonth birthMonth = cells.month("birth_month", row.get("birth_month"), FieldLimits.EARLIEST_BIRTH_MONTH,
                latestBirthMonth, true);
        ApplicantType applicantType = cells.code("applicant_type", row.get("applicant_type"), ApplicantType.class,
                true);
        Integer months = cells.integer("months_in_receipt_24", row.get("months_in_receipt_24"), 0,
                FieldLimits.MAX_MONTHS_IN_RECEIPT_24, true);
        Boolean marginal = cells.bool("marginal_employment", row.get("marginal_employment"), true);
        BigDecimal claim = cells.amount("monthly_claim", row.get("monthly_claim"), false, FieldLimits.MAX_AMOUNT,
                true);
        String household = cells.identifier("household", row.get("household"), true);
        String customerNumber = row.isMapped("customer_number") ? cells.identifier("customer_number",
                row.get("customer_number"), CUSTOMER_NUMBER_MAX_LENGTH, false) : null;
        if (!cells.ok()) {
            problems.addAll(cells.asCellProblems(line));
            return null;
        }
        return new PopulationMember(Pseudonym.of(person), sex, birthMonth, applicantType, months, marginal, claim,
                household, customerNumber);
    }

    private void problem(long line, String column, String message) {
        problems.add(InvalidRequest.Problem.cell((int) line, column, message));
    }
}
