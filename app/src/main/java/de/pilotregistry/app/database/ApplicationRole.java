package de.pilotregistry.app.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells the migrations which role the application's pool uses ({@code ${appRole}}): when Flyway migrates as another
 * user (the embedded server's superuser, or {@code spring.flyway.user} on an external server), the callback
 * {@code afterMigrate__application_role.sql} takes UPDATE, DELETE and TRUNCATE on the event table from that role.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationRole {

    @Bean
    FlywayConfigurationCustomizer applicationRolePlaceholder(HikariDataSource dataSource) {
        return configuration -> {
            Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
            placeholders.put("appRole", dataSource.getUsername() == null ? "" : dataSource.getUsername());
            configuration.placeholders(placeholders);
        };
    }
}
