package de.pilotregistry.app.demo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The Borken model of 2011/12, synthetic and reproducible from a seed: the sites, their populations of long-term
 * recipients, and a year of case work delivered month by month as the BA and the case-management system deliver it.
 * Only data, as the registry's files take them; {@link Demo} plays it through the HTTP API.
 *
 * <p>Each month a person still receiving benefits leaves receipt for a job with a small probability (a few percent,
 * participants {@code effect} times as often), takes up a part-time or marginal job that reduces the claim, loses a
 * job, or comes back after an exit. Participants have about three contacts a month, the comparison group one every
 * few months. Contacts are delivered the month after; employment facts and benefit changes one to three months
 * late, and about one in fifty is restated with a correction in a later delivery.
 */
final class BorkenScenario {

    static final String PERSON_HEADER = "person,sex,birth_month,applicant_type,months_in_receipt_24,"
            + "marginal_employment,monthly_claim,household";
    static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    static final LocalDate START = LocalDate.of(2011, 3, 1);
    static final LocalDate END = LocalDate.of(2012, 2, 29);

    /** A pilot site: its share of the persons, its participant places, whether it takes only mini-jobbers. */
    record Site(String name, double share, int places, boolean miniJobOnly) {
    }

    static final List<Site> SITES = List.of(new Site("Bocholt", 0.6, 150, false),
            new Site("Isselburg", 0.2, 50, false), new Site("Velen", 0.2, 50, true));

    private static final String[] APPLICANT_TYPES = {"MARKET", "ACTIVATION", "SUPPORT", "DEVELOPMENT",
            "STABILISATION", "ASSISTANCE"};
    private static final double[] APPLICANT_SHARES = {0.12, 0.30, 0.30, 0.15, 0.08, 0.05};
    private static final String[] CHANNELS = {"IN_PERSON", "IN_PERSON", "IN_PERSON", "PHONE", "WRITTEN",
            "GROUP_SESSION", "EMPLOYER_CONTACT"};

    private final long seed;
    private final double effect;

    BorkenScenario(long seed, double effect) {
        this.seed = seed;
        this.effect = effect;
    }

