package de.pilotregistry.app.flow;

import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one write path of case facts. A file larger than one chunk (rows are decided and appended 2,000 at a
 * time, all in one transaction, a later chunk deciding against what the earlier ones appended): one record time for the whole file, each case's stream continued without gaps,
 * and a failure in a later chunk leaves nothing of the file behind. Single facts and files for the same person at
 * the same moment queue on the append lock and are decided one after another.
 */
class FactWritePathTest extends RegistryTest {

    private static final String FACT_HEADER = "person,type,effective_date,source_id,employment_type,weekly_hours,"
            + "monthly_wage,monthly_claim,channel,outcome,reason,corrects";
    private static final int PERSONS = 30;
    private static final int ROWS = 2_001;

    @Test
    void givenAFileOfSeveralChunks_whenImported_thenOneRecordTimeAndEachCaseContinuesWithoutGaps() {
        String prefix = population();
        assertThat(api.postJson("steward", "/api/persons/" + prefix + "000003/facts",
                "{\"type\":\"CONTACT\",\"effective_date\":\"2011-03-07\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}")
                .status()).isEqualTo(201);

        Api.Response imported = api.postCsv("steward", "/api/facts", facts(prefix, null));

        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("select count(distinct timestamp) from domainevententry "
                + "where aggregateidentifier like ? and convert_from(metadata, 'UTF8')::json "
                + "->> 'channel' = 'bulk-import'", Long.class, prefix + "%")).as("one record time").isEqualTo(1);
        assertThat(jdbc.queryForList("select aggregateidentifier from domainevententry where aggregateidentifier like ? "
                + "group by aggregateidentifier having min(sequencenumber) <> 0 or max(sequencenumber) <> count(*) - 1 "
                + "or min(type) <> 'CaseFile' or max(type) <> 'CaseFile'", String.class, prefix + "%"))
                .as("cases whose stream has a gap").isEmpty();
        assertThat(eventsOf(prefix + "000003")).isGreaterThan(1);
        assertThat(jdbc.queryForObject("select count(*) from cmd_case_fact where person like ?", Long.class,
                prefix + "%")).as("the lookup has every fact").isEqualTo(ROWS + 1);
    }

    @Test
    void givenAFailureInALaterChunk_whenTheFileIsImported_thenNothingOfTheFileIsStored() {
        String prefix = population();
        String poison = "FAIL-" + prefix;
        // a failure only the database can find, after the first two chunks were appended and their lookup written
        jdbc.execute("""
                create or replace function fact_file_test_fails() returns trigger language plpgsql as $$
                begin
                    if new.source_id = '%s' then raise exception 'refused by the test'; end if;
                    return new;
                end $$""".formatted(poison));
        jdbc.execute("create trigger fact_file_test_fails before insert on cmd_case_fact for each row "
                + "execute function fact_file_test_fails()");
        Api.Response failed;
        try {
            failed = api.postCsv("steward", "/api/facts", facts(prefix, poison));
        } finally {
            jdbc.execute("drop trigger fact_file_test_fails on cmd_case_fact");
            jdbc.execute("drop function fact_file_test_fails()");
        }

        assertThat(failed.status()).as(failed.toString()).isGreaterThanOrEqualTo(500);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ?",
                Long.class, prefix + "%")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from cmd_case_fact where person like ?", Long.class,
                prefix + "%")).isZero();
        Api.Response again = api.postCsv("steward", "/api/facts", facts(prefix, poison));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("accepted").asInt()).as("nothing of the failed file was left").isEqualTo(ROWS);
    }

    @Test
    void givenARowInTheLastChunkThatRedeliversOneOfTheFirst_whenImported_thenItIsDecidedAgainstThatRow() {
        String prefix = population();
        // the last row (alone in the second chunk) delivers source S0 of the first row again, with another outcome
        String file = facts(prefix, null).replaceFirst("(?s)(.*\n)[^\n]+\n$", "$1") + prefix + "000000,CONTACT,"
                + "2011-03-01," + prefix + "S0,,,,,PHONE,MISSED,,\n";

        Api.Response imported = api.postCsv("steward", "/api/facts", file);

        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(ROWS - 1);
        assertThat(imported.json().get("corrected").asInt()).as("a correction of the first row").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from cmd_case_fact where person like ? and withdrawn",
                Long.class, prefix + "%")).as("the first row's fact, corrected").isEqualTo(1);
    }

    @Test
    void givenARowInTheLastChunkThatCannotBeDecided_whenImported_thenRejectedWithItsLineAndNothingIsStored() {
        String prefix = population();
        String file = facts(prefix, null).replaceFirst("(?s)(.*\n)[^\n]+\n$", "$1") + prefix + "000000,CONTACT,"
                + "2011-03-01,,,,,,PHONE,MISSED,,no-such-event\n";

        Api.Response rejected = api.postCsv("steward", "/api/facts", file);

        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(422);
        assertThat(rejected.json().get("errors").get(0).get("line").asInt()).isEqualTo(ROWS + 1);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ?",
                Long.class, prefix + "%")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from cmd_case_fact where person like ?", Long.class,
                prefix + "%")).isZero();
    }

    @Test
    void givenTheSameFactSentConcurrentlyAsSingleFactsAndInFiles_whenAllAreDone_thenEveryRequestSucceededAndOneEventIsStored()
            throws Exception {
        String prefix = population();
        String person = prefix + "000007";
        String single = "{\"type\":\"JOB_START\",\"effective_date\":\"2011-06-01\",\"source_id\":\"" + prefix
                + "BA-1\",\"employment_type\":\"PART_TIME\",\"weekly_hours\":\"20\",\"monthly_wage\":\"900.00\"}";
        String file = FACT_HEADER + "\n" + person + ",JOB_START,2011-06-01," + prefix + "BA-1,PART_TIME,20,900.00,,,,,\n";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                boolean asFile = i % 4 == 3;
                answers.add(pool.submit(() -> asFile ? new Api(port).postCsv("steward", "/api/facts", file)
                        : new Api(port).postJson("steward", "/api/persons/" + person + "/facts", single)));
            }
            int created = 0;
            for (Future<Api.Response> answer : answers) {
                Api.Response response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isIn(200, 201);
                created += response.status() == 201 ? 1 : response.json().path("accepted").asInt(0);
            }
            assertThat(created).as("accepted once, every other request found it unchanged").isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(eventsOf(person)).isEqualTo(1);
    }

    private String population() {
        String prefix = Populations.uniquePrefix();
        String pilot = definePilot(5);
        Api.Response population = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.csv(prefix, PERSONS, 11));
        assertThat(population.status()).as(population.toString()).isEqualTo(200);
        return prefix;
    }

    /** {@value ROWS} contacts over the persons; the last (alone in the third chunk) has source id {@code poison}. */
    private static String facts(String prefix, String poison) {
        StringBuilder csv = new StringBuilder(FACT_HEADER).append('\n');
        for (int i = 0; i < ROWS; i++) {
            String source = i == ROWS - 1 && poison != null ? poison : prefix + "S" + i;
            csv.append(prefix).append(String.format("%06d", i % PERSONS)).append(",CONTACT,2011-")
                    .append(String.format("%02d-%02d", 3 + i % 9, 1 + i % 28)).append(',').append(source)
                    .append(",,,,,PHONE,ATTENDED,,\n");
        }
        return csv.toString();
    }
}
