package de.pilotregistry.app.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
    /**
     * The role the application's pool connects as: it may not change or remove stored events (privileges, set after
     * every migration by {@code afterMigrate__application_role.sql}); Flyway migrates as the superuser.
     */
    static final String APPLICATION = "registry_app";

    /**
     * The running server. Stopped after the pool (the pool depends on it): it first waits, briefly, until the pool's
     * connections have really gone (Hikari closes them in the background), so the fast shutdown finds no client
     * to terminate and logs no FATAL line.
     */
    record EmbeddedServer(EmbeddedPostgres postgres, String password) implements AutoCloseable {

        private static final long CLIENTS_GONE_MILLIS = 5_000;

        @Override
        public void close() throws Exception {
            try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(SUPERUSER, "postgres"),
                    SUPERUSER, password); Statement statement = connection.createStatement()) {
                long deadline = System.currentTimeMillis() + CLIENTS_GONE_MILLIS;
                while (System.currentTimeMillis() < deadline && clients(statement) > 0) {
                    Thread.sleep(20);
                }
            } catch (SQLException unreachable) {
                // nothing to wait for
            }
            postgres.close();
        }

        private static long clients(Statement statement) throws SQLException {
            try (ResultSet count = statement.executeQuery("select count(*) from pg_stat_activity "
                    + "where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedServer embeddedPostgres(@Value("${registry.data-dir}") Path dataDir,
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
        EmbeddedServer server = new EmbeddedServer(password.startWith(builder, pgData), password.read());
        createApplicationRole(server);
        return server;
    }

    /** The application's role, with the same generated password (local logins only; the file is 0600). */
    private static void createApplicationRole(EmbeddedServer server) {
        try (Connection connection = DriverManager.getConnection(server.postgres().getJdbcUrl(SUPERUSER, "postgres"),
                SUPERUSER, server.password()); Statement statement = connection.createStatement()) {
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + APPLICATION
                    + "') then create role " + APPLICATION + " login; end if; end $$");
            // hex digits only (DatabasePassword): nothing to escape
            statement.execute("alter role " + APPLICATION + " password '" + server.password() + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the application's database role", e);
        }
    }

    @Bean
    FlywayConfigurationCustomizer migrateAsSuperuser(EmbeddedServer server) {
        return configuration -> configuration.dataSource(server.postgres().getJdbcUrl(SUPERUSER, "postgres"),
                SUPERUSER, server.password());
    }

    /** zonky's own DataSource opens a connection per use; a pool is 30 times faster (STACK-NOTES). */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedServer server) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.postgres().getJdbcUrl(APPLICATION, "postgres"));
        dataSource.setUsername(APPLICATION);
        dataSource.setPassword(server.password());
        return dataSource;
    }
}
