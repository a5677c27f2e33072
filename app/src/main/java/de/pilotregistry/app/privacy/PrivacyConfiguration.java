package de.pilotregistry.app.privacy;

import de.pilotregistry.platform.PersonalData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;

/**
 * Personal data sealed under subject keys (docs/data-protection.md), for both sides: the master key file
 * {@code registry.privacy.master-key} (default {@code <data dir>/master-key}), created at the first start with mode 0600.
 * Every node of a registry must use the same file.
 */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    @Bean
    PersonalData personalData(JdbcTemplate jdbc,
                              @Value("${registry.privacy.master-key:${registry.data-dir}/master-key}") Path masterKey) {
        return PersonalData.withMasterKeyFile(jdbc, masterKey);
    }
}
