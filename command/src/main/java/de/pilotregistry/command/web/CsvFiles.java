package de.pilotregistry.command.web;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Uploaded CSV files: read as strict UTF-8 (a malformed byte rejects the file, it is never replaced silently). */
public final class CsvFiles {

    private CsvFiles() {
    }

    public static BufferedReader utf8(InputStream body) {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** The message for a file that could not be read (not UTF-8, or not CSV). */
    public static String unreadable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return "The file is not valid UTF-8 text; nothing was stored.";
            }
        }
        return "The file is not readable CSV: " + Fields.shown(String.valueOf(e.getMessage()));
    }
}
