package de.pilotregistry.platform;

/**
 * CSV cells that a spreadsheet will not run as a formula (CWE-1236, OWASP "CSV injection"). Excel and LibreOffice
 * evaluate a cell that begins with {@code = + - @}, a tab or a carriage return; such a text cell gets a leading
 * apostrophe, which spreadsheets show as a text marker. Numbers are written as numbers and left alone, so R and Stata
 * still read -1.5 as a number.
 */
public final class SpreadsheetSafe {

    private SpreadsheetSafe() {
    }

    public static Object cell(Object value) {
        if (value instanceof CharSequence text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return value;
    }

    /** Every cell of a record, for {@code CSVPrinter.printRecord}. */
    public static Object[] row(Object... values) {
        Object[] safe = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            safe[i] = cell(values[i]);
        }
        return safe;
    }
}
