package de.pilotregistry.query.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The canonical bytes of one stored event, the entry its Merkle leaf hashes (docs/audit-log.md): every column of
 * {@code domainevententry} in table order, exactly as stored. Numbers are 8-byte big-endian; text (UTF-8) and bytes
 * are a 4-byte big-endian length and the bytes; SQL null is the length 0xFFFFFFFF and nothing else.
 */
public final class EventEntry {

    /** The columns, in the encoding's order (the table's). */
    public static final String COLUMNS = "globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, "
            + "metadata, payload, payloadrevision, payloadtype, timestamp";

    private EventEntry() {
    }

    /** The entry of the event in the current row; the row has {@link #COLUMNS} under their own names. */
    public static byte[] of(ResultSet row) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        number(out, row.getLong("globalindex"));
        text(out, row.getString("aggregateidentifier"));
        number(out, row.getLong("sequencenumber"));
        text(out, row.getString("type"));
        text(out, row.getString("eventidentifier"));
        bytes(out, row.getBytes("metadata"));
        bytes(out, row.getBytes("payload"));
        text(out, row.getString("payloadrevision"));
        text(out, row.getString("payloadtype"));
        text(out, row.getString("timestamp"));
        return out.toByteArray();
    }

    private static void number(ByteArrayOutputStream out, long value) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
    }

    private static void text(ByteArrayOutputStream out, String value) {
        bytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }
}
