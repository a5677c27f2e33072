package de.pilotregistry.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import de.pilotregistry.app.support.Api;
import de.pilotregistry.app.support.Populations;
import de.pilotregistry.app.support.RegistryTest;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.platform.SealedValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Customer numbers are personal data: stored only sealed under the person's data key, read back opened by ADMIN and
 * DATA_STEWARD, and erased by destroying the key, with the stored events, the audit log and every figure unchanged.
 */
class ErasureTest extends RegistryTest {

    private static final int PERSONS = 20;
    /** Distinctive enough that no other answer contains them by chance. */
    private static final String WAGE = "2345.67";
    private static final String RETRACTION_REASON = "mixed up with Mrs Quast-Ilmenau";

    @Value("${registry.data-dir}")
    String dataDir;

    @Test
    void givenCustomerNumbers_whenAPersonIsErased_thenNoEndpointShowsTheirsAndNothingElseChanges() {
        String prefix = Populations.uniquePrefix();
        long start = eventCount() == 0 ? 0 : jdbc.queryForObject("select max(globalindex) from domainevententry",
                Long.class);
        String pilot = definePilot(5);
        Map<String, String> customerNumbers = customerNumbers(prefix);
        String population = Populations.withCustomerNumbers(Populations.csv(prefix, PERSONS, 11), customerNumbers);
        Api.Response imported = api.postCsv("steward", "/api/pilots/" + pilot + "/population", population);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(PERSONS);

        // the events hold the customer numbers only sealed
        List<String> payloads = jdbc.queryForList("select convert_from(payload, 'UTF8') from domainevententry "
                + "where aggregateidentifier = ?", String.class, "population@" + pilot);
        assertThat(payloads).hasSize(PERSONS).allSatisfy(payload -> {
            assertThat(customerNumbers.values()).noneMatch(payload::contains);
            assertThat(payload).containsPattern("\"customerNumber\":(\"v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+\"|null)");
        });

        // the same file again is unchanged (compared opened: sealed values differ every time); one changed number is not
        assertThat(api.postCsv("steward", "/api/pilots/" + pilot + "/population", population).json().get("unchanged")
                .asInt()).isEqualTo(PERSONS);
        String person = prefix + "000000";
        String original = customerNumbers.get(person);
        customerNumbers.put(person, original + "X");
        Api.Response changed = api.postCsv("steward", "/api/pilots/" + pilot + "/population",
                Populations.withCustomerNumbers(Populations.csv(prefix, PERSONS, 11), customerNumbers));
        assertThat(changed.json().get("accepted").asInt()).as(changed.toString()).isEqualTo(1);
        assertThat(changed.json().get("unchanged").asInt()).isEqualTo(PERSONS - 1);
        String number = customerNumbers.get(person);

        Api.Response drawn = api.postJson("admin", "/api/pilots/" + pilot + "/draw", "");
        assertThat(drawn.status()).as(drawn.toString()).isEqualTo(201);
        String position = drawn.raw().headers().firstValue("Registry-Position").orElseThrow();


        // read back opened by the steward and the admin, every read in the access log; others may not
        Api.Response read = api.get("steward", "/api/persons/" + person + "?minPosition=" + position);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("customerNumber").get("value").asText()).isEqualTo(number);
        assertThat(read.json().get("erased").asBoolean()).isFalse();
        assertThat(read.json().get("pilots").get(0).get("pilotId").asText()).isEqualTo(pilot);
        assertThat(read.json().get("pilots").get(0).get("customerNumber").get("value").asText()).isEqualTo(number);
        assertThat(api.get("admin", "/api/persons/" + person).status()).isEqualTo(200);
        for (String user : List.of("evaluator", "auditor", "caseworker1", "integration")) {
            assertThat(api.get(user, "/api/persons/" + person).status()).as(user).isEqualTo(403);
        }
        assertThat(api.get("steward", "/api/persons/nobody-" + prefix).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from audit_access where person = ? and endpoint like ?",
                Long.class, person, "GET /api/persons/%")).isEqualTo(2);


        // an exact wage and a retraction's free-text reason are personal data too: stored sealed, opened on reading
        String facts = "/api/persons/" + person + "/facts";
        String job = "{\"type\":\"JOB_START\",\"effective_date\":\"2011-06-01\",\"source_id\":\"BA-" + prefix
                + "-W\",\"employment_type\":\"FULL_TIME\",\"weekly_hours\":\"39\",\"monthly_wage\":\"" + WAGE + "\"}";
        Api.Response jobStart = api.postJson("steward", facts, job);
        assertThat(jobStart.status()).as(jobStart.toString()).isEqualTo(201);
        Api.Response contact = api.postJson("steward", facts, "{\"type\":\"CONTACT\",\"effective_date\":"
                + "\"2011-05-02\",\"channel\":\"PHONE\",\"outcome\":\"ATTENDED\"}");
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        Api.Response retraction = api.postJson("steward", facts, "{\"type\":\"RETRACTION\",\"source_id\":\"BA-"
                + prefix + "-R\",\"corrects\":\"" + contact.json().get("eventId").asText() + "\",\"reason\":\""
                + RETRACTION_REASON + "\"}");
        assertThat(retraction.status()).as(retraction.toString()).isEqualTo(201);
        // delivered again, singly and in a file: unchanged (compared by a fingerprint keyed with the person's key)
        Api.Response repeated = api.postJson("steward", facts, job);
        assertThat(repeated.json().get("outcome").asText()).as(repeated.toString()).isEqualTo("UNCHANGED");
        Api.Response file = api.postCsv("steward", "/api/facts", String.join("\n", "person,type,effective_date,"
                + "source_id,employment_type,weekly_hours,monthly_wage,monthly_claim,channel,outcome,reason,corrects",
                person + ",JOB_START,2011-06-01,BA-" + prefix + "-W,FULL_TIME,39," + WAGE + ",,,,,",
                person + ",RETRACTION,,BA-" + prefix + "-R,,,,,,," + RETRACTION_REASON + ","
                        + contact.json().get("eventId").asText(), ""));
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(file.json().get("unchanged").asInt()).as(file.toString()).isEqualTo(2);
        position = retraction.raw().headers().firstValue("Registry-Position").orElseThrow();
        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domainevententry "
                + "where aggregateidentifier = ?", String.class, person)).hasSize(3).allSatisfy(payload ->
                assertThat(payload).doesNotContain(WAGE).doesNotContain(RETRACTION_REASON))
                .anySatisfy(payload -> assertThat(payload).contains("\"monthlyWage\":\"v1:"))
                .anySatisfy(payload -> assertThat(payload).contains("\"reason\":\"v1:"));
        assertThat(jdbc.queryForList("select fingerprint from cmd_case_fact where person = ? and type <> 'CONTACT'",
                String.class, person)).hasSize(2).allSatisfy(fingerprint -> assertThat(fingerprint).startsWith("k1:"));
        JsonNode opened = api.get("steward", "/api/persons/" + person + "?minPosition=" + position).json();
        assertThat(opened.get("jobStarts").get(0).get("monthlyWage").get("value").asText()).isEqualTo(WAGE);
        assertThat(opened.get("retractions").get(0).get("reason").get("value").asText()).isEqualTo(RETRACTION_REASON);
        assertThat(jdbc.queryForList("select concat(monthly_wage, '|', reason) from q_fact where person = ?",
                String.class, person)).hasSize(3).noneMatch(row -> row.contains(WAGE) || row.contains(RETRACTION_REASON));

        Api.Response outcomes = api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?minPosition=" + position);
        assertThat(outcomes.status()).as(outcomes.toString()).isEqualTo(200);
        String knownAt = URLEncoder.encode(outcomes.raw().headers().firstValue("Registry-Known-At").orElseThrow(),
                StandardCharsets.UTF_8);
        String outcomesBefore = api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?knownAt=" + knownAt).body();
        String cohortBefore = api.getCsv("evaluator", "/api/pilots/" + pilot + "/cohort?validAt=2011-06-01&knownAt="
                + knownAt).body();
        Map<Long, String> storedBefore = storedEventsOf(pilot, person);

        // erasure: ADMIN only, a reason required, once
        assertThat(api.postJson("steward", "/api/persons/" + person + "/erase", "{\"reason\":\"x\"}").status())
                .isEqualTo(403);
        Api.Response noReason = api.postJson("admin", "/api/persons/" + person + "/erase", "{}");
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().get("errors").get(0).get("field").asText()).isEqualTo("reason");
        assertThat(api.postJson("admin", "/api/persons/nobody-" + prefix + "/erase", "{\"reason\":\"x\"}").status())
                .isEqualTo(404);
        String reason = "Art. 17 DSGVO request, letter of 2026-12-01";
        Api.Response erased = api.postJson("admin", "/api/persons/" + person + "/erase",
                "{\"reason\":\"" + reason + "\"}");
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().get("erased").asBoolean()).isTrue();
        String after = erased.raw().headers().firstValue("Registry-Position").orElseThrow();
        Api.Response again = api.postJson("admin", "/api/persons/" + person + "/erase", "{\"reason\":\"again\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");

        // the person reads as erased
        JsonNode shown = api.get("steward", "/api/persons/" + person + "?minPosition=" + after).json();
        assertThat(shown.get("erased").asBoolean()).isTrue();
        assertThat(shown.get("customerNumber").get("value").isNull()).isTrue();
        assertThat(shown.get("customerNumber").get("erased").asBoolean()).isTrue();
        assertThat(shown.get("pilots").get(0).get("customerNumber").get("erased").asBoolean()).isTrue();
        assertThat(shown.get("erasure").get("erasedBy").asText()).isEqualTo("admin");
        assertThat(shown.get("erasure").get("reason").asText()).isEqualTo(reason);
        assertThat(shown.get("jobStarts").get(0).get("monthlyWage").get("erased").asBoolean()).isTrue();
        assertThat(shown.get("jobStarts").get(0).get("monthlyWage").get("value").isNull()).isTrue();
        assertThat(shown.get("retractions").get(0).get("reason").get("erased").asBoolean()).isTrue();
        assertThat(shown.get("retractions").get(0).get("reason").get("value").isNull()).isTrue();
        // another person's number still opens
        String other = prefix + "000002";
        assertThat(api.get("steward", "/api/persons/" + other).json().get("customerNumber").get("value").asText())
                .isEqualTo(customerNumbers.get(other));

        // no endpoint any role can reach shows the number
        Map<String, String> answers = new LinkedHashMap<>();
        for (String user : List.of("admin", "evaluator", "auditor", "integration")) {
            answers.put(user + " pilots", api.get(user, "/api/pilots?minPosition=" + after).body());
            answers.put(user + " pilot", api.get(user, "/api/pilots/" + pilot).body());
        }
        answers.put("cohort", api.get("evaluator", "/api/pilots/" + pilot + "/cohort?size=1000").body());
        answers.put("cohort csv", api.getCsv("evaluator", "/api/pilots/" + pilot + "/cohort").body());
        answers.put("cohort admin", api.get("admin", "/api/pilots/" + pilot + "/cohort?size=1000").body());
        answers.put("participants", api.get("admin", "/api/pilots/" + pilot + "/participants").body());
        answers.put("export", unzipped(api.download("evaluator", "/api/pilots/" + pilot + "/export?validAt=2011-06-01")));
        answers.put("timeline", api.get("auditor", "/api/audit/persons/" + person + "/timeline").body());
        answers.put("replay", api.get("auditor", "/api/audit/pilots/" + pilot + "/replay").body());
        answers.put("draw inputs", api.get("auditor", "/api/audit/pilots/" + pilot + "/draw/inputs").body());
        answers.put("feed", api.get("integration", "/api/feed?after=" + start + "&limit=1000").body());
        answers.put("feed admin", api.get("admin", "/api/feed?after=" + start + "&limit=1000").body());
        answers.put("person admin", api.get("admin", "/api/persons/" + person).body());
        answers.put("deliveries", api.get("admin", "/api/deliveries?pilot=" + pilot).body());
        answers.forEach((what, body) -> {
            assertThat(body).as(what).isNotBlank().doesNotContain(number).doesNotContain(original)
                    .doesNotContain(WAGE).doesNotContain(RETRACTION_REASON);
        });
        assertThat(answers.get("timeline")).contains("PersonErased").doesNotContain("DSGVO");
        assertThat(answers.get("feed")).contains("de.pilotregistry.privacy.PersonErased").doesNotContain("DSGVO");

        // every figure and every stored byte as before; the audit log still verifies
        assertThat(api.get("evaluator", "/api/pilots/" + pilot + "/outcomes?knownAt=" + knownAt).body())
                .isEqualTo(outcomesBefore);
        assertThat(api.getCsv("evaluator", "/api/pilots/" + pilot + "/cohort?validAt=2011-06-01&knownAt=" + knownAt)
                .body()).isEqualTo(cohortBefore);
        assertThat(storedEventsOf(pilot, person)).isEqualTo(storedBefore);
        JsonNode verified = api.get("auditor", "/api/audit/verify").json();
        assertThat(verified.get("firstMismatch").isNull()).as(verified.toString()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from subject_key where subject = ?", Long.class,
                "person:" + person)).isZero();
        // the master key is outside the database, readable by the registry's user only
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(dataDir, "master-key"))))
                    .isEqualTo("rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // an erased person cannot be given a customer number again
        Api.Response reimport = api.postCsv("steward", "/api/pilots/" + pilot + "/population?dryRun=true",
                Populations.withCustomerNumbers(Populations.csv(prefix, PERSONS, 11), customerNumbers));
        assertThat(reimport.status()).as(reimport.toString()).isEqualTo(409);
        // nor a wage (nothing can be sealed for them any more)
        Api.Response wageAgain = api.postJson("steward", facts, job.replace("-W\"", "-W2\""));
        assertThat(wageAgain.status()).as(wageAgain.toString()).isEqualTo(422);
        assertThat(wageAgain.json().get("errors").get(0).get("field").asText()).isEqualTo("monthly_wage");
    }

    @Test
    void givenBadCustomerNumbers_whenImported_thenTheCellsAreNamed() {
        String pilot = definePilot(5);
        String prefix = Populations.uniquePrefix();
        String csv = Populations.csv(prefix, 2, 3);
        String[] lines = csv.split("\n");
        String bad = lines[0] + ",customer_number\n" + lines[1] + ",has space\n" + lines[2] + "," + "9".repeat(33)
                + "\n";
        Api.Response answer = api.postCsv("steward", "/api/pilots/" + pilot + "/population", bad);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        assertThat(answer.json().get("errors")).hasSize(2).allSatisfy(error ->
                assertThat(error.get("column").asText()).isEqualTo("customer_number"));
        assertThat(eventsOf(pilot)).isEqualTo(1);
    }

    @Autowired
    PersonalData personalData;

    @Test
    void givenACaseworkersName_whenRegistered_thenTheEventAndTheReadModelHoldItOnlySealed() {
        String pilot = definePilot(5);
        String name = "Anna Schulte " + Populations.uniquePrefix();
        Api.Response registered = api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers",
                "{\"caseworker\":\"caseworker1\",\"name\":\"" + name + "\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().get("name").asText()).isEqualTo(name);
        String position = registered.raw().headers().firstValue("Registry-Position").orElseThrow();
        Map<String, Object> stored = jdbc.queryForMap("select convert_from(payload, 'UTF8') as payload, payloadrevision "
                + "from domainevententry where globalindex = ?", Long.parseLong(position));
        assertThat(stored.get("payloadrevision")).isEqualTo("2");
        assertThat((String) stored.get("payload")).doesNotContain("Schulte").contains("\"name\":\"v1:");
        api.get("admin", "/api/pilots/" + pilot + "?minPosition=" + position);
        String inReadModel = jdbc.queryForObject("select name from q_caseworker where pilot_id = ?", String.class,
                pilot);
        assertThat(inReadModel).doesNotContain("Schulte");
        assertThat(personalData.open("caseworker:caseworker1", "name", inReadModel).value()).isEqualTo(name);
        assertThat(api.get("admin", "/api/feed?after=" + (Long.parseLong(position) - 1) + "&limit=1").body())
                .contains("CaseworkerRegistered").doesNotContain("Schulte");
    }

    @Test
    void givenARegisteredCaseworker_whenErased_thenTheirNameNoLongerOpensAndCannotBeRecordedAgain() {
        String pilot = definePilot(5);
        String caseworker = "cw-" + Populations.uniquePrefix().toLowerCase(Locale.ROOT); // a key of its own
        String register = "{\"caseworker\":\"" + caseworker + "\",\"name\":\"Jan Terhorst\"}";
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers", register).status()).isEqualTo(201);
        String sealed = jdbc.queryForObject("select convert_from(payload, 'UTF8')::jsonb ->> 'name' from "
                + "domainevententry where aggregateidentifier = ? and payloadtype like '%CaseworkerRegistered'",
                String.class, pilot);
        String subject = "caseworker:" + caseworker;
        assertThat(personalData.open(subject, "name", sealed).value()).isEqualTo("Jan Terhorst");

        // ADMIN only, a reason required, only a caseworker of the pilot, once
        String erase = "/api/pilots/" + pilot + "/caseworkers/" + caseworker + "/erase";
        assertThat(api.postJson("steward", erase, "{\"reason\":\"left\"}").status()).isEqualTo(403);
        assertThat(api.postJson("admin", erase, "{}").status()).isEqualTo(422);
        assertThat(api.postJson("admin", "/api/pilots/" + pilot + "/caseworkers/" + caseworker + "x/erase",
                "{\"reason\":\"left\"}").status()).isEqualTo(404);
        Api.Response erased = api.postJson("admin", erase, "{\"reason\":\"left the jobcenter, asked for it\"}");
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().get("erased").asBoolean()).isTrue();
        assertThat(personalData.open(subject, "name", sealed).erased()).isTrue();
        Api.Response again = api.postJson("admin", erase, "{\"reason\":\"again\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        String at = erased.raw().headers().firstValue("Registry-Position").orElseThrow();
        Map<String, Object> event = jdbc.queryForMap("select convert_from(payload, 'UTF8') as payload, payloadtype "
                + "from domainevententry where globalindex = ?", Long.parseLong(at));
        assertThat(event.get("payloadtype")).isEqualTo("de.pilotregistry.privacy.CaseworkerErased");
        assertThat((String) event.get("payload")).doesNotContain("jobcenter").contains("\"reason\":\"v1:");
        // their name cannot be recorded again, in no pilot
        Api.Response registeredAgain = api.postJson("admin", "/api/pilots/" + definePilot(5) + "/caseworkers",
                register);
        assertThat(registeredAgain.status()).as(registeredAgain.toString()).isEqualTo(409);
        assertThat(api.get("admin", "/api/pilots/" + pilot + "?minPosition=" + at).body()).doesNotContain("Terhorst");
    }

    @Test
    void givenAnotherMasterKeyFile_whenANodeStarts_thenItIsRefused(@TempDir Path elsewhere) {
        assertThat(PersonalData.withMasterKeyFile(jdbc, Path.of(dataDir, "master-key")).isTheDatabasesMasterKey())
                .isTrue();
        assertThat(new PersonalData(jdbc, SealedValues.newKey()).isTheDatabasesMasterKey()).isFalse();
        assertThatThrownBy(() -> PersonalData.withMasterKeyFile(jdbc, elsewhere.resolve("master-key")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("every node of a registry must use");
    }

    /** Customer numbers as the BA writes them (10 characters), for every second person; the others have none. */
    private static Map<String, String> customerNumbers(String prefix) {
        Random random = new Random();
        Map<String, String> numbers = new LinkedHashMap<>();
        for (int i = 0; i < PERSONS; i += 2) {
            numbers.put(prefix + String.format("%06d", i), String.format("%03dD%06d", random.nextInt(1000),
                    random.nextInt(1_000_000)));
        }
        return numbers;
    }


    /** The stored bytes (hex) of every event that names the person: population records, the draw, their case file. */
    private Map<Long, String> storedEventsOf(String pilot, String person) {
        Map<Long, String> stored = new LinkedHashMap<>();
        jdbc.query("select globalindex, payload, metadata from domainevententry where aggregateidentifier in (?, ?, ?) "
                        + "order by globalindex", rs -> {
                    stored.put(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2)) + "/"
                            + HexFormat.of().formatHex(rs.getBytes(3)));
                }, pilot, "population@" + pilot, person);
        assertThat(stored).isNotEmpty();
        return stored;
    }

    private static String unzipped(byte[] zip) {
        StringBuilder text = new StringBuilder();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                text.append(entry.getName()).append('\n')
                        .append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(text).contains("persons.csv");
        return text.toString();
    }

}
