package de.pilotregistry.platform;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Personal data that can be forgotten (crypto-shredding). Events are immutable, so a personal value is stored in them
 * only sealed ({@link SealedValues}) under a data key of its subject (a person: {@code person:<pseudonym>}); the data
 * keys live in {@code subject_key}, each wrapped by the master key, which is kept in a file outside the database.
 * Destroying a subject's key erases every value sealed for it, in every event and every backup of the database, while
 * the events' bytes stay as they are (the audit log's hashes still match).
 *
 * <p>Keys are never cached in memory: an erasure on one node is in force on every node at once.
 */
public class PersonalData {

    /** A subject whose key was destroyed: nothing can be sealed for it any more. */
    public static final class SubjectErased extends RuntimeException {
        private final String subject;

        public SubjectErased(String subject) {
            super("The personal data of " + subject + " was erased.");
            this.subject = subject;
        }

        public String subject() {
            return subject;
        }
    }

    /** What a sealed value reads as: its text, or erased (the subject's key is destroyed). */
    public record Opened(String value, boolean erased) {
        static final Opened ERASED = new Opened(null, true);
    }

    private static final String MASTER_CHECK = "pilot-registry master key";

    private final JdbcTemplate jdbc;
    private final byte[] masterKey;

    public PersonalData(JdbcTemplate jdbc, byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256)");
        }
        this.jdbc = jdbc;
        this.masterKey = masterKey.clone();
    }

    /** With the master key in {@code file} (base64, one line), a new random one when the file does not exist yet. */
    public static PersonalData withMasterKeyFile(JdbcTemplate jdbc, Path file) {
        String text = SecretFiles.readOrCreate(file, () -> "# AES-256 master key of the Pilot Registry's personal data. "
                + "Keep a copy apart from database dumps.\n" + Base64.getEncoder().encodeToString(SealedValues.newKey())
                + "\n");
        String key = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the master key file " + file + " holds no key"));
        PersonalData personalData = new PersonalData(jdbc, Base64.getDecoder().decode(key.trim()));
        if (!personalData.isTheDatabasesMasterKey()) {
            throw new IllegalStateException("The master key in " + file + " is not the one this database's subject "
                    + "keys are wrapped with: every node of a registry must use the same file "
                    + "(registry.privacy.master-key; docs/data-protection.md). Restore that file.");
        }
        return personalData;
    }

    /**
     * Whether the master key opens the database's check value (sealed at the first start, by whichever node came
     * first): a node with another key file would fail on every person's key, so it is refused at its start.
     */
    public boolean isTheDatabasesMasterKey() {
        jdbc.update("insert into subject_key_master_check (id, sealed) values (1, ?) on conflict do nothing",
                SealedValues.sealText(masterKey, MASTER_CHECK, MASTER_CHECK));
        String sealed = jdbc.queryForObject("select sealed from subject_key_master_check where id = 1", String.class);
        try {
            return MASTER_CHECK.equals(SealedValues.openText(masterKey, MASTER_CHECK, sealed));
        } catch (SealedValues.Tampered anotherKey) {
            return false;
        }
    }

    public static String person(String pseudonym) {
        return "person:" + pseudonym;
    }

    /**
     * Seals {@code value} for {@code subject}'s {@code field}, creating the subject's key in the caller's transaction
     * if it has none. {@link SubjectErased} when the key was destroyed.
     */
    public String seal(String subject, String field, String value) {
        return SealedValues.sealText(keysFor(List.of(subject)).get(subject), associatedData(subject, field), value);
    }

    /** The data keys of these subjects, created where missing; {@link SubjectErased} for one whose key was destroyed. */
    public Map<String, byte[]> keysFor(Collection<String> subjects) {
        Map<String, byte[]> keys = existingKeys(subjects);
        List<String> missing = subjects.stream().distinct().filter(subject -> !keys.containsKey(subject)).toList();
        if (missing.isEmpty()) {
            return keys;
        }
        List<String> destroyed = jdbc.queryForList("select subject from subject_key_destroyed where subject = any(?)",
                String.class, (Object) missing.toArray(String[]::new));
        if (!destroyed.isEmpty()) {
            throw new SubjectErased(destroyed.get(0));
        }
        List<Object[]> rows = missing.stream().map(subject -> {
            byte[] key = SealedValues.newKey();
            keys.put(subject, key);
            return new Object[]{subject, SealedValues.seal(masterKey, wrapping(subject), key)};
        }).toList();
        // A concurrent creator of the same key is excluded by the append lock every writer holds; on conflict the
        // first key stays and is read back, so no value is ever sealed under a key that was not stored.
        jdbc.batchUpdate("insert into subject_key (subject, wrapped_key) values (?, ?) on conflict do nothing", rows);
        keys.putAll(existingKeys(missing));
        return keys;
    }

    /** Seals with a key from {@link #keysFor}. */
    public static String seal(byte[] key, String subject, String field, String value) {
        return SealedValues.sealText(key, associatedData(subject, field), value);
    }

    /**
     * The value, or erased when the subject's key is gone. {@link SealedValues.Tampered} when the value was changed or
     * belongs to another subject or field.
     */
    public Opened open(String subject, String field, String sealed) {
        return open(existingKeys(List.of(subject)).get(subject), subject, field, sealed);
    }

    public static Opened open(byte[] keyOrNull, String subject, String field, String sealed) {
        if (keyOrNull == null) {
            return Opened.ERASED; // keys are created before anything is sealed under them, so a missing one is destroyed
        }
        return new Opened(SealedValues.openText(keyOrNull, associatedData(subject, field), sealed), false);
    }

    /**
     * A value of a field that is sealed from some event revision on: opened when sealed, as it is when plain (an
     * earlier revision's event, stored before the field was sealed), null when null.
     */
    public static Opened openStored(byte[] keyOrNull, String subject, String field, String stored) {
        if (stored == null) {
            return null;
        }
        return SealedValues.isSealed(stored) ? open(keyOrNull, subject, field, stored) : new Opened(stored, false);
    }

    /** The keys of those subjects that have one (not destroyed), unwrapped. */
    public Map<String, byte[]> existingKeys(Collection<String> subjects) {
        Map<String, byte[]> keys = new HashMap<>();
        jdbc.query("select subject, wrapped_key from subject_key where subject = any(?)", rs -> {
            String subject = rs.getString(1);
            keys.put(subject, SealedValues.open(masterKey, wrapping(subject), rs.getString(2)));
        }, (Object) subjects.stream().distinct().toArray(String[]::new));
        return keys;
    }

    /**
     * Destroys the subject's key and remembers that it did (so that no new key is made for the subject); answers
     * false when it was destroyed already. Runs in the caller's transaction.
     */
    public boolean destroy(String subject) {
        jdbc.update("delete from subject_key where subject = ?", subject);
        return jdbc.update("insert into subject_key_destroyed (subject, destroyed_at) values (?, now()) "
                + "on conflict do nothing", subject) == 1;
    }

    public boolean destroyed(String subject) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from subject_key_destroyed where subject = ?)", Boolean.class, subject));
    }

    /** Binds a sealed value to its subject and field: NUL cannot occur in either. */
    static String associatedData(String subject, String field) {
        return subject + "\u0000" + field;
    }

    private static String wrapping(String subject) {
        return "subject-key\u0000" + subject;
    }
}