    /** The population file of a site: {@code persons} rows, pseudonyms {@code BOR-<site>-NNNNNN}. */
    String population(Site site, int persons) {
        SplittableRandom random = new SplittableRandom(seed ^ site.name().hashCode());
        StringBuilder csv = new StringBuilder(PERSON_HEADER).append('\n');
        for (int i = 0; i < persons; i++) {
            boolean longTerm = random.nextDouble() < 0.8;
            int months = longTerm ? 21 + random.nextInt(4) : 6 + random.nextInt(15);
            boolean miniJob = random.nextDouble() < miniJobShare(site);
            int birthYear = 1952 + random.nextInt(40);
            csv.append(pseudonym(site, i)).append(',')
                    .append(random.nextDouble() < 0.52 ? "FEMALE" : "MALE").append(',')
                    .append(YearMonth.of(birthYear, 1 + random.nextInt(12))).append(',')
                    .append(pick(random, APPLICANT_TYPES, APPLICANT_SHARES)).append(',')
                    .append(months).append(',').append(miniJob).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 380 + random.nextDouble() * 900)).append(',')
                    .append("HH-").append(site.name().toUpperCase(Locale.ROOT)).append('-').append(i / 2).append('\n');
        }
        return csv.toString();
    }

    /** At Velen, where only mini-jobbers take part, the jobcenter proposed mainly people holding one. */
    private static double miniJobShare(Site site) {
        return site.miniJobOnly() ? 0.6 : 0.15;
    }

    /** At least enough persons that the eligible ones fill both groups with a margin (a quarter). */
    static int populationSize(Site site, int proposed) {
        double eligibleShare = 0.8 * (site.miniJobOnly() ? miniJobShare(site) : 1.0);
        return Math.max(proposed, (int) Math.ceil(2 * site.places() / eligibleShare * 1.25));
    }

    static String pseudonym(Site site, int i) {
        return String.format(Locale.ROOT, "BOR-%s-%06d", site.name().substring(0, 3).toUpperCase(Locale.ROOT), i);
    }

    /**
     * The fact files of the year for the drawn persons of one site, by delivery month (1 = the April 2011 delivery,
     * which holds what happened in March): {@code months} months of case work, delivered over {@code months + 3}
     * deliveries (the last ones bring the late employment facts).
     */
    TreeMap<Integer, StringBuilder> facts(Site site, List<String> participants, List<String> comparison, int months) {
        TreeMap<Integer, StringBuilder> deliveries = new TreeMap<>();
        Random random = new Random(seed * 31 + site.name().hashCode());
        List<String> persons = new ArrayList<>(participants);
        persons.addAll(comparison);
        for (String person : persons) {
            boolean participant = participants.contains(person);
            simulate(person, participant, months, random, deliveries);
        }
        return deliveries;
    }

    private void simulate(String person, boolean participant, int months, Random random,
                          TreeMap<Integer, StringBuilder> deliveries) {
        double boost = participant ? effect : 1.0;
        boolean receiving = true;
        String job = null;
        double claim = 400 + random.nextInt(800);
        int facts = 0;
        String firstContact = null;
        for (int month = 0; month < months; month++) {
            LocalDate first = START.plusMonths(month);
            int days = first.lengthOfMonth();
            int contacts = participant ? poisson(random, 3.0) : (random.nextDouble() < 0.3 ? 1 : 0);
            for (int c = 0; c < contacts && receiving; c++) {
                LocalDate day = first.plusDays(random.nextInt(days));
                String outcome = random.nextDouble() < 0.85 ? "ATTENDED" : "MISSED";
                String contact = person + "-C" + month + "-" + c;
                firstContact = firstContact == null ? contact : firstContact;
                add(deliveries, month + 1, row(person, "CONTACT", day, contact, "", "", "", "",
                        CHANNELS[random.nextInt(CHANNELS.length)], outcome, "", ""));
            }
            LocalDate day = first.plusDays(random.nextInt(days));
            int delivered = month + 1 + 1 + random.nextInt(3); // employment facts: one to three months late
            String source = person + "-B" + month;
            if (receiving && random.nextDouble() < 0.02 * boost) {
                receiving = false;
                job = "FULL_TIME";
                add(deliveries, delivered, row(person, "JOB_START", day, source + "-J", job, "38.5",
                        money(1900 + random.nextInt(1200)), "", "", "", "", ""));
                add(deliveries, delivered, row(person, "EXIT", day, source + "-X", "", "", "", "", "", "", "EMPLOYMENT",
                        ""));
                facts += 2;
            } else if (receiving && job == null && random.nextDouble() < 0.03 * boost) {
                job = random.nextBoolean() ? "PART_TIME" : "MARGINAL";
                double wage = job.equals("MARGINAL") ? 400 : 800 + random.nextInt(500);
                claim = Math.max(50, claim - wage * 0.7);
                add(deliveries, delivered, row(person, "JOB_START", day, source + "-J", job,
                        job.equals("MARGINAL") ? "10" : "20", money(wage), "", "", "", "", ""));
                String change = row(person, "BENEFIT_CHANGE", day, source + "-B", "", "", "", money(claim), "", "",
                        "EARNED_INCOME", "");
                add(deliveries, delivered, change);
                if (random.nextDouble() < 0.02) { // restated a month later: the claim was recomputed
                    add(deliveries, delivered + 1, change.replace(money(claim) + ",", money(claim + 35) + ","));
                }
                facts += 2;
            } else if (job != null && random.nextDouble() < 0.05) {
                add(deliveries, delivered, row(person, "JOB_END", day, source + "-E", "", "", "", "", "", "",
                        random.nextBoolean() ? "FIXED_TERM_END" : "EMPLOYER_NOTICE", ""));
                if (!receiving) {
                    receiving = true;
                    add(deliveries, delivered, row(person, "REENTRY", day, source + "-R", "", "", "", money(claim), "",
                            "", "", ""));
                }
                job = null;
                facts += 2;
            }
        }
        if (firstContact != null && facts == 0 && random.nextDouble() < 0.05) {
            // a contact recorded in error, withdrawn by a later delivery
            int recorded = Integer.parseInt(firstContact.substring(firstContact.lastIndexOf("-C") + 2,
                    firstContact.lastIndexOf('-')));
            add(deliveries, recorded + 2, row(person, "RETRACTION", START, "", "", "", "", "", "", "",
                    "recorded for the wrong person", firstContact));
        }
    }

    private static void add(TreeMap<Integer, StringBuilder> deliveries, int month, String row) {
        deliveries.computeIfAbsent(month, m -> new StringBuilder(FACT_HEADER).append('\n')).append(row).append('\n');
    }

    private static String row(String person, String type, LocalDate day, String source, String employmentType,
                              String hours, String wage, String claim, String channel, String outcome, String reason,
                              String corrects) {
        return String.join(",", person, type, day.toString(), source, employmentType, hours, wage, claim, channel,
                outcome, reason, corrects);
    }

    private static String money(double amount) {
        return String.format(Locale.ROOT, "%.2f", amount);
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private static String pick(SplittableRandom random, String[] values, double[] shares) {
        double r = random.nextDouble();
        for (int i = 0; i < values.length; i++) {
            r -= shares[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
