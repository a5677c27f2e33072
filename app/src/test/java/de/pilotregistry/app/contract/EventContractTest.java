package de.pilotregistry.app.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import de.pilotregistry.app.database.PublishedEventSerializer;
import de.pilotregistry.shared.EventTypes;
import de.pilotregistry.platform.SealedValues;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published event contract. Every event's JSON is pinned in {@code shared/src/test/resources/contract/
 * <published name>.r<revision>.json}: a change of shape fails here until it is deliberate (a new {@code @Revision},
 * a new file, an upcaster for the old one). Files of earlier revisions stay and must still read.
 */
class EventContractTest {

    static final Path CATALOG = Path.of("..", "docs", "asyncapi.yaml");
    static final Path CONTRACT = Path.of("..", "shared", "src", "test", "resources", "contract");
    /** Amounts exactly as written ({@code 2100.00}, not {@code 2100.0}). */
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final PublishedEventSerializer serializer = PublishedEventSerializer.create();

    /** Every class of the published contract that Axon stores as an event (it carries a revision). */
    static Set<Class<?>> eventClassesInCode() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("de.pilotregistry.shared").stream()
                .filter(type -> type.isAnnotatedWith(Revision.class))
                .map(JavaClass::reflect).collect(Collectors.toSet());
    }

    @Test
    void everyEventInTheCodeHasAPublishedNameAndASample() {
        Set<Class<?>> named = EventTypes.ALL.stream().map(EventTypes.EventType::eventClass).collect(Collectors.toSet());
        assertThat(named).containsExactlyInAnyOrderElementsOf(eventClassesInCode());
        assertThat(ContractSamples.ALL.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(named);
        assertThat(EventTypes.ALL).allSatisfy(type -> {
            assertThat(type.name()).startsWith("de.pilotregistry.").doesNotContain(".shared.");
            assertThat(type.revision()).isNotBlank();
        });
    }

    @Test
    void newEventsAreStoredUnderTheirPublishedNameWithIsoDates() {
        SerializedObject<byte[]> stored = serializer.serialize(new JobStarted(ContractSamples.PERSON,
                LocalDate.of(2011, 3, 1), null, null, ContractSamples.SEALED, null, null), byte[].class);
        assertThat(stored.getType().getName()).isEqualTo("de.pilotregistry.casefile.JobStarted");
        assertThat(stored.getType().getRevision()).isEqualTo("2");
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).contains("\"effectiveDate\":\"2011-03-01\"");
        String exported = new String(serializer.serialize(new DataExported(ContractSamples.PILOT, "evaluator",
                LocalDate.of(2011, 3, 1), Instant.parse("2012-03-01T10:15:30.123456Z"), List.of(), 0, 0),
                byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(exported).contains("\"knownAt\":\"2012-03-01T10:15:30.123456Z\"");
    }

    /** As events were stored before the published names: Java class name, dates as arrays, instants as decimals. */
    @Test
    void oldStoredPayloadsStillRead() {
        JobStarted job = serializer.deserialize(new SimpleSerializedObject<>("""
                {"person":"P-000001","effectiveDate":[2011,3,1],"employmentType":"FULL_TIME","weeklyHours":39.5,
                 "monthlyWage":2100.00,"sourceId":"src-2","corrects":null}""".getBytes(StandardCharsets.UTF_8),
                byte[].class, "de.pilotregistry.shared.casefile.JobStarted", "1"));
        assertThat(job.effectiveDate()).isEqualTo(LocalDate.of(2011, 3, 1));
        // revision 1 holds the wage in plain, as a JSON number: it reads as its decimal text (not sealed)
        assertThat(job.monthlyWage()).isEqualTo("2100.00");
        assertThat(SealedValues.isSealed(job.monthlyWage())).isFalse();
        FactRetracted retracted = serializer.deserialize(new SimpleSerializedObject<>("""
                {"person":"P-000001","corrects":"e-0","reason":"recorded for the wrong person","sourceId":"s"}"""
                .getBytes(StandardCharsets.UTF_8), byte[].class, "de.pilotregistry.casefile.FactRetracted", "1"));
        assertThat(retracted.reason()).isEqualTo("recorded for the wrong person");
        assertThat(SealedValues.isSealed(retracted.reason())).isFalse();
        DataExported exported = serializer.deserialize(new SimpleSerializedObject<>("""
                {"pilotId":"p","exportedBy":"evaluator","validAt":[2011,3,1],"knownAt":1330596930.123456000,
                 "files":["cohort.csv"],"persons":1,"facts":2}""".getBytes(StandardCharsets.UTF_8),
                byte[].class, "de.pilotregistry.shared.audit.DataExported", "1"));
        assertThat(exported.knownAt()).isEqualTo(Instant.parse("2012-03-01T10:15:30.123456Z"));
        // GroupsDrawn revision 1 (before exclusions) under its Java name
        GroupsDrawn drawn = serializer.deserialize(new SimpleSerializedObject<>("""
                {"pilotId":"p","seed":"00","algorithm":"a","participants":["P-1"],"comparison":["P-2"],"strata":[],
                 "effectiveDate":[2011,3,1]}""".getBytes(StandardCharsets.UTF_8),
                byte[].class, "de.pilotregistry.shared.pilot.GroupsDrawn", "1"));
        assertThat(drawn.excluded()).isEmpty();
        assertThat(serializer.classForType(serializer.typeForClass(GroupsDrawn.class))).isEqualTo(GroupsDrawn.class);
        // PopulationMemberRecorded revision 1 (before customer numbers): none
        PopulationMemberRecorded member = serializer.deserialize(new SimpleSerializedObject<>("""
                {"pilotId":"p","person":"P-1","sex":"FEMALE","birthMonth":[1970,5],"ageClass":"FROM_25_TO_49",
                 "applicantType":"MARKET","monthsInReceiptOfLast24":24,"marginalEmployment":false,
                 "monthlyClaim":812.50,"household":"H-1","eligible":true,"effectiveDate":[2011,3,1]}"""
                .getBytes(StandardCharsets.UTF_8), byte[].class,
                "de.pilotregistry.shared.pilot.PopulationMemberRecorded", "1"));
        assertThat(member.customerNumber()).isNull();
        assertThat(member.household()).isEqualTo("H-1");
    }

    @Test
    void everyEventMatchesItsPinnedContract() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Object sample : ContractSamples.ALL) {
            EventTypes.EventType type = EventTypes.of(sample.getClass()).orElseThrow();
            Path pinned = CONTRACT.resolve(type.name() + ".r" + type.revision() + ".json");
            JsonNode actual = PRETTY.readTree(serializer.serialize(sample, byte[].class).getData());
            if (!Files.exists(pinned)) {
                Files.createDirectories(CONTRACT);
                Files.writeString(pinned, PRETTY.writeValueAsString(actual) + "\n");
                problems.add(pinned + " was missing and is written now: review it and commit it");
            } else if (!PRETTY.readTree(Files.readString(pinned)).equals(actual)) {
                problems.add(type.name() + " revision " + type.revision() + " no longer has the pinned shape of "
                        + pinned + ":\n" + PRETTY.writeValueAsString(actual) + "\nA deliberate change needs a new "
                        + "@Revision, its own contract file and an upcaster for the events stored before.");
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * docs/asyncapi.yaml lists every event type of the code under its published name and revision, and every field
     * of its pinned JSON in its schema.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theCatalogListsEveryEventTypeAndField() throws IOException {
        Map<String, Object> catalog = new Yaml().load(Files.readString(CATALOG));
        assertThat(catalog.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> components = (Map<String, Object>) catalog.get("components");
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>) components.get("messages");
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>) components.get("schemas");
        Map<String, String> revisionByName = new TreeMap<>();
        Map<String, String> schemaByName = new TreeMap<>();
        messages.values().forEach(message -> {
            revisionByName.put((String) message.get("name"), (String) message.get("x-revision"));
            String ref = (String) ((Map<String, Object>) message.get("payload")).get("$ref");
            schemaByName.put((String) message.get("name"), ref.substring(ref.lastIndexOf('/') + 1));
        });
        Map<String, String> inCode = new TreeMap<>();
        for (Class<?> eventClass : eventClassesInCode()) {
            EventTypes.EventType type = EventTypes.of(eventClass).orElseThrow();
            inCode.put(type.name(), type.revision());
        }
        assertThat(revisionByName).isEqualTo(inCode);
        for (Object sample : ContractSamples.ALL) {
            String name = EventTypes.of(sample.getClass()).orElseThrow().name();
            Map<String, Object> properties = (Map<String, Object>) schemas.get(schemaByName.get(name)).get("properties");
            Set<String> fields = new TreeSet<>();
            PRETTY.readTree(serializer.serialize(sample, byte[].class).getData()).fieldNames().forEachRemaining(fields::add);
            assertThat(properties.keySet()).as(name).containsAll(fields);
        }
    }

    /** Every pinned file, of the current revision or an earlier one, still reads into the current class. */
    @Test
    void everyPinnedRevisionStillReads() throws IOException {
        Set<String> files = new TreeSet<>();
        try (var listing = Files.list(CONTRACT)) {
            listing.forEach(file -> files.add(file.getFileName().toString()));
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(EventTypes.ALL.size());
        for (String file : files) {
            String name = file.substring(0, file.lastIndexOf(".r"));
            String revision = file.substring(file.lastIndexOf(".r") + 2, file.length() - ".json".length());
            Object read = serializer.deserialize(new SimpleSerializedObject<>(Files.readAllBytes(CONTRACT.resolve(file)),
                    byte[].class, name, revision));
            assertThat(read).as(file).isInstanceOf(EventTypes.ofStoredName(name).orElseThrow().eventClass());
        }
    }
}
