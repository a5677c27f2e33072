package de.pilotregistry.app.contract;

import de.pilotregistry.shared.audit.DataExported;
import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.FactRetracted;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.ApplicantType;
import de.pilotregistry.shared.codes.AssignmentEndReason;
import de.pilotregistry.shared.codes.BenefitChangeReason;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.EmploymentType;
import de.pilotregistry.shared.codes.ExitReason;
import de.pilotregistry.shared.codes.JobEndReason;
import de.pilotregistry.shared.codes.Sex;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.delivery.DeliveryRecorded;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.DrawExclusion;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.pilot.StratumAllocation;
import de.pilotregistry.shared.privacy.CaseworkerErased;
import de.pilotregistry.shared.privacy.PersonErased;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/** One instance of every published event, every field set: what the contract files pin. */
final class ContractSamples {

    static final PilotId PILOT = PilotId.of("3f1c2a9e-7a51-4c1b-9a37-1d2e4f5a6b7c");
    static final Pseudonym PERSON = Pseudonym.of("P-000001");
    static final LocalDate DAY = LocalDate.of(2011, 3, 1);
    /** A sealed value as stored: version, base64url IV (12 bytes), base64url ciphertext with tag (not a real one). */
    static final String SEALED = "v1:AAECAwQFBgcICQoL:Y2lwaGVydGV4dCBhbmQgdGFnIGhlcmU";

    static final List<Object> ALL = List.of(
            new PilotDefined(PILOT, "Bocholt 2011", "Kreis Borken", "Bocholt", DAY, LocalDate.of(2012, 2, 29), 50,
                    150, new Eligibility(21, false), List.of(StratumVariable.values()),
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", DAY),
            new PopulationMemberRecorded(PILOT, PERSON, Sex.FEMALE, YearMonth.of(1970, 5), AgeClass.values()[0],
                    ApplicantType.MARKET, 24, true, new BigDecimal("812.50"), "H-000001", true, DAY,
                    SEALED),
            new GroupsDrawn(PILOT, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                    "stratified-sha256-v1", List.of(PERSON), List.of(Pseudonym.of("P-000002")),
                    List.of(new StratumAllocation(Map.of(StratumVariable.SEX, "FEMALE"), 4, 1, 1)), DAY,
                    List.of(new DrawExclusion(Pseudonym.of("P-000003"), PilotId.of("other-pilot")))),
            new CaseworkerRegistered(PILOT, CaseworkerId.of("caseworker1"), SEALED, DAY),
            new ParticipantAssigned(PILOT, PERSON, CaseworkerId.of("caseworker2"), CaseworkerId.of("caseworker1"), DAY),
            new AssignmentEnded(PILOT, PERSON, CaseworkerId.of("caseworker1"), DAY, LocalDate.of(2011, 6, 30),
                    AssignmentEndReason.CASEWORKER_CHANGE),
            new ContactRecorded(PERSON, DAY, ContactChannel.IN_PERSON, ContactOutcome.ATTENDED, "src-1", "e-0"),
            new JobStarted(PERSON, DAY, EmploymentType.FULL_TIME, new BigDecimal("39.5"), SEALED, "src-2", "e-0"),
            new JobEnded(PERSON, DAY, JobEndReason.EMPLOYEE_NOTICE, "src-3", "e-0"),
            new BenefitChanged(PERSON, DAY, new BigDecimal("400.00"), BenefitChangeReason.EARNED_INCOME, "src-4",
                    "e-0"),
            new BenefitReceiptExited(PERSON, DAY, ExitReason.EMPLOYMENT, "src-5", "e-0"),
            new BenefitReceiptReentered(PERSON, DAY, new BigDecimal("812.50"), "src-6", "e-0"),
            new FactRetracted(PERSON, "e-0", SEALED, "src-7"),
            new DeliveryRecorded("d-1", DeliveryRecorded.Kind.FACTS, PILOT, "Lieferung 2011-04", 10, 7, 2, 1),
            new DataExported(PILOT, "evaluator", DAY, Instant.parse("2012-03-01T10:15:30.123456Z"),
                    List.of("cohort.csv", "facts.csv"), 100, 2000),
            new PersonErased(PERSON, "admin", "v1:cXJzdHV2d3h5ejAx:c2VhbGVkIHJlYXNvbiB3aXRoIHRhZw"),
            new CaseworkerErased(PILOT, CaseworkerId.of("caseworker1"), "admin", SEALED));

    private ContractSamples() {
    }
}
