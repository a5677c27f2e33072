package de.pilotregistry.app.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Without {@code SPRING_DATASOURCE_URL} the registry brings its own PostgreSQL (zonky binaries from Maven
 * Central) with a persistent data directory, so a fresh machine needs nothing but Java.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${registry.data-dir}") Path dataDir,
                                      @Value("${registry.embedded.synchronous-commit}") String synchronousCommit)
            throws IOException {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(pgData);
        StaleServer.shutDownIfLeftRunning(pgData);
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // zonky turns synchronous_commit off; an acknowledged event must survive a crash.
                .setServerConfig("synchronous_commit", synchronousCommit)
                .setServerConfig("max_connections", "100")
                .start();
    }

    /** zonky's own DataSource opens a connection per use; a pool is 30 times faster (STACK-NOTES). */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        return dataSource;
    }
}
