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
 * Central) with a persistent data directory, so a fresh machine needs nothing but Java. It runs as durably as a
 * production server (zonky's defaults turn fsync off), accepts only password logins (zonky's initdb trusts every
 * local user), and is stopped by Spring after everything that uses it, never by a shutdown hook of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    static final String SUPERUSER = "postgres";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${registry.data-dir}") Path dataDir,
                                      @Value("${registry.embedded.synchronous-commit}") String synchronousCommit)
            throws IOException {
        Path registryDir = dataDir.toAbsolutePath().normalize();
        Path pgData = registryDir.resolve("postgres");
        Files.createDirectories(pgData);
        // Safe only because this process holds the data directory's lock (DataDirectoryLock): a server left
        // running here belongs to a registry that is gone.
        StaleServer.shutDownIfLeftRunning(pgData);
        DatabasePassword password = DatabasePassword.in(registryDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // Spring stops it last (destroyMethod), after the pool; zonky's hook would stop it first.
                .setRegisterShutdownHook(false)
                // zonky passes -F (fsync off) and turns synchronous_commit off: an acknowledged event must
                // survive a crash and a power cut. Later options win over -F.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", synchronousCommit)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "100");
        return password.startWith(builder, pgData);
    }

    /** zonky's own DataSource opens a connection per use; a pool is 30 times faster (STACK-NOTES). */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres, @Value("${registry.data-dir}") Path dataDir)
            throws IOException {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl(SUPERUSER, "postgres"));
        dataSource.setUsername(SUPERUSER);
        dataSource.setPassword(DatabasePassword.in(dataDir.toAbsolutePath().normalize()).read());
        return dataSource;
    }
}
