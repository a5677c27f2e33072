package de.pilotregistry.command.web;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.platform.Excerpt;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Uploaded CSV files as spreadsheets save them. Read as strict UTF-8 (a malformed byte rejects the file, it is never
 * replaced silently); a UTF-8 byte order mark (Excel's "CSV UTF-8") is skipped. A file in another encoding or with
 * another separator is refused with one problem that says how to save it, not with a problem per row.
 */
public final class CsvFiles {

    static final String NOT_UTF8 = "The file is not valid UTF-8 text (Excel's plain 'CSV' is Windows-1252): save it "
            + "as 'CSV UTF-8 (comma delimited)'. Nothing was stored.";
    static final String UTF16 = "The file is UTF-16 text (Excel's 'Unicode Text'): save it as "
            + "'CSV UTF-8 (comma delimited)'. Nothing was stored.";

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** A header line, names in any letter case; empty lines are rows (with a problem), so line numbers stay true. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).setIgnoreHeaderCase(true).setIgnoreEmptyLines(false).get();

    private CsvFiles() {
    }

    /** The file as text; refuses UTF-16 and UTF-32 (their byte order marks) at once. */
    public static BufferedReader utf8(InputStream body) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, UTF8_BOM.length);
        byte[] start = in.readNBytes(UTF8_BOM.length);
        boolean bom = Arrays.equals(start, UTF8_BOM);
        if (!bom) {
            if (start.length >= 2 && ((start[0] == (byte) 0xFF && start[1] == (byte) 0xFE)
                    || (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF))) {
                throw one(UTF16);
            }
            in.unread(start);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** The parser over a file, its header read and checked for the separator. */
    public static CSVParser parse(Reader csv) throws IOException {
        try {
            CSVParser parser = CSVParser.parse(csv, FORMAT);
            requireCommas(parser.getHeaderNames());
            return parser;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw unreadable(e); // an empty or a missing header name, a broken quote in the header
        }
    }

    /**
     * A header read as one single column that holds semicolons or tabs: the file has another separator (German Excel
     * saves "CSV" with ';'). Refused as a whole, with one problem.
     */
    static void requireCommas(List<String> header) {
        if (header.size() != 1) {
            return;
        }
        String only = header.get(0);
        String separator = only.indexOf(';') >= 0 ? "';'" : only.indexOf('\t') >= 0 ? "tabs" : null;
        if (separator != null) {
            throw one("The file uses " + separator + " as separator; save it as CSV with ',' (comma) separators "
                    + "(in Excel: 'CSV UTF-8 (comma delimited)'). Nothing was stored.");
        }
    }

    /**
     * Reads the rest of a file that has problems already: if it is not UTF-8 further down, that is its one problem
     * (refusing rows first would only show the encoding after they are fixed). Fails with the coding error.
     */
    public static void requireUtf8(Reader rest) throws IOException {
        char[] skipped = new char[1 << 16];
        while (rest.read(skipped) >= 0) {
            // decoding is the check
        }
    }

    /**
     * What a failure while reading a file means: a problem of the file (not UTF-8, not CSV), answered as its one
     * problem; or a failure of the request itself (the body over its limit, the client gone), rethrown, since no
     * change to the file would help.
     */
    public static InvalidRequest unreadable(Exception e) throws IOException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return one(NOT_UTF8);
            }
            if (cause instanceof CSVException) {
                return one("The file is not readable CSV: " + Excerpt.of(String.valueOf(cause.getMessage())));
            }
        }
        if (e instanceof UncheckedIOException unchecked) {
            throw unchecked.getCause();
        }
        if (e instanceof IOException io) {
            throw io;
        }
        return one("The file is not readable CSV: " + Excerpt.of(String.valueOf(e.getMessage())));
    }

    /**
     * Hands a row that was read to what handles it; a failure there (a database error, a refusal) is carried past the
     * reader's own error handling, which would take it for a problem of the file: catch {@link RowFailed} first and
     * rethrow {@link RowFailed#failure()}.
     */
    public static <T> void hand(T row, Consumer<T> handler) {
        try {
            handler.accept(row);
        } catch (RuntimeException e) {
            throw new RowFailed(e);
        }
    }

    /** A failure of what a row was handed to; see {@link #hand}. */
    public static final class RowFailed extends RuntimeException {

        RowFailed(RuntimeException cause) {
            super(cause);
        }

        public RuntimeException failure() {
            return (RuntimeException) getCause();
        }
    }

    private static InvalidRequest one(String message) {
        return new InvalidRequest(message, List.of(InvalidRequest.Problem.file(message)));
    }
}
