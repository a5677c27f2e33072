package de.pilotregistry.query.audit;

import de.pilotregistry.platform.Excerpt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A checkpoint as a C2SP signed note (c2sp.org/tlog-checkpoint, c2sp.org/signed-note): the body is the origin line,
 * the tree size in decimal, the base64 root hash and one extension line {@code time <ISO 8601 UTC>}, each ending in
 * a newline; a blank line; then signature lines {@code — <key name> <base64(key id ‖ Ed25519 signature)>}. The
 * signature covers the body's bytes (UTF-8, with its final newline).
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant time, String note) {

    private static final String DASH = "\u2014 ";

    /** A checkpoint text that cannot be read, with the reason. */
    public static class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    public static Checkpoint sign(String origin, long treeSize, byte[] rootHash, Instant time, SigningKey key) {
        String body = origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n"
                + "time " + time + "\n";
        byte[] signature = key.sign(body.getBytes(StandardCharsets.UTF_8));
        byte[] signed = new byte[4 + signature.length];
        System.arraycopy(key.keyId(), 0, signed, 0, 4);
        System.arraycopy(signature, 0, signed, 4, signature.length);
        String note = body + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(signed) + "\n";
        return new Checkpoint(origin, treeSize, rootHash, time, note);
    }

    /** Reads a checkpoint note; its signature is checked separately ({@link #signedBy}). */
    public static Checkpoint parse(String note) {
        String text = note.replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        if (blank < 0) {
            throw new Unreadable("no blank line between the checkpoint body and its signatures");
        }
        String[] lines = text.substring(0, blank).split("\n", -1);
        if (lines.length < 3) {
            throw new Unreadable("the body needs an origin, a tree size and a root hash line");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new Unreadable("line 2 is not a tree size: " + Excerpt.of(lines[1]));
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("line 3 is not a base64 root hash");
        }
        if (size < 0 || root.length != 32) {
            throw new Unreadable("tree size must be ≥ 0 and the root hash 32 bytes");
        }
        Instant time = null;
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].startsWith("time ")) {
                try {
                    time = Instant.parse(lines[i].substring(5));
                } catch (RuntimeException e) {
                    throw new Unreadable("line " + (i + 1) + " is not a time: " + Excerpt.of(lines[i]));
                }
            }
        }
        return new Checkpoint(lines[0], size, root, time, text.endsWith("\n") ? text : text + "\n");
    }

    /** Whether one of the note's signature lines is by {@code key} (its name and key id) and verifies. */
    public boolean signedBy(NoteVerifier key) {
        int blank = note.indexOf("\n\n");
        byte[] body = note.substring(0, blank + 1).getBytes(StandardCharsets.UTF_8);
        for (String line : signatureLines()) {
            String[] parts = line.substring(DASH.length()).split(" ");
            if (parts.length != 2 || !parts[0].equals(key.name())) {
                continue;
            }
            byte[] signed;
            try {
                signed = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (signed.length == 4 + 64 && Arrays.equals(Arrays.copyOf(signed, 4), key.keyId())
                    && key.verifies(body, Arrays.copyOfRange(signed, 4, signed.length))) {
                return true;
            }
        }
        return false;
    }

    private List<String> signatureLines() {
        List<String> signatures = new ArrayList<>();
        for (String line : note.substring(note.indexOf("\n\n") + 2).split("\n")) {
            if (line.startsWith(DASH)) {
                signatures.add(line);
            }
        }
        return signatures;
    }
}
