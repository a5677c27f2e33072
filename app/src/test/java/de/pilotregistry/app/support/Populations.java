package de.pilotregistry.app.support;

import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Synthetic population files: every person long-term in receipt unless told otherwise. */
public final class Populations {

    public static final String HEADER =
            "person,sex,birth_month,applicant_type,months_in_receipt_24,marginal_employment,monthly_claim,household";
    private static final String[] SEXES = {"MALE", "FEMALE"};
    private static final String[] TYPES = {"MARKET", "ACTIVATION", "SUPPORT", "DEVELOPMENT"};

    private Populations() {
    }

    /** A prefix that keeps the persons of one test apart from every other test's on a shared database. */
    public static String uniquePrefix() {
        return "T" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    public static String csv(String prefix, int persons, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < persons; i++) {
            csv.append(prefix).append(String.format("%06d", i)).append(',')
                    .append(SEXES[random.nextInt(SEXES.length)]).append(',')
                    .append(1955 + random.nextInt(35)).append('-').append(String.format("%02d", 1 + random.nextInt(12)))
                    .append(',').append(TYPES[random.nextInt(TYPES.length)]).append(',')
                    .append(i % 10 == 9 ? 12 : 21 + random.nextInt(4)).append(',')
                    .append(random.nextBoolean()).append(',')
                    .append(300 + random.nextInt(900)).append('.').append(random.nextInt(10)).append("0,")
                    .append("H-").append(prefix).append(i / 2).append('\n');
        }
        return csv.toString();
    }

    /** The file with the optional column {@code customer_number}: the person's number from {@code numbers}, or empty. */
    public static String withCustomerNumbers(String csv, Map<String, String> numbers) {
        StringBuilder out = new StringBuilder();
        String[] lines = csv.split("\n");
        out.append(lines[0]).append(",customer_number\n");
        for (int i = 1; i < lines.length; i++) {
            String person = lines[i].substring(0, lines[i].indexOf(','));
            out.append(lines[i]).append(',').append(numbers.getOrDefault(person, "")).append('\n');
        }
        return out.toString();
    }
}
