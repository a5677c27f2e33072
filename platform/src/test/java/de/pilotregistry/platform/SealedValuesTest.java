package de.pilotregistry.platform;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealedValuesTest {

    private final byte[] key = SealedValues.newKey();
    private final String subject = PersonalData.person("P-000001");

    @Test
    void aSealedValueOpensWithItsKeySubjectAndField() {
        String sealed = PersonalData.seal(key, subject, "customerNumber", "123D456789");
        assertThat(sealed).startsWith("v1:").doesNotContain("123D456789");
        assertThat(PersonalData.open(key, subject, "customerNumber", sealed))
                .isEqualTo(new PersonalData.Opened("123D456789", false));
        // a fresh IV every time: equal values are not recognisable as equal
        assertThat(PersonalData.seal(key, subject, "customerNumber", "123D456789")).isNotEqualTo(sealed);
    }

    @Test
    void aChangedByteFailsTheTag() {
        String sealed = PersonalData.seal(key, subject, "customerNumber", "123D456789");
        String[] parts = sealed.split(":");
        byte[] ciphertext = Base64.getUrlDecoder().decode(parts[2]);
        ciphertext[0] ^= 1;
        String tampered = parts[0] + ":" + parts[1] + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
        assertThatThrownBy(() -> PersonalData.open(key, subject, "customerNumber", tampered))
                .isInstanceOf(SealedValues.Tampered.class);
        assertThatThrownBy(() -> PersonalData.open(key, subject, "customerNumber", "v2:" + sealed.substring(3)))
                .isInstanceOf(SealedValues.Tampered.class);
        assertThatThrownBy(() -> PersonalData.open(key, subject, "customerNumber", "garbage"))
                .isInstanceOf(SealedValues.Tampered.class);
    }

    @Test
    void anotherSubjectFieldOrKeyFails() {
        String sealed = PersonalData.seal(key, subject, "customerNumber", "123D456789");
        assertThatThrownBy(() -> PersonalData.open(key, PersonalData.person("P-000002"), "customerNumber", sealed))
                .isInstanceOf(SealedValues.Tampered.class);
        assertThatThrownBy(() -> PersonalData.open(key, subject, "household", sealed))
                .isInstanceOf(SealedValues.Tampered.class);
        assertThatThrownBy(() -> PersonalData.open(SealedValues.newKey(), subject, "customerNumber", sealed))
                .isInstanceOf(SealedValues.Tampered.class);
    }

    @Test
    void withoutItsKeyAValueIsErased() {
        String sealed = PersonalData.seal(key, subject, "customerNumber", "123D456789");
        assertThat(PersonalData.open(null, subject, "customerNumber", sealed))
                .isEqualTo(new PersonalData.Opened(null, true));
    }

    @Test
    void sealedValuesAreToldApartFromThePlainValuesOfEarlierRevisions() {
        String sealed = PersonalData.seal(key, subject, "monthlyWage", "2345.67");
        assertThat(SealedValues.isSealed(sealed)).isTrue();
        assertThat(SealedValues.isSealed(PersonalData.seal(key, subject, "reason", ""))).isTrue();
        for (String plain : new String[]{"2345.67", "v1: a reason that starts like a sealed value", "", "v1:abc:def"}) {
            assertThat(SealedValues.isSealed(plain)).as(plain).isFalse();
            assertThat(PersonalData.openStored(key, subject, "reason", plain)).isEqualTo(new PersonalData.Opened(plain,
                    false));
        }
        assertThat(PersonalData.openStored(key, subject, "monthlyWage", sealed).value()).isEqualTo("2345.67");
        assertThat(PersonalData.openStored(null, subject, "monthlyWage", sealed).erased()).isTrue();
        assertThat(PersonalData.openStored(key, subject, "monthlyWage", null)).isNull();
    }
}
