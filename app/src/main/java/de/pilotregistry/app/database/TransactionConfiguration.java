package de.pilotregistry.app.database;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import de.pilotregistry.platform.CommitOutcomeUnknown;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import javax.sql.DataSource;

/**
 * Every unit of work of Axon (command handling with its event append, each projection batch with its token)
 * runs in one database transaction. Axon 4.13's auto-configuration orders itself after Spring Boot 3's
 * class names; on Spring Boot 4 it ran before the transaction manager existed and fell back to no
 * transactions at all: appends committed statement by statement and the append lock was released at once.
 * So both managers are declared here, explicitly.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    /**
     * A commit that loses its connection is in doubt, not failed: it fails with {@link CommitOutcomeUnknown}, which is
     * answered as such, instead of the translated "resource failure" that reads as "nothing was stored".
     */
    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                try {
                    super.doCommit(status);
                } catch (RuntimeException e) {
                    if (CommitOutcomeUnknown.isConnectionLoss(e)) {
                        throw new CommitOutcomeUnknown(e);
                    }
                    throw e;
                }
            }
        };
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }
}
